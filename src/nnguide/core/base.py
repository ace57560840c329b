"""scikit-learn's estimator conventions, kept without needing scikit-learn installed.

* Hyperparameters are the keyword arguments of ``__init__``, stored unchanged;
  :meth:`Estimator.get_params` and :meth:`Estimator.set_params` read that
  signature, so ``sklearn.base.clone``, ``Pipeline`` and ``GridSearchCV`` work.
* Using a model before ``fit`` raises :class:`NotFittedError`, a ``ValueError``
  and an ``AttributeError`` like scikit-learn's (and, once scikit-learn has been
  imported, an instance of its ``NotFittedError`` too).
* ``__sklearn_tags__`` describes the estimator to scikit-learn; it imports
  scikit-learn only when scikit-learn itself asks, so ``import nnguide`` never does.
"""

from __future__ import annotations

import functools
import inspect
import sys
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike, NDArray


class NotFittedError(ValueError, AttributeError):
    """A model was asked for predictions or learned values before ``fit``."""


@functools.cache
def _with_sklearn_class(sk_error: type) -> type:
    return type("NotFittedError", (NotFittedError, sk_error), {"__module__": __name__})


def not_fitted(estimator: object) -> NotFittedError:
    """The error for using ``estimator`` before ``fit``, catchable as scikit-learn's too."""
    message = (
        f"This {type(estimator).__name__} instance is not fitted yet. Call 'fit' with "
        "appropriate arguments before using this estimator."
    )
    if "sklearn" in sys.modules:  # only someone who imported scikit-learn can catch its class
        try:
            from sklearn.exceptions import NotFittedError as SkNotFitted
        except ImportError:  # pragma: no cover - a broken install
            return NotFittedError(message)
        error: NotFittedError = _with_sklearn_class(SkNotFitted)(message)
        return error
    return NotFittedError(message)


class Estimator:
    """Parameter handling, ``repr`` and tags shared by every nnguide estimator."""

    _estimator_type: ClassVar[str] = ""
    _multi_output: ClassVar[bool] = False

    @classmethod
    def _param_names(cls) -> list[str]:
        names = []
        for p in inspect.signature(cls.__init__).parameters.values():
            if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                raise TypeError(f"{cls.__name__}.__init__ must name every hyperparameter")
            if p.name != "self":
                names.append(p.name)
        return sorted(names)

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The hyperparameters, as given to ``__init__`` or :meth:`set_params`."""
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params: Any) -> Estimator:
        """Change hyperparameters; checked only when ``fit`` runs, as in scikit-learn."""
        valid = self._param_names()
        for key, value in params.items():
            if key not in valid:
                raise ValueError(
                    f"unknown parameter {key!r} for {type(self).__name__}; "
                    f"valid parameters are: {', '.join(valid)}"
                )
            setattr(self, key, value)
        return self

    def __repr__(self) -> str:
        defaults = {
            p.name: p.default for p in inspect.signature(type(self).__init__).parameters.values()
        }
        changed = [
            f"{k}={v!r}"
            for k, v in self.get_params().items()
            if not (v is defaults.get(k) or _same(v, defaults.get(k)))
        ]
        return f"{type(self).__name__}({', '.join(changed)})"

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "n_features_in_")

    def _check_fitted(self) -> None:
        if not self.__sklearn_is_fitted__():
            raise not_fitted(self)

    def __sklearn_tags__(self) -> Any:
        from sklearn.utils import ClassifierTags, InputTags, RegressorTags, Tags, TargetTags

        classifier = self._estimator_type == "classifier"
        return Tags(
            estimator_type=self._estimator_type,
            target_tags=TargetTags(required=True, multi_output=self._multi_output),
            classifier_tags=ClassifierTags() if classifier else None,
            regressor_tags=None if classifier else RegressorTags(),
            input_tags=InputTags(),
        )


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


# -- input checks, worded as scikit-learn words them (its common checks match on them) ------


def check_X(X: ArrayLike, estimator: object, n_features: int | None = None) -> NDArray[np.floating]:
    """``X`` as a finite float array of shape (n_samples, n_features).

    float32 stays float32 (fast training); every other type becomes float64.
    """
    name = type(estimator).__name__
    if hasattr(X, "toarray") and hasattr(X, "nnz"):
        raise TypeError(f"{name} does not take sparse input; convert it with X.toarray()")
    arr = np.asarray(X)
    if np.iscomplexobj(arr):
        raise ValueError("Complex data not supported")
    if arr.dtype not in (np.float32, np.float64):
        arr = arr.astype(np.float64)
    if arr.ndim != 2:
        raise ValueError(
            f"X must be 2-dimensional (n_samples, n_features), got shape {arr.shape}. "
            "Reshape your data with X.reshape(-1, 1) if it has a single feature "
            "or X.reshape(1, -1) if it is a single sample."
        )
    if arr.shape[0] == 0:
        raise ValueError(f"X has no rows: found 0 sample(s) (shape={arr.shape})")
    if arr.shape[1] == 0:
        raise ValueError(
            f"X has no columns: 0 feature(s) (shape={arr.shape}) while a minimum of 1 is required."
        )
    if not np.all(np.isfinite(arr)):
        raise ValueError("X contains NaN or infinite values")
    if n_features is not None and arr.shape[1] != n_features:
        raise ValueError(
            f"X has {arr.shape[1]} features, but {name} is expecting {n_features} features "
            "as input."
        )
    return arr


def check_y_present(y: ArrayLike | None, estimator: object) -> None:
    if y is None:
        raise ValueError(
            f"{type(estimator).__name__} requires y to be passed, but the target y is None"
        )
