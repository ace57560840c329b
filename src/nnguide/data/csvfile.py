"""Read a user's CSV data into a :class:`Dataset`, or say clearly why not.

The data can come from a path (:func:`load_csv`), from text or bytes already in
memory (:func:`load_csv_text`, :func:`load_csv_bytes`, e.g. a page's upload) or
from a stream such as standard input (:func:`load_csv_stream`). Every problem is
one sentence that names the source and, where there is one, the line and column.

Only regular files are read from paths: a device (``/dev/zero``), a pipe or a
socket would never end or never start, so it is refused before reading, and the
size limit is enforced while reading, whatever the file claims to be.
"""

from __future__ import annotations

import csv
import io
import math
import os
import stat
from pathlib import Path
from typing import BinaryIO

import numpy as np
from numpy.typing import NDArray

from nnguide.data.dataset import Dataset
from nnguide.errors import DataError

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 1_000_000
MAX_COLUMNS = 10_000
CHUNK = 1024 * 1024
CSV_FILE = "a CSV file"


def _too_large(name: str, limit: int | None = None, size: int | None = None) -> DataError:
    limit = MAX_BYTES if limit is None else limit
    what = f"the file is {size / 1e6:.0f} MB" if size is not None else "the data is too large"
    return DataError(f"{name}: {what}; the limit is {limit / 1e6:.0f} MB")


def _decode(name: str, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise DataError(
            f"{name}, line {line}: the data is not UTF-8 text (byte 0x{raw[err.start]:02x}); "
            "save it as UTF-8 CSV"
        ) from None


def _number(text: str) -> float | None:
    """The cell as a finite float, or None (empty, text, NaN, infinity)."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_stream(stream: BinaryIO, name: str, limit: int | None = None) -> bytes:
    """Everything ``stream`` holds, in chunks, stopping with an error past ``limit`` bytes
    (default :data:`MAX_BYTES`)."""
    limit = MAX_BYTES if limit is None else limit
    parts: list[bytes] = []
    total = 0
    try:
        while chunk := stream.read(CHUNK):
            total += len(chunk)
            if total > limit:
                raise _too_large(name, limit)
            parts.append(chunk)
    except OSError as err:
        raise DataError(f"{name}: cannot read the data ({err.strerror or err})") from None
    return b"".join(parts)


def open_regular_file(path: Path, limit: int | None = None, what: str = CSV_FILE) -> BinaryIO:
    """``path`` opened for reading, if it is a regular file of at most ``limit`` bytes
    (default :data:`MAX_BYTES`); anything else is a :class:`DataError`."""
    limit = MAX_BYTES if limit is None else limit
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        hint = (
            " (and not a bundled dataset name; see `nnguide datasets`)" if what == CSV_FILE else ""
        )
        raise DataError(f"{path}: no such file{hint}") from None
    except OSError as err:
        raise DataError(f"{path}: cannot read the file ({err.strerror or err})") from None
    if stat.S_ISDIR(mode):
        raise DataError(f"{path}: is a folder, not {what}")
    if not stat.S_ISREG(mode):
        raise DataError(
            f"{path}: {_kind(mode)}, not {what}; nnguide reads regular files"
            + (" (or standard input: nnguide fit - < file.csv)" if what == CSV_FILE else "")
        )
    try:
        # O_NONBLOCK: if the path was swapped for a pipe since the check, opening does not hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        raise DataError(f"{path}: cannot read the file ({err.strerror or err})") from None
    fh = os.fdopen(fd, "rb")
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
        fh.close()
        if info.st_size > limit:
            raise _too_large(str(path), limit, info.st_size)
        raise DataError(f"{path}: {_kind(info.st_mode)}, not {what}")
    return fh


def read_regular_file(path: Path, limit: int | None = None, what: str = CSV_FILE) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes; the
    limit holds while reading too (a file may grow, or report no size, as /proc files do)."""
    with open_regular_file(path, limit, what) as fh:
        return read_stream(fh, str(path), limit)


def load_csv(path: str | Path) -> Dataset:
    """Load a comma-separated file with a header row.

    Raises
    ------
    DataError
        For a missing, empty, oversized, non-UTF-8 or ragged file, a path that is not a
        regular file, a blank or repeated column name, or no data rows.
    """
    path = Path(path)
    return load_csv_bytes(read_regular_file(path), str(path))


def load_csv_stream(stream: BinaryIO, name: str = "stdin") -> Dataset:
    """Load CSV data from a binary stream (e.g. ``sys.stdin.buffer``), at most MAX_BYTES."""
    return load_csv_bytes(read_stream(stream, name), name)


def load_csv_bytes(raw: bytes, name: str = "data") -> Dataset:
    """Load CSV data from bytes (UTF-8, with or without a byte-order mark)."""
    if len(raw) > MAX_BYTES:
        raise _too_large(name)
    return _parse(_decode(name, raw), name)


def load_csv_text(text: str, name: str = "data") -> Dataset:
    """Load CSV data from text; ``name`` stands for the source in every message."""
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise _too_large(name)
    return _parse(text.removeprefix("\ufeff"), name)


def _parse(text: str, name: str) -> Dataset:
    if not text.strip():
        raise DataError(f"{name}: the file is empty")
    if "\x00" in text:
        raise DataError(f"{name}: the data contains NUL bytes; it does not look like CSV text")
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(rows)]
        if len(header) > MAX_COLUMNS:
            raise DataError(f"{name}, line 1: {len(header)} columns; the limit is {MAX_COLUMNS}")
        for i, column in enumerate(header):
            if not column:
                raise DataError(f"{name}, line 1: column {i + 1} has no name in the header")
        seen: set[str] = set()
        for column in header:
            if column in seen:
                raise DataError(f"{name}, line 1: the column name {column!r} appears twice")
            seen.add(column)
        cells: list[list[str]] = [[] for _ in header]
        lines: list[int] = []  # the file line of each data row, for error messages
        n_rows = 0
        for row in rows:
            line = rows.line_num
            if not row or all(not c.strip() for c in row):
                continue  # blank lines are harmless
            if len(row) != len(header):
                raise DataError(
                    f"{name}, line {line}: {len(row)} values "
                    f"but the header has {len(header)} columns"
                )
            n_rows += 1
            if n_rows > MAX_ROWS:
                raise DataError(f"{name}: more than {MAX_ROWS:,} rows; the limit is {MAX_ROWS:,}")
            for col, cell in zip(cells, row, strict=True):
                col.append(cell.strip())
            lines.append(line)
    except csv.Error as err:
        raise DataError(f"{name}, line {rows.line_num}: {err}") from None
    if n_rows == 0:
        raise DataError(f"{name}: the file has a header but no data rows")
    return _to_dataset(name, header, cells, lines)


def _to_dataset(name: str, header: list[str], cells: list[list[str]], lines: list[int]) -> Dataset:
    columns: dict[str, NDArray[np.generic]] = {}
    bad: dict[str, tuple[int, str]] = {}
    for column, values in zip(header, cells, strict=True):
        numbers = [_number(v) for v in values]
        missing = next((i for i, v in enumerate(numbers) if v is None), None)
        if missing is None:
            columns[column] = np.asarray(numbers, dtype=np.float64)
        else:
            columns[column] = np.asarray(values, dtype=object)
            bad[column] = (lines[missing], values[missing])
    return Dataset(
        name=name, columns=columns, bad_cells=bad, first_line=2, lines=lines, from_file=True
    )
