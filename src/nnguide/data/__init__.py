"""Bundled data and file loaders: named datasets, user CSV files, digits."""

from nnguide.data.bundled import BUNDLED, HOUSE_CLASSES, HOUSE_LABELS, load_dataset
from nnguide.data.csvfile import load_csv
from nnguide.data.dataset import Dataset, Selection

__all__ = [
    "BUNDLED",
    "HOUSE_CLASSES",
    "HOUSE_LABELS",
    "Dataset",
    "Selection",
    "load_csv",
    "load_dataset",
    "open_data",
]


def open_data(name_or_path: str) -> Dataset:
    """A bundled dataset by name, or else a CSV file by path."""
    return load_dataset(name_or_path) if name_or_path in BUNDLED else load_csv(name_or_path)
