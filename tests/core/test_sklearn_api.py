"""The estimators are real scikit-learn estimators: clone, pipelines, search, common checks.

scikit-learn is only a test dependency; ``test_nnguide_imports_without_scikit_learn`` checks
that the library itself never needs it.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest
from sklearn.base import clone, is_classifier, is_regressor
from sklearn.exceptions import NotFittedError as SkNotFittedError
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from nnguide.core import (
    LinearRegressor,
    MLPClassifier,
    MLPRegressor,
    NotFittedError,
    SoftmaxClassifier,
)
from nnguide.data import load_dataset

ESTIMATORS = [
    LinearRegressor(),
    LinearRegressor(solver="gd"),
    SoftmaxClassifier(),
    MLPRegressor(),
    MLPClassifier(),
    MLPClassifier(hidden_layer_sizes=(4, 3), activation="tanh", batch_size=16, max_steps=400),
]

# Every common check passes. One we could not pass would be named here with a one-line
# reason; scikit-learn then marks it as an expected failure (xfail). Two kinds of check are
# skipped by scikit-learn itself, with its reason in the test report: the pandas ones when
# pandas is not installed, and the array-API one unless SCIPY_ARRAY_API is set.
EXPECTED_FAILED: dict[str, str] = {}


with warnings.catch_warnings():  # "... does not inherit from BaseEstimator": by design
    warnings.simplefilter("ignore", UserWarning)
    _common_checks = parametrize_with_checks(
        ESTIMATORS, expected_failed_checks=lambda est: EXPECTED_FAILED
    )


@_common_checks
def test_scikit_learn_common_checks(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "does not inherit from BaseEstimator"
        check(estimator)


@pytest.fixture(scope="module")
def labelled():
    return load_dataset("houses-labelled").select()


@pytest.fixture(scope="module")
def portland():
    return load_dataset("portland").select()


@pytest.mark.parametrize(
    "estimator",
    [
        LinearRegressor(solver="gd", learning_rate=0.2, max_steps=50, random_state=3),
        SoftmaxClassifier(classes=["Good", "Bad"], loss="mse", max_steps=7),
        MLPClassifier(hidden_layer_sizes=(3,), activation="tanh", random_state=0),
        MLPRegressor(hidden_layer_sizes=(8, 4), standardize="shared"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_clone_and_params_round_trip(estimator):
    params = estimator.get_params()
    copy = clone(estimator)
    assert type(copy) is type(estimator) and copy is not estimator
    assert copy.get_params() == params
    assert estimator.set_params(**params) is estimator
    assert "max_steps=" in repr(estimator) or "max_steps" not in repr(type(estimator))
    with pytest.raises(ValueError, match="unknown parameter 'momentum'"):
        estimator.set_params(momentum=0.9)


def test_hyperparameters_are_stored_unchanged():
    sizes, classes = (5, 2), ["b", "a"]
    model = MLPClassifier(hidden_layer_sizes=sizes, classes=classes)
    assert model.hidden_layer_sizes is sizes and model.classes is classes
    assert repr(model) == "MLPClassifier(classes=['b', 'a'], hidden_layer_sizes=(5, 2))"
    assert repr(LinearRegressor()) == "LinearRegressor()"


def test_estimator_types():
    assert is_regressor(LinearRegressor()) and is_regressor(MLPRegressor())
    assert is_classifier(SoftmaxClassifier()) and is_classifier(MLPClassifier())


NOT_FITTED = [
    (estimator, method)
    for estimator in (LinearRegressor(), SoftmaxClassifier(), MLPRegressor(), MLPClassifier())
    for method in ("predict", "score", "params_")
    + (
        ("predict_proba", "predict_log_proba", "decision_function")
        if is_classifier(estimator)
        else ()
    )
    + (("coef_", "weights_") if isinstance(estimator, LinearRegressor | SoftmaxClassifier) else ())
]


@pytest.mark.parametrize(
    ("estimator", "method"), NOT_FITTED, ids=[f"{type(e).__name__}-{m}" for e, m in NOT_FITTED]
)
def test_use_before_fit_raises_not_fitted(estimator, method):
    X = np.ones((2, 3))
    with pytest.raises(NotFittedError) as info:
        if method.endswith("_"):
            getattr(estimator, method)
        elif method == "score":
            estimator.score(X, [0, 1])
        else:
            getattr(estimator, method)(X)
    # ...which scikit-learn's handlers catch too, and so does code expecting either base.
    assert isinstance(info.value, SkNotFittedError)
    assert isinstance(info.value, ValueError) and isinstance(info.value, AttributeError)
    assert "not fitted yet" in str(info.value)
    assert not hasattr(estimator, "coefs_") and not hasattr(estimator, "n_iter_")


def test_binary_decision_function_is_one_column(labelled):
    model = SoftmaxClassifier(max_steps=200).fit(labelled.X, labelled.y)
    d = model.decision_function(labelled.X)
    assert d.shape == (10,)
    # The second class's log-odds against the first: positive means the second class.
    assert model.classes_.tolist() == ["Bad", "Good"]
    np.testing.assert_array_equal(np.where(d > 0, "Good", "Bad"), model.predict(labelled.X))
    p = model.predict_proba(labelled.X)
    np.testing.assert_allclose(d, np.log(p[:, 1] / p[:, 0]), rtol=1e-9)
    np.testing.assert_allclose(model.predict_log_proba(labelled.X), np.log(p), atol=1e-12)
    three = SoftmaxClassifier(max_steps=5).fit(labelled.X, np.arange(10) % 3)
    assert three.decision_function(labelled.X).shape == (10, 3)


def test_pipeline_cross_validation_and_grid_search(portland, labelled):
    pipe = make_pipeline(
        StandardScaler(), LinearRegressor(solver="gd", standardize=False, max_steps=300)
    )
    scores = cross_val_score(pipe, portland.X, portland.y, cv=5)
    assert scores.shape == (5,) and np.all(np.isfinite(scores)) and scores.mean() > 0.3
    exact = cross_val_score(LinearRegressor(), portland.X, portland.y, cv=5)
    np.testing.assert_allclose(scores, exact, atol=1e-6)  # GD converged to the same line
    search = GridSearchCV(
        make_pipeline(StandardScaler(), SoftmaxClassifier(standardize=False)),
        {"softmaxclassifier__learning_rate": [0.01, 1.0], "softmaxclassifier__max_steps": [5, 500]},
        cv=2,
    )
    search.fit(labelled.X, labelled.y)
    assert set(search.best_params_) == {
        "softmaxclassifier__learning_rate",
        "softmaxclassifier__max_steps",
    }
    assert 0.0 <= search.best_score_ <= 1.0
    assert search.best_estimator_.predict(labelled.X).shape == (10,)
    mlp = GridSearchCV(
        MLPClassifier(activation="tanh", random_state=0, max_steps=300),
        {"hidden_layer_sizes": [(2,), (4,)]},
        cv=2,
    ).fit(labelled.X, labelled.y)
    assert mlp.best_params_["hidden_layer_sizes"] in [(2,), (4,)]


def test_fitted_models_pickle(labelled):
    model = MLPClassifier(hidden_layer_sizes=(3,), activation="tanh", random_state=1)
    model.fit(labelled.X, labelled.y)
    again = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(again.predict_proba(labelled.X), model.predict_proba(labelled.X))


def test_nnguide_imports_without_scikit_learn():
    """With scikit-learn unimportable, the library still imports, trains and says 'not fitted'."""
    code = textwrap.dedent(
        """
        import sys

        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("sklearn", "scipy"):
                    raise ImportError(f"{name} is blocked in this test")

        sys.meta_path.insert(0, Block())
        import numpy as np
        import nnguide
        from nnguide.core import MLPClassifier, NotFittedError, SoftmaxClassifier

        model = MLPClassifier(hidden_layer_sizes=(3,), activation="tanh", random_state=0)
        try:
            model.predict(np.ones((1, 2)))
        except NotFittedError as e:
            assert type(e) is NotFittedError, type(e)
        X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
        model.fit(X, [0, 0, 1, 1])
        print(model.score(X, [0, 0, 1, 1]), model.get_params()["hidden_layer_sizes"])
        assert not any(m.split(".")[0] in ("sklearn", "scipy") for m in sys.modules)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[1] == "(3,)"
