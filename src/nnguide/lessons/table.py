"""A learner's own table in the page: read it as the CLI reads it, describe it, send it back.

The page's workbench (:mod:`nnguide.lessons.workbench`) keeps no data on the server.
:func:`inspect_text` parses CSV text with the CLI's loader (same one-line messages, naming
the line and column) and answers with a description of every column and the table itself,
as :class:`Table`: numeric columns as numbers, every other column as its cells' text, and
the file line of each row. The page keeps that table and sends the columns it uses with
each request; :meth:`Table.dataset` turns them back into the :class:`Dataset` the CLI would
have loaded, so choosing a target and features is checked by the same code
(:meth:`Dataset.select`) and fails with the same messages.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from nnguide.data import Dataset
from nnguide.data.bundled import BUNDLED
from nnguide.errors import DataError
from nnguide.lessons.messages import LessonError

#: What one page request may carry; more is for the command line.
MAX_ROWS = 5_000
MAX_FEATURES = 50
MAX_CLASSES = 20
#: A file may have more columns than a model uses; the learner picks at most MAX_FEATURES.
MAX_COLUMNS = 100
MAX_NAME = 200
MAX_CELL = 1_000
#: Distinct text values listed for a column (its classes, when it is a target).
EXAMPLES = 6

Cell = float | str


def cli_hint(name: str) -> str:
    shown = name if name.endswith(".csv") and " " not in name else "FILE.csv"
    return f"train on it with the command line instead: nnguide fit {shown} --target COLUMN"


def too_big(name: str, what: str) -> LessonError:
    """The one message for data past the page's limits: which limit, and the CLI."""
    return LessonError(
        f"{name}: {what}; the page takes up to {MAX_ROWS:,} rows and {MAX_FEATURES} features "
        f"(1 MB); {cli_hint(name)}",
        "too_big",
    )


@dataclass(frozen=True)
class Column:
    """A numeric column's values are floats; any other column's are its cells' text."""

    name: str
    values: list[float] | list[str]

    @property
    def numeric(self) -> bool:
        # Columns are all numbers or all text (the loader and the API's schema see to it).
        return bool(self.values) and not isinstance(self.values[0], str)


@dataclass(frozen=True)
class Table:
    """Columns of equal length; ``lines[i]`` is row ``i``'s line in the file (or its row
    number in a bundled table, ``from_file`` false), for messages."""

    name: str
    columns: list[Column]
    lines: list[int]
    from_file: bool = True

    def dataset(self) -> Dataset:
        """The :class:`Dataset` the CLI would load from the same data."""
        if not self.columns:
            raise LessonError(f"{self.name}: the table has no columns")
        n = len(self.columns[0].values)
        if any(len(c.values) != n for c in self.columns) or len(self.lines) != n:
            raise LessonError(f"{self.name}: every column (and lines) needs one value per row")
        if n > MAX_ROWS:
            raise too_big(self.name, f"{n:,} rows")
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            twice = next(x for i, x in enumerate(names) if x in names[:i])
            raise LessonError(f"{self.name}: the column name {twice!r} appears twice")
        columns: dict[str, np.ndarray] = {}
        for c in self.columns:
            try:
                columns[c.name] = (
                    np.asarray(c.values, dtype=np.float64)
                    if c.numeric
                    else np.asarray(c.values, dtype=str).astype(object)
                )
            except (TypeError, ValueError):
                raise LessonError(
                    f"{self.name}: column {c.name!r} mixes numbers and text; send the cells "
                    "as /inspect gave them"
                ) from None
        return Dataset(
            name=self.name,
            columns=columns,
            lines=list(self.lines),
            from_file=self.from_file,
        )


@dataclass(frozen=True)
class Problem:
    """A cell that is not a number, where it is."""

    line: int
    value: str


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    kind: str  # "number": every cell a number; "text": none is; "mixed": some are not
    n_numbers: int
    n_empty: int  # cells with nothing in them: missing values
    n_other: int  # cells with text that is not a number (e.g. "NA", "?", a word)
    n_distinct: int
    min: float | None  # over the cells that are numbers
    max: float | None
    examples: list[str]  # a few distinct values, for text columns
    first_problem: Problem | None  # the first cell that is not a number, in a mixed column


@dataclass(frozen=True)
class Inspection:
    name: str
    n_rows: int
    from_file: bool
    columns: list[ColumnInfo]
    table: Table
    #: what the page suggests: the dataset's own target (a CSV's last column), its features
    #: and the task detected from the target
    target: str
    features: list[str]
    task: str | None  # None: the target cannot be used as it is (see its column)
    source: str = ""
    licence: str = ""
    description: str = ""


def _finite(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _describe(ds: Dataset, name: str) -> ColumnInfo:
    col = ds.columns[name]
    if ds.is_numeric(name):
        values = np.asarray(col, dtype=np.float64)
        return ColumnInfo(
            name, "number", len(values), 0, 0, len(np.unique(values)),
            float(values.min()), float(values.max()), [], None,
        )  # fmt: skip
    cells = [str(v).strip() for v in col]
    numbers = [x for x in (_finite(c) for c in cells) if x is not None]
    empty = sum(1 for c in cells if not c)
    distinct = list(dict.fromkeys(cells))
    kind = "text" if not numbers else "mixed"
    line, raw = ds.bad_cells[name]
    return ColumnInfo(
        name=name,
        kind=kind,
        n_numbers=len(numbers),
        n_empty=empty,
        n_other=len(cells) - len(numbers) - empty,
        n_distinct=len(distinct),
        min=min(numbers) if numbers else None,
        max=max(numbers) if numbers else None,
        examples=[d[:MAX_NAME] for d in distinct[:EXAMPLES]] if kind == "text" else [],
        first_problem=Problem(line, raw) if kind == "mixed" else None,
    )


def _table(ds: Dataset) -> Table:
    columns = []
    for name, col in ds.columns.items():
        if ds.is_numeric(name):
            columns.append(Column(name, np.asarray(col, dtype=np.float64).tolist()))
        else:
            columns.append(Column(name, [str(v)[:MAX_CELL] for v in col]))
    lines = [ds.line(i) for i in range(ds.n_rows)]
    return Table(ds.name, columns, lines, ds.from_file)


def inspect_dataset(ds: Dataset, target: str | None = None) -> Inspection:
    """Describe ``ds`` column by column and hand it back as a :class:`Table`."""
    if ds.n_rows > MAX_ROWS:
        raise too_big(ds.name, f"{ds.n_rows:,} rows")
    if len(ds.columns) > MAX_COLUMNS:
        raise too_big(ds.name, f"{len(ds.columns)} columns (at most {MAX_COLUMNS} here)")
    for i, name in enumerate(ds.columns):
        if len(name) > MAX_NAME:
            raise LessonError(
                f"{ds.name}, line 1: the name of column {i + 1} is longer than "
                f"{MAX_NAME} characters; shorten it"
            )
    infos = [_describe(ds, name) for name in ds.columns]
    chosen = target or ds.default_target or ds.column_names[-1]
    if chosen not in ds.columns:
        raise LessonError(f"{ds.name}: no column {chosen!r}; columns are {', '.join(ds.columns)}")
    try:
        task: str | None = ds.guess_task(chosen)
    except DataError:
        task = None
    if ds.default_features and chosen == ds.default_target:
        features = [f for f in ds.default_features if f != chosen]
    else:
        # Every column but the target, as the CLI takes them, less text columns (words are
        # no inputs); a numeric column with gaps stays, so its message names the first gap.
        features = [i.name for i in infos if i.name != chosen and i.kind != "text"]
    info = BUNDLED.get(ds.name)
    return Inspection(
        name=ds.name,
        n_rows=ds.n_rows,
        from_file=ds.from_file,
        columns=infos,
        table=_table(ds),
        target=chosen,
        features=features[:MAX_FEATURES],
        task=task,
        source=info.source if info else "",
        licence=info.licence if info else "",
        description=info.description if info else ds.description,
    )


def inspect_text(text: str, name: str = "pasted data") -> Inspection:
    """Parse CSV text as ``nnguide fit`` parses a file, then describe it."""
    from nnguide.data import load_csv_text

    _refuse_long(text, name)
    try:
        ds = load_csv_text(text, name)
    except DataError as err:
        raise LessonError(str(err), "data") from None
    return inspect_dataset(ds)


def inspect_bytes(raw: bytes, name: str = "data") -> Inspection:
    """As :func:`inspect_text`, for the file's bytes (so text that is not UTF-8 gets the
    loader's message, naming the line and the byte)."""
    from nnguide.data import load_csv_bytes

    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            load_csv_bytes(raw, name)
        except DataError as err:
            raise LessonError(str(err), "data") from None
        raise  # pragma: no cover - the loader refuses what does not decode
    return inspect_text(text, name)


def _refuse_long(text: str, name: str) -> None:
    """Stop at row MAX_ROWS + 1, before the loader converts any cell: a megabyte of short
    rows would otherwise cost far more than a request may."""
    import csv
    import io

    rows = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    n = -1  # the header is not a data row
    try:
        for row in rows:
            if row and any(c.strip() for c in row):
                n += 1
                if n > MAX_ROWS:
                    raise too_big(name, f"more than {MAX_ROWS:,} rows")
    except csv.Error:
        return  # malformed: the loader says where


def as_dict(table: Table) -> dict[str, Any]:
    return {
        "name": table.name,
        "columns": [{"name": c.name, "values": c.values} for c in table.columns],
        "lines": table.lines,
        "from_file": table.from_file,
    }
