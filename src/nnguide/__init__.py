"""nnguide: an interactive, visual guide to the basics of neural networks.

The numeric core lives in :mod:`nnguide.core` (numpy only), bundled data and
file loaders in :mod:`nnguide.data`, the web page in :mod:`nnguide.web`, and
the command line in :mod:`nnguide.cli`.
"""

from nnguide.core import (
    LinearRegressor,
    SoftmaxClassifier,
    least_squares,
    softmax,
)

__version__ = "0.1.0"

__all__ = ["LinearRegressor", "SoftmaxClassifier", "least_squares", "softmax", "__version__"]
