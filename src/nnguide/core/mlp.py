"""Networks with hidden layers, as scikit-learn-style estimators.

Design choice: hidden layers get their own classes, :class:`MLPRegressor` and
:class:`MLPClassifier` (named like scikit-learn's), rather than a
``hidden_layer_sizes=`` option on :class:`~nnguide.core.linear.LinearRegressor`
and :class:`~nnguide.core.linear.SoftmaxClassifier`. The two families differ in
more than the sizes: a linear model may start from zero weights and be solved
exactly, while a network with a hidden layer must start from random weights
(all-zero hidden neurons stay identical forever) and has no exact solver. All
four share one training path (:class:`~nnguide.core.estimators.NetworkEstimator`),
so a linear model is exactly an MLP with ``hidden_layer_sizes=()``.

Training is plain gradient descent (full batch, or mini-batches with
``batch_size``) on standardized inputs by default. The learned ``coefs_`` and
``intercepts_`` are for raw inputs — the standardization is folded into the
first layer — so this reproduces ``predict_proba`` with numpy alone::

    a = X
    for W, b in zip(model.coefs_[:-1], model.intercepts_[:-1]):
        a = np.tanh(a @ W + b)          # the hidden activation
    p = softmax(a @ model.coefs_[-1] + model.intercepts_[-1])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from numpy.typing import ArrayLike

from nnguide.core.activations import get_activation
from nnguide.core.estimators import (
    Array,
    ClassifierMixin,
    NetworkEstimator,
    RegressorMixin,
    whole,
)
from nnguide.core.scaling import Standardizer


class _MLP(NetworkEstimator):
    hidden_layer_sizes: int | Sequence[int]
    activation: str

    def _hidden_sizes(self) -> tuple[int, ...]:
        given = self.hidden_layer_sizes
        sizes = tuple(given) if isinstance(given, Iterable) else (given,)
        if not all(whole(n, 1) for n in sizes):
            raise ValueError(
                f"hidden_layer_sizes must be whole numbers ≥ 1, got {self.hidden_layer_sizes!r}"
            )
        return tuple(int(n) for n in sizes)

    def _activation_name(self) -> str:
        get_activation(self.activation)
        return self.activation


class MLPRegressor(RegressorMixin, _MLP):
    """A network with hidden layers for numbers to predict, trained on the mean squared error.

    Parameters
    ----------
    hidden_layer_sizes : int or tuple of int
        Neurons per hidden layer, e.g. ``(8,)`` or ``(8, 4)``; ``()`` is a linear model.
    activation : {"tanh", "relu", "sigmoid", "identity"}
        The hidden layers' activation.
    loss : {"mse"}
    learning_rate : float
        Step size for every parameter. The default is ten times smaller than the linear
        models': the loss curves more steeply along the last layer's weights the more
        hidden neurons feed it (with 100, plain gradient descent at 0.1 overshoots).
    max_steps : int
        Gradient-descent steps (batches when ``batch_size`` is set).
    batch_size : int, optional
        Mini-batch size; ``None`` means full batch.
    standardize : bool or "shared"
        Train on standardized inputs (the reported parameters are still for raw inputs);
        ``"shared"`` centres each input but divides all by one common spread (for pixels).
    standardize_target : bool
        Train on targets less their mean, over their spread, and fold that back into the
        last layer. A network's starting outputs are near 0 with a spread near 1; prices in
        the hundreds would take huge steps first, and diverge at any usual learning rate.
        ``loss_`` and ``loss_curve_`` are reported for the raw targets either way.
    init : {"auto", "glorot", "he", "normal"}
        Starting weights: ``"auto"`` is He for ReLU and Glorot otherwise, scaled to each
        layer's size. ``"zeros"`` is refused: hidden neurons could never become different.
    random_state : int, optional
        Seed for the starting weights and the order of the batches.
    """

    def __init__(
        self,
        *,
        hidden_layer_sizes: int | Sequence[int] = (100,),
        activation: str = "relu",
        loss: str = "mse",
        learning_rate: float = 0.01,
        max_steps: int = 1000,
        batch_size: int | None = None,
        standardize: bool | str = True,
        standardize_target: bool = True,
        init: str = "auto",
        random_state: int | None = None,
    ) -> None:
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.loss = loss
        self.learning_rate = learning_rate
        self.max_steps = max_steps
        self.batch_size = batch_size
        self.standardize = standardize
        self.standardize_target = standardize_target
        self.init = init
        self.random_state = random_state

    def _target_scaler(self, Y: Array) -> Standardizer | None:
        if self.standardize_target not in (True, False):
            raise ValueError(
                f"standardize_target must be True or False, got {self.standardize_target!r}"
            )
        # Each output less its mean, all over one shared spread: so the loss on the raw
        # targets is the training loss times that spread squared, whatever the outputs.
        return Standardizer.fit(Y, shared=True) if self.standardize_target else None


class MLPClassifier(ClassifierMixin, _MLP):
    """A network with hidden layers and a softmax output, one probability per class.

    Parameters
    ----------
    hidden_layer_sizes : int or tuple of int
        Neurons per hidden layer, e.g. ``(4,)`` or ``(8, 4)``; ``()`` is softmax regression.
    activation : {"tanh", "relu", "sigmoid", "identity"}
        The hidden layers' activation.
    loss : {"cross-entropy", "mse"}
        Cross-entropy (the standard), or mean squared error between the probabilities and
        one-hot targets.
    classes : sequence, optional
        Output order of the classes; default the sorted distinct labels.
    Other parameters as :class:`MLPRegressor`.
    """

    def __init__(
        self,
        *,
        hidden_layer_sizes: int | Sequence[int] = (100,),
        activation: str = "relu",
        loss: str = "cross-entropy",
        classes: ArrayLike | None = None,
        learning_rate: float = 0.01,
        max_steps: int = 1000,
        batch_size: int | None = None,
        standardize: bool | str = True,
        init: str = "auto",
        random_state: int | None = None,
    ) -> None:
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.loss = loss
        self.classes = classes
        self.learning_rate = learning_rate
        self.max_steps = max_steps
        self.batch_size = batch_size
        self.standardize = standardize
        self.init = init
        self.random_state = random_state
