"""A small, column-oriented table: what every data source turns into.

Numeric columns are float arrays; columns with any non-number are kept as
text, with the first offending cell remembered so that choosing such a
column as a feature can say exactly which line of which file is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from nnguide.errors import DataError


@dataclass(frozen=True)
class Selection:
    """The arrays a model trains on, with their names."""

    X: NDArray[np.float64]
    y: NDArray[np.generic]
    features: list[str]
    target: str
    task: str
    classes: list[str] | None


@dataclass
class Dataset:
    name: str
    columns: dict[str, NDArray[np.generic]]
    description: str = ""
    default_target: str | None = None
    default_features: list[str] | None = None
    classes: list[str] | None = None
    #: column → (line number, raw text) of its first cell that is not a finite number
    bad_cells: dict[str, tuple[int, str]] = field(default_factory=dict)
    #: line number in the source file of row 0 (2 for a CSV with a header)
    first_line: int = 1
    #: images have always-blank border pixels; for a user's table a constant column is a mistake
    allow_constant_features: bool = False

    @property
    def n_rows(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0

    @property
    def column_names(self) -> list[str]:
        return list(self.columns)

    def is_numeric(self, column: str) -> bool:
        return column not in self.bad_cells

    def _where(self, column: str) -> str:
        line, raw = self.bad_cells[column]
        shown = raw if raw else "(empty)"
        return (
            f"{self.name}, line {line}: column {column!r} has a value "
            f"that is not a number: {shown!r}"
        )

    def numeric(self, column: str) -> NDArray[np.float64]:
        if column not in self.columns:
            raise DataError(
                f"{self.name}: no column {column!r}; columns are {', '.join(self.columns)}"
            )
        if not self.is_numeric(column):
            raise DataError(self._where(column))
        return np.asarray(self.columns[column], dtype=np.float64)

    def select(
        self, target: str | None = None, features: list[str] | None = None, task: str | None = None
    ) -> Selection:
        """Pick the target and feature columns and check they can train a model.

        ``task`` defaults to classification when the target is text (or the
        dataset names its classes), regression otherwise.
        """
        target = target or self.default_target
        if target is None:
            raise DataError(f"{self.name}: choose the column to predict with --target")
        if target not in self.columns:
            raise DataError(
                f"{self.name}: no column {target!r}; columns are {', '.join(self.columns)}"
            )
        if features is None:
            features = self.default_features or [c for c in self.columns if c != target]
        if not features:
            raise DataError(f"{self.name}: there are no feature columns besides {target!r}")
        for name in features:
            if name not in self.columns:
                raise DataError(
                    f"{self.name}: no column {name!r}; columns are {', '.join(self.columns)}"
                )
        if target in features:
            raise DataError(f"{self.name}: the target {target!r} cannot also be a feature")
        if len(set(features)) != len(features):
            raise DataError(f"{self.name}: a feature is listed twice")
        if task is None:
            task = (
                "classification" if (not self.is_numeric(target) or self.classes) else "regression"
            )
        if task not in ("regression", "classification"):
            raise DataError(f"unknown task {task!r}: choose regression or classification")
        if self.n_rows < 2:
            raise DataError(
                f"{self.name}: needs at least 2 rows of data to fit a model, found {self.n_rows}"
            )
        X = np.column_stack([self.numeric(name) for name in features])
        constant = [name for name, col in zip(features, X.T, strict=True) if np.all(col == col[0])]
        if constant and not self.allow_constant_features:
            raise DataError(
                f"{self.name}: column {constant[0]!r} has the same value on every row, "
                "so it cannot help a model; leave it out with --features"
            )
        classes: list[str] | None = None
        if task == "regression":
            y: NDArray[np.generic] = self.numeric(target)
        else:
            y = np.asarray([_label(v) for v in self.columns[target]])
            classes = self.classes or sorted(set(y.tolist()), key=_natural)
            if len(classes) < 2:
                raise DataError(
                    f"{self.name}: column {target!r} has only one class; classification needs two"
                )
            if len(classes) > 1000:
                raise DataError(
                    f"{self.name}: column {target!r} has {len(classes)} classes; at most 1000"
                )
        return Selection(X, y, list(features), target, task, classes)


def _label(value: object) -> str:
    """Class labels are text; a numeric label 3.0 reads back as "3"."""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _natural(label: str) -> tuple[int, float, str]:
    """Sort numeric labels by value ("2" before "10"), text labels alphabetically."""
    try:
        return (0, float(label), label)
    except ValueError:
        return (1, 0.0, label)
