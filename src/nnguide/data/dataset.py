"""A small, column-oriented table: what every data source turns into.

Numeric columns are float arrays; columns with any non-number are kept as
text, with the first offending cell remembered so that choosing such a
column as a feature (or as a regression target) can say exactly which line
of which file is wrong.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from nnguide.errors import DataError

#: ``--task classification`` is refused when the target has more distinct values than
#: this share of the rows: a class seen about once cannot be learned (it is a quantity,
#: or an ID); two classes are always allowed.
MAX_CLASS_SHARE = 0.5
#: Inputs and regression targets must be 0 or between these sizes: a model's arithmetic
#: squares them (losses, spreads, least squares) and sums up to a million such squares,
#: which must neither overflow float64 (1.8e308) nor underflow to zero (5e-324).
MAX_MAGNITUDE = 1e150
MIN_MAGNITUDE = 1e-150


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
    #: column → (line number, raw text) of its first cell that is not a finite number;
    #: filled in for any text column the source did not already describe
    bad_cells: dict[str, tuple[int, str]] = field(default_factory=dict)
    #: line number in the source file of row 0 (2 for a CSV with a header)
    first_line: int = 1
    #: images have always-blank border pixels; for a user's table a constant column is a mistake
    allow_constant_features: bool = False
    #: the file line of each row (a CSV may have blank lines); None: ``first_line + row``
    lines: list[int] | None = None
    #: a file the user gave: messages say "line N"; a bundled table says "row N"
    from_file: bool = False

    def __post_init__(self) -> None:
        for name, col in self.columns.items():
            if name in self.bad_cells:
                continue
            if col.dtype.kind in "biu":
                continue
            if col.dtype.kind == "f":
                bad = np.flatnonzero(~np.isfinite(col))
                if len(bad):
                    self.bad_cells[name] = (self.line(int(bad[0])), str(col[bad[0]]))
                continue
            for i, value in enumerate(col):
                if _as_number(value) is None:
                    self.bad_cells[name] = (self.line(i), str(value))
                    break

    @property
    def n_rows(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0

    @property
    def column_names(self) -> list[str]:
        return list(self.columns)

    def line(self, row: int) -> int:
        """The line of the source file (or the 1-based row of a bundled table) of ``row``."""
        return self.lines[row] if self.lines is not None else self.first_line + row

    def _at(self, line: int) -> str:
        return f"{self.name}, {'line' if self.from_file else 'row'} {line}"

    def is_numeric(self, column: str) -> bool:
        return column not in self.bad_cells

    def _n_numbers(self, column: str) -> int:
        """How many cells of ``column`` are finite numbers."""
        col = self.columns[column]
        if col.dtype.kind in "biuf":
            return int(np.count_nonzero(np.isfinite(col)))
        return sum(_as_number(v) is not None for v in col)

    def _where(self, column: str) -> str:
        line, raw = self.bad_cells[column]
        shown = raw if raw else "(empty)"
        return f"{self._at(line)}: column {column!r} has a value that is not a number: {shown!r}"

    def _check_column(self, column: str) -> None:
        if column not in self.columns:
            raise DataError(
                f"{self.name}: no column {column!r}; columns are {', '.join(self.columns)}"
            )

    def numeric(self, column: str) -> NDArray[np.float64]:
        self._check_column(column)
        if not self.is_numeric(column):
            raise DataError(self._where(column))
        return np.asarray(self.columns[column], dtype=np.float64)

    def guess_task(self, target: str) -> str:
        """Classification for a categorical target, regression for a numeric one.

        Categorical means the dataset names its classes, or no value of the
        target is a number. A numeric column with a stray word in it is a
        mistake in the data, not a reason to switch tasks: that is an error
        naming the cell.
        """
        self._check_column(target)
        if self.classes:
            return "classification"
        if self.is_numeric(target):
            return "regression"
        if self._n_numbers(target) == 0:
            return "classification"
        raise DataError(self._where(target))

    def select(
        self, target: str | None = None, features: list[str] | None = None, task: str | None = None
    ) -> Selection:
        """Pick the target and feature columns and check they can train a model.

        ``task`` defaults to :meth:`guess_task`.
        """
        if target == "":
            raise DataError(f"{self.name}: the target column name is empty")
        target = target if target is not None else self.default_target
        if target is None:
            raise DataError(f"{self.name}: choose the column to predict with --target")
        self._check_column(target)
        if features is not None and not features:
            raise DataError(f"{self.name}: no feature columns chosen; name at least one")
        if features is None:  # the dataset's usual inputs (else every column), less the target
            features = [c for c in self.default_features or self.columns if c != target]
        if not features:
            raise DataError(f"{self.name}: there are no feature columns besides {target!r}")
        if any(not name for name in features):
            raise DataError(f"{self.name}: a feature column name is empty")
        for name in features:
            self._check_column(name)
        if target in features:
            raise DataError(f"{self.name}: the target {target!r} cannot also be a feature")
        if len(set(features)) != len(features):
            raise DataError(f"{self.name}: a feature is listed twice")
        if task is None:
            task = self.guess_task(target)
        if task not in ("regression", "classification"):
            raise DataError(f"unknown task {task!r}: choose regression or classification")
        if self.n_rows < 2:
            raise DataError(
                f"{self.name}: needs at least 2 rows of data to fit a model, found {self.n_rows}"
            )
        X = np.column_stack([self.numeric(name) for name in features])
        self.check_range(features, X)
        if not self.allow_constant_features:
            self._refuse_constant(features, X)
        classes: list[str] | None = None
        if task == "regression":
            quantity = self._regression_target(target)
            self.check_range([target], quantity[:, None])
            y: NDArray[np.generic] = quantity
        else:
            y = np.asarray([_label(v) for v in self.columns[target]])
            classes = self._classes(target, y)
        return Selection(X, y, list(features), target, task, classes)

    def check_range(self, names: list[str], X: NDArray[np.float64]) -> None:
        """Refuse values whose squares leave float64's range, naming the first one.

        ``X`` holds the columns ``names`` of this table, shape (n_rows, len(names)).
        """
        size = np.abs(X)
        bad = (size > MAX_MAGNITUDE) | ((size < MIN_MAGNITUDE) & (size > 0))
        if not bad.any():
            return
        row, col = divmod(int(np.flatnonzero(bad)[0]), X.shape[1])
        value = float(X[row, col])
        if abs(value) > MAX_MAGNITUDE:
            why = "too large for float64 arithmetic (its square overflows)"
        else:
            why = "too close to zero for float64 arithmetic (its square underflows to 0)"
        raise DataError(
            f"{self._at(self.line(row))}: column {names[col]!r} has the value {value!r}, {why}; "
            "values must be 0 or between 1e-150 and 1e150 in size, so rescale the column"
        )

    def _refuse_constant(self, features: list[str], X: NDArray[np.float64]) -> None:
        constant = [i for i, col in enumerate(X.T) if np.all(col == col[0])]
        if not constant:
            return
        names = [features[i] for i in constant]
        values = [_fmt_value(X[0, i]) for i in constant]
        if len(constant) == 1:
            what = f"column {names[0]!r} has the same value on every row ({values[0]})"
        else:
            listed = [f"{n!r} ({v})" for n, v in zip(names, values, strict=True)]
            joined = ", ".join(listed[:-1]) + f" and {listed[-1]}"
            what = f"columns {joined} each have the same value on every row"
        keep = [f for f in features if f not in names]
        if not keep:
            raise DataError(
                f"{self.name}: {what}, and there are no other feature columns; "
                "a model needs inputs that vary"
            )
        shown = ",".join(keep) if len(",".join(keep)) <= 80 else None
        how = f"--features {shown}" if shown else "--features"
        raise DataError(
            f"{self.name}: {what}, so {'it' if len(names) == 1 else 'they'} cannot help a model; "
            f"leave {'it' if len(names) == 1 else 'them'} out with {how}"
        )

    def _regression_target(self, target: str) -> NDArray[np.float64]:
        if self.is_numeric(target):
            return self.numeric(target)
        message = self._where(target)
        if self.classes or self._n_numbers(target) == 0:
            message += "; its values are categories, so use --task classification"
        raise DataError(message)

    def _classes(self, target: str, y: NDArray[np.generic]) -> list[str]:
        present = sorted(set(y.tolist()), key=_natural)
        if "" in present:
            row = int(np.flatnonzero(y == "")[0])
            raise DataError(
                f"{self._at(self.line(row))}: column {target!r} has an empty cell; "
                "every row needs a class"
            )
        classes = self.classes or present
        if len(present) < 2:
            raise DataError(
                f"{self.name}: column {target!r} has only one class; classification needs two"
            )
        if len(classes) > 1000:
            raise DataError(
                f"{self.name}: column {target!r} has {len(classes):,} classes; at most 1000"
            )
        n = self.n_rows
        if not self.classes and len(present) > max(2, MAX_CLASS_SHARE * n):
            if 2 * self._n_numbers(target) > n:
                hint = "it looks like a quantity: predict it with --task regression"
            else:
                hint = "a class needs several rows to learn from; is it a name or an ID?"
            raise DataError(
                f"{self.name}: column {target!r} has {len(present):,} different values "
                f"in {n:,} rows, too many to be classes; {hint}"
            )
        return classes


def _as_number(value: object) -> float | None:
    """``value`` as a finite float, or None (text, empty, NaN, infinity)."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _fmt_value(value: float) -> str:
    return f"{value:g}"


def _label(value: object) -> str:
    """Class labels are text; a numeric label 3.0 reads back as "3"."""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        # whole numbers as integers, but 1e300 as itself, not as 301 digits
        number = float(value)
        return str(int(number)) if abs(number) < 2**53 else repr(number)
    return str(value)


def _natural(label: str) -> tuple[int, float, str]:
    """Sort numeric labels by value ("2" before "10"), text labels alphabetically."""
    try:
        return (0, float(label), label)
    except ValueError:
        return (1, 0.0, label)
