"""Hypothesis with extreme values: gradient descent is finite or reports divergence.

Whatever finite numbers come in (tiny, huge, subnormal, negative), every point of the path
is finite and a run that stops early says it diverged. (The API's side: tests/web.)
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnguide.core import Objective, descend, get_loss

EXTREME = st.one_of(
    st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, -0.0, 5e-324, -5e-324, 1e-300, 1e12, -1e12, 9.99e11]),
)
RATE = st.one_of(st.floats(1e-300, 1e6), st.sampled_from([1e-300, 1e-12, 1.0, 1e3, 1e6]))
SETTINGS = settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


@SETTINGS
@given(
    X=st.lists(st.lists(EXTREME, min_size=2, max_size=2), min_size=2, max_size=6),
    y=st.lists(EXTREME, min_size=6, max_size=6),
    w=st.lists(EXTREME, min_size=2, max_size=2),
    b=EXTREME,
    lr=RATE,
    steps=st.integers(1, 50),
)
def test_descend_is_finite_or_reports_divergence(
    X: list[list[float]], y: list[float], w: list[float], b: float, lr: float, steps: int
) -> None:
    Xa = np.asarray(X)
    objective = Objective(Xa, np.asarray(y[: len(X)])[:, None], get_loss("mse", "regression"))
    with np.errstate(all="ignore"):
        result = descend(
            objective, [np.asarray(w)[:, None], np.array([b])], steps=steps, learning_rate=lr
        )
    assert 0 <= result.steps <= steps
    if result.steps < steps:
        assert result.diverged
    for snap in result.snapshots:
        assert np.isfinite(snap.loss) and snap.loss >= 0
        assert all(np.all(np.isfinite(p)) for p in snap.params)
