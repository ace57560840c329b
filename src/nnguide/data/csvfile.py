"""Read a user's CSV file into a :class:`Dataset`, or say clearly why not.

Every problem names the file and, where there is one, the line.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from nnguide.data.dataset import Dataset
from nnguide.errors import DataError

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 1_000_000
MAX_COLUMNS = 10_000


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise DataError(
            f"{path}, line {line}: the file is not UTF-8 text (byte 0x{raw[err.start]:02x}); "
            "save it as UTF-8 CSV"
        ) from None


def _number(text: str) -> float | None:
    """The cell as a finite float, or None (empty, text, NaN, infinity)."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def load_csv(path: str | Path) -> Dataset:
    """Load a comma-separated file with a header row.

    Raises
    ------
    DataError
        For a missing, empty, oversized, non-UTF-8 or ragged file, a blank or
        repeated column name, or fewer than two data rows.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(
            f"{path}: no such file (and not a bundled dataset name; see `nnguide datasets`)"
        )
    if path.is_dir():
        raise DataError(f"{path}: is a folder, not a CSV file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DataError(
            f"{path}: the file is {size / 1e6:.0f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB"
        )
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise DataError(f"{path}: cannot read the file ({err.strerror})") from None
    text = _decode(path, raw)
    if not text.strip():
        raise DataError(f"{path}: the file is empty")
    if "\x00" in text:
        raise DataError(f"{path}: the file contains NUL bytes; it does not look like CSV text")
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(rows)]
        if len(header) > MAX_COLUMNS:
            raise DataError(f"{path}, line 1: {len(header)} columns; the limit is {MAX_COLUMNS}")
        for i, name in enumerate(header):
            if not name:
                raise DataError(f"{path}, line 1: column {i + 1} has no name in the header")
        seen: set[str] = set()
        for name in header:
            if name in seen:
                raise DataError(f"{path}, line 1: the column name {name!r} appears twice")
            seen.add(name)
        cells: list[list[str]] = [[] for _ in header]
        lines: list[int] = []  # the file line of each data row, for error messages
        n_rows = 0
        for row in rows:
            line = rows.line_num
            if not row or all(not c.strip() for c in row):
                continue  # blank lines are harmless
            if len(row) != len(header):
                raise DataError(
                    f"{path}, line {line}: {len(row)} values "
                    f"but the header has {len(header)} columns"
                )
            n_rows += 1
            if n_rows > MAX_ROWS:
                raise DataError(f"{path}: more than {MAX_ROWS:,} rows; the limit is {MAX_ROWS:,}")
            for col, cell in zip(cells, row, strict=True):
                col.append(cell.strip())
            lines.append(line)
    except csv.Error as err:
        raise DataError(f"{path}, line {rows.line_num}: {err}") from None
    if n_rows == 0:
        raise DataError(f"{path}: the file has a header but no data rows")
    return _to_dataset(path, header, cells, lines)


def _to_dataset(path: Path, header: list[str], cells: list[list[str]], lines: list[int]) -> Dataset:
    columns: dict[str, NDArray[np.generic]] = {}
    bad: dict[str, tuple[int, str]] = {}
    for name, values in zip(header, cells, strict=True):
        numbers = [_number(v) for v in values]
        missing = next((i for i, v in enumerate(numbers) if v is None), None)
        if missing is None:
            columns[name] = np.asarray(numbers, dtype=np.float64)
        else:
            columns[name] = np.asarray(values, dtype=object)
            bad[name] = (lines[missing], values[missing])
    return Dataset(
        name=str(path), columns=columns, bad_cells=bad, first_line=2, lines=lines, from_file=True
    )
