"""Errors meant for the person at the keyboard: one clear sentence, no traceback."""


class NnguideError(Exception):
    """A mistake in what the user gave us (a file, an option, a value)."""


class DataError(NnguideError, ValueError):
    """A data file or data selection that cannot be used, with where and why."""


class ModelFileError(NnguideError, ValueError):
    """A saved-model file that is missing, damaged, or not one of ours."""
