"""The numeric core: numpy only, no web and no I/O.

One idea per module: :mod:`softmax`, :mod:`losses`, :mod:`descent` (the
gradient-descent loops), :mod:`scaling` (standardization), :mod:`linear`
(the estimators), :mod:`landscape` (the error map) and :mod:`separability`.
"""

from nnguide.core.descent import DIVERGENCE_LIMIT, DescentResult, Objective, Snapshot, descend, sgd
from nnguide.core.landscape import loss_grid
from nnguide.core.linear import (
    LinearRegressor,
    SoftmaxClassifier,
    accuracy,
    least_squares,
    parameter_count,
)
from nnguide.core.losses import CLASSIFICATION_LOSSES, REGRESSION_LOSSES, Loss, get_loss
from nnguide.core.scaling import Standardizer
from nnguide.core.separability import best_linear_accuracy
from nnguide.core.softmax import log_softmax, softmax

__all__ = [
    "CLASSIFICATION_LOSSES",
    "DIVERGENCE_LIMIT",
    "REGRESSION_LOSSES",
    "DescentResult",
    "LinearRegressor",
    "Loss",
    "Objective",
    "Snapshot",
    "SoftmaxClassifier",
    "Standardizer",
    "accuracy",
    "best_linear_accuracy",
    "descend",
    "get_loss",
    "least_squares",
    "log_softmax",
    "loss_grid",
    "parameter_count",
    "sgd",
    "softmax",
]
