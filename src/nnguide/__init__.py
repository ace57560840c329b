"""nnguide: an interactive, visual guide to the basics of neural networks.

The numeric core lives in :mod:`nnguide.core` (numpy only), bundled data and
file loaders in :mod:`nnguide.data`, the web page in :mod:`nnguide.web`, and
the command line in :mod:`nnguide.cli`.

The names below are imported on first use (PEP 562), so that ``import nnguide``
is instant: the command starts without loading numpy, and a Ctrl-C while it
loads is caught by the command, not shown as a traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["LinearRegressor", "SoftmaxClassifier", "least_squares", "softmax", "__version__"]

if TYPE_CHECKING:
    from nnguide.core import LinearRegressor, SoftmaxClassifier, least_squares, softmax


def __getattr__(name: str) -> Any:
    if name in __all__ and name != "__version__":
        import nnguide.core

        return getattr(nnguide.core, name)
    raise AttributeError(f"module 'nnguide' has no attribute {name!r}")
