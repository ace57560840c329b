"""The numeric core: numpy only, no web and no I/O.

One idea per module:

* :mod:`softmax`, :mod:`losses`, :mod:`activations` — the functions, each with its derivative;
* :mod:`layers` (a dense layer), :mod:`network` (a stack of them, forward and backward),
  :mod:`objective` (a network's loss on some data, with its gradient);
* :mod:`descent` — the gradient-descent loops, on any list of parameter arrays;
* :mod:`scaling` (standardization), :mod:`metrics` (accuracy, confusion matrix, one-hot),
  :mod:`gradcheck` (finite differences), :mod:`split`, :mod:`crossval`;
* the estimators: :mod:`linear` (no hidden layer) and :mod:`mlp` (hidden layers), built on
  :mod:`estimators` and :mod:`base` (scikit-learn's conventions);
* :mod:`landscape` (the error map) and :mod:`separability` (the best straight line).
"""

from nnguide.core.activations import ACTIVATIONS, Activation, get_activation
from nnguide.core.base import NotFittedError
from nnguide.core.descent import (
    DIVERGENCE_LIMIT,
    DescentResult,
    Snapshot,
    descend,
    is_diverged,
    sgd,
    sgd_on_batches,
)
from nnguide.core.gradcheck import numerical_gradient
from nnguide.core.landscape import loss_grid
from nnguide.core.layers import Dense
from nnguide.core.linear import LinearRegressor, SoftmaxClassifier, least_squares
from nnguide.core.losses import CLASSIFICATION_LOSSES, REGRESSION_LOSSES, Loss, get_loss
from nnguide.core.metrics import accuracy, confusion_matrix, one_hot
from nnguide.core.mlp import MLPClassifier, MLPRegressor
from nnguide.core.network import Network, collapse_linear, layer_pairs, parameter_count
from nnguide.core.objective import Objective
from nnguide.core.scaling import Standardizer
from nnguide.core.separability import best_linear_accuracy
from nnguide.core.softmax import log_softmax, softmax

__all__ = [
    "ACTIVATIONS",
    "CLASSIFICATION_LOSSES",
    "DIVERGENCE_LIMIT",
    "REGRESSION_LOSSES",
    "Activation",
    "Dense",
    "DescentResult",
    "LinearRegressor",
    "Loss",
    "MLPClassifier",
    "MLPRegressor",
    "Network",
    "NotFittedError",
    "Objective",
    "Snapshot",
    "SoftmaxClassifier",
    "Standardizer",
    "accuracy",
    "best_linear_accuracy",
    "collapse_linear",
    "confusion_matrix",
    "descend",
    "get_activation",
    "get_loss",
    "is_diverged",
    "layer_pairs",
    "least_squares",
    "log_softmax",
    "loss_grid",
    "numerical_gradient",
    "one_hot",
    "parameter_count",
    "sgd",
    "sgd_on_batches",
    "softmax",
]
