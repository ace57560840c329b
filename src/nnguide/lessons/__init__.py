"""What each section of the guide computes and reports — web-free.

One module per guide topic:

* :mod:`regression` — sections 1–5: a linear neuron on the houses (evaluate a
  line, step gradient descent, the error map, raw vs standardized inputs);
* :mod:`softmax` — the softmax calculator and its reference table;
* :mod:`classification` — section 6: the Good/Bad classifier on ten houses;
* :mod:`shapes` — section 7: how many numbers a network of a given shape learns;
* :mod:`digits` — section 8: softmax regression reads handwritten digits.

Lesson functions take plain values and return plain dataclasses holding
everything a figure shows: predictions, per-row errors, the next step,
steps-to-target, decision grids, confusion matrices, goal thresholds and
messages as codes with parameters (:mod:`messages`). The web routers, the CLI
and the notebook widgets call these functions; they add no arithmetic of their
own. Nothing here imports FastAPI, Starlette or pydantic, and this package
imports none of its modules eagerly, so ``import nnguide.lessons`` is cheap.
"""

from nnguide.lessons.messages import LessonError, Message

__all__ = ["LessonError", "Message"]
