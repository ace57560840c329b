"""Hypothesis with extreme values through the API: strict JSON, a 200 or a one-line 422.

Whatever finite numbers come in (tiny, huge, subnormal, negative), NaN or Infinity never
comes out. (The core's side: tests/core/test_extreme_values.py.)
"""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXTREME = st.one_of(
    st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, -0.0, 5e-324, -5e-324, 1e-300, 1e12, -1e12, 9.99e11]),
)
RATE = st.one_of(st.floats(1e-300, 1e6), st.sampled_from([1e-300, 1e-12, 1.0, 1e3, 1e6]))
SETTINGS = settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


def _strict(text: str) -> Any:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in a response")

    return json.loads(text, parse_constant=refuse)


@SETTINGS
@given(
    w=EXTREME,
    b=EXTREME,
    lr_w=RATE,
    lr_b=RATE,
    steps=st.integers(1, 200),
    standardize=st.booleans(),
)
def test_train_api_with_extreme_values(
    client: TestClient,
    w: float,
    b: float,
    lr_w: float,
    lr_b: float,
    steps: int,
    standardize: bool,
) -> None:
    body = {
        "weights": [w],
        "bias": b,
        "learning_rate_weights": lr_w,
        "learning_rate_bias": lr_b,
        "steps": steps,
        "standardize": standardize,
    }
    response = client.post("/api/regression/train", json=body)
    assert response.status_code in (200, 422), response.text
    payload = _strict(response.text)
    if response.status_code == 200:
        assert 0 <= payload["steps_taken"] <= steps
        assert payload["diverged"] or payload["steps_taken"] == steps
    else:
        assert payload["detail"] and "\n" not in payload["detail"]


@SETTINGS
@given(values=st.lists(EXTREME, min_size=1, max_size=20))
def test_softmax_api_with_extreme_values(client: TestClient, values: list[float]) -> None:
    response = client.post("/api/softmax", json={"values": values})
    assert response.status_code == 200, response.text
    probabilities = _strict(response.text)["probabilities"]
    assert abs(sum(probabilities) - 1) < 1e-9 and min(probabilities) >= 0
