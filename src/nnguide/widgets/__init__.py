"""The guide's figures as Jupyter widgets (``pip install "nnguide[notebook]"``).

Each widget is an anywidget: synced state in Python, and the page's own ES modules in
the notebook, given an ``api`` that asks this kernel (no web server runs). The kernel
validates each call with the HTTP API's request models and answers from
``nnguide.lessons``.

* :class:`Neuron` — weight and bias sliders, the line, the error table (section 3)
* :class:`GradientDescent` — GD buttons, the error map and log (section 4)
* :class:`Classifier` — decision regions and training, two features, any classes (section 6)
* :class:`Network` — the shape explorer, hidden layers included (sections 7 and 11)
* :class:`DigitsPad` — draw a digit for a fitted classifier, with or without hidden layers
  (sections 8 and 13)
"""

from __future__ import annotations

from typing import Any

__all__ = ["Classifier", "DigitsPad", "GradientDescent", "Network", "Neuron"]

_HOMES = {
    "Neuron": "regression",
    "GradientDescent": "regression",
    "Classifier": "classify",
    "Network": "network",
    "DigitsPad": "digits",
}


def __getattr__(name: str) -> Any:
    # Lazily, so ``import nnguide.widgets`` works (and says what to install) without anywidget.
    if name not in _HOMES:
        raise AttributeError(f"module 'nnguide.widgets' has no attribute {name!r}")
    try:
        import anywidget  # noqa: F401
    except ImportError:
        raise ImportError(
            'nnguide\'s widgets need anywidget: pip install "nnguide[notebook]"'
        ) from None
    from importlib import import_module

    return getattr(import_module(f"nnguide.widgets.{_HOMES[name]}"), name)
