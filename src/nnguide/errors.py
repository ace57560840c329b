"""Errors meant for the person at the keyboard: one clear sentence, no traceback.

Each kind carries the exit code the ``nnguide`` command ends with: 2 for a usage
mistake (an option or argument that cannot work, whatever the data), 1 for
everything found while doing the work (data, model files, training that failed).
"""


class NnguideError(Exception):
    """A problem the user can act on (a file, an option, a value); exit code 1."""

    exit_code = 1


class UsageError(NnguideError):
    """An option or argument that cannot work, found before any data is read; exit code 2."""

    exit_code = 2


class DataError(NnguideError, ValueError):
    """A data file or data selection that cannot be used, with where and why."""


class ModelFileError(NnguideError, ValueError):
    """A saved-model file that is missing, damaged, not one of ours, or cannot be written."""


class TrainingError(NnguideError):
    """Training that gave no usable model: it diverged, or its numbers left float64's range."""
