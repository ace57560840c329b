"""Bundled data and file loaders: named datasets, CSV from a path, text or stdin, digits."""

from nnguide.data.bundled import BUNDLED, HOUSE_CLASSES, HOUSE_LABELS, load_dataset
from nnguide.data.csvfile import load_csv, load_csv_bytes, load_csv_stream, load_csv_text
from nnguide.data.dataset import Dataset, Selection
from nnguide.errors import DataError

__all__ = [
    "BUNDLED",
    "HOUSE_CLASSES",
    "HOUSE_LABELS",
    "STDIN",
    "Dataset",
    "Selection",
    "load_csv",
    "load_csv_bytes",
    "load_csv_stream",
    "load_csv_text",
    "load_dataset",
    "open_data",
]

#: The data argument that means "CSV on standard input".
STDIN = "-"


def open_data(name_or_path: str) -> Dataset:
    """A bundled dataset by name, CSV on standard input for ``-``, or else a CSV file by path."""
    if name_or_path in BUNDLED:
        return load_dataset(name_or_path)
    if name_or_path == STDIN:
        import sys

        if sys.stdin is None or sys.stdin.isatty():
            raise DataError(
                "stdin: standard input is a terminal; pipe CSV data in, "
                "e.g. nnguide fit - --target price < houses.csv"
            )
        return load_csv_stream(sys.stdin.buffer, "stdin")
    return load_csv(name_or_path)
