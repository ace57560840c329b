"""MNIST from files the learner already has: four IDX files, or Keras's ``mnist.npz``.

Nothing is downloaded. The files are found through an explicit path, the
``NNGUIDE_MNIST`` environment variable, or the places other libraries
usually cache them. Every file is checked (magic number, dimensions, size,
label range) so that a truncated download or a wrong file gives one clear
sentence naming the file, not a traceback.

IDX layout: two zero bytes, a type byte (``0x08`` = unsigned byte), the
number of dimensions, then each dimension as a big-endian 32-bit integer,
then the values row by row. Images have magic ``0x00000803`` (3 dims),
labels ``0x00000801`` (1 dim).
"""

from __future__ import annotations

import gzip
import math
import os
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
from numpy.typing import NDArray

from nnguide.data.csvfile import open_regular_file
from nnguide.data.dataset import Dataset
from nnguide.errors import DataError

ENV_VAR = "NNGUIDE_MNIST"
SIDE = 28
IMAGES_MAGIC, LABELS_MAGIC = 0x0803, 0x0801
#: The most we read or unpack, per file and for all of a ``.npz``'s arrays together:
#: the real training images are 47 MB unpacked, all of MNIST 55 MB.
MAX_BYTES = 200 * 1024 * 1024
WHAT = "an MNIST file"
PARTS = {
    "train_images": "train-images",
    "train_labels": "train-labels",
    "test_images": "t10k-images",
    "test_labels": "t10k-labels",
}
PIXEL_NAMES = [f"pixel_{r}_{c}" for r in range(SIDE) for c in range(SIDE)]


@dataclass(frozen=True)
class Mnist:
    """Images as rows of 784 intensities 0–255 (uint8) and their digits 0–9."""

    X_train: NDArray[np.uint8]
    y_train: NDArray[np.uint8]
    X_test: NDArray[np.uint8]
    y_test: NDArray[np.uint8]
    source: str


def _too_big(path: Path) -> DataError:
    return DataError(f"{path}: larger than {MAX_BYTES // 2**20} MB unpacked; not an MNIST file")


def _read_bytes(path: Path) -> bytes:
    """A regular file's bytes, gunzipped if it is gzip, never more than MAX_BYTES of either."""
    try:
        with open_regular_file(path, MAX_BYTES, WHAT) as fh:
            head = fh.read(2)
            fh.seek(0)
            if head == b"\x1f\x8b":
                with gzip.open(fh) as gz:
                    data = gz.read(MAX_BYTES + 1)
            else:
                data = fh.read(MAX_BYTES + 1)
    except (gzip.BadGzipFile, EOFError, zlib.error):
        raise DataError(f"{path}: the gzip file is damaged or cut short") from None
    except OSError as err:
        raise DataError(f"{path}: cannot read the file ({err.strerror or err})") from None
    if len(data) > MAX_BYTES:
        raise _too_big(path)
    return data


def read_idx(path: Path | str, magic: int) -> NDArray[np.uint8]:
    """Read one IDX file of unsigned bytes and check its header against ``magic``."""
    path = Path(path)
    data = _read_bytes(path)
    ndim = magic & 0xFF
    header = 4 + 4 * ndim
    if len(data) < 4:
        raise DataError(f"{path}: too short to be an IDX file ({len(data)} bytes)")
    found = int.from_bytes(data[:4], "big")
    if found != magic:
        kind = "images" if magic == IMAGES_MAGIC else "labels"
        raise DataError(
            f"{path}: not an IDX {kind} file (magic number {found:#010x}, expected {magic:#010x})"
        )
    if len(data) < header:
        raise DataError(f"{path}: the header is cut short")
    dims = tuple(int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    expected = math.prod(dims)  # Python integers: (2³¹, 2³¹, 4) is 2⁶⁶ bytes, not 0
    if expected > MAX_BYTES:
        raise DataError(
            f"{path}: the header declares shape {dims}, {expected:,} bytes; "
            f"an MNIST file holds at most {MAX_BYTES // 2**20} MB"
        )
    body = len(data) - header
    if body < expected:
        raise DataError(
            f"{path}: truncated: the header promises {expected:,} bytes of data "
            f"for shape {dims}, found {body:,}"
        )
    if body > expected:
        raise DataError(f"{path}: {body - expected:,} unexpected bytes after the data")
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(dims)


def _check(images: NDArray[np.uint8], labels: NDArray[np.uint8], where: str) -> None:
    if images.ndim != 3 or images.shape[1:] != (SIDE, SIDE):
        raise DataError(f"{where}: images must be {SIDE}×{SIDE}, found shape {images.shape}")
    if labels.ndim != 1:
        raise DataError(f"{where}: labels must be one number per image, found {labels.shape}")
    if len(images) != len(labels):
        raise DataError(f"{where}: {len(images):,} images but {len(labels):,} labels")
    if len(images) == 0:
        raise DataError(f"{where}: no images")
    if labels.max() > 9:
        raise DataError(f"{where}: a label is {int(labels.max())}; digits are 0–9")


def _idx_file(folder: Path, stem: str) -> Path | None:
    # Both spellings are in circulation: "train-images-idx3-ubyte" and "train-images.idx3-ubyte".
    kind = "idx3" if "images" in stem else "idx1"
    for sep in ("-", "."):
        for ext in ("", ".gz"):
            candidate = folder / f"{stem}{sep}{kind}-ubyte{ext}"
            if candidate.is_file():
                return candidate
    return None


def load_idx_folder(folder: Path | str) -> Mnist:
    folder = Path(folder)
    files = {key: _idx_file(folder, stem) for key, stem in PARTS.items()}
    missing = [PARTS[key] for key, path in files.items() if path is None]
    if missing:
        raise DataError(f"{folder}: no MNIST file {missing[0]}-*-ubyte[.gz] in this folder")
    arrays = {
        key: read_idx(path, IMAGES_MAGIC if key.endswith("images") else LABELS_MAGIC)
        for key, path in files.items()
        if path is not None
    }
    for part in ("train", "test"):
        _check(arrays[f"{part}_images"], arrays[f"{part}_labels"], str(files[f"{part}_images"]))
    return Mnist(
        arrays["train_images"].reshape(-1, SIDE * SIDE),
        arrays["train_labels"],
        arrays["test_images"].reshape(-1, SIDE * SIDE),
        arrays["test_labels"],
        str(folder),
    )


NPZ_KEYS = ("x_train", "y_train", "x_test", "y_test")


def _read_npy(zf: zipfile.ZipFile, key: str, path: Path, budget: int) -> NDArray[np.generic]:
    """One array of an ``.npz`` archive, its header checked before any data is unpacked.

    ``np.load`` would allocate whatever shape the header declares (a 1 kB file can ask
    for terabytes) and unpack whatever the archive holds; here the declared size must fit
    in ``budget`` bytes and exactly that many bytes are unpacked.
    """
    with zf.open(f"{key}.npy") as fh:
        version = np.lib.format.read_magic(fh)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(fh)
        elif version == (2, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(fh)
        else:
            raise DataError(f"{path}: {key} is in .npy format {version}; not supported")
        if dtype.kind not in "ui":
            raise DataError(f"{path}: {key} holds {dtype} values; expected whole numbers")
        nbytes = math.prod(shape) * dtype.itemsize
        if nbytes > budget:
            raise DataError(
                f"{path}: {key} declares shape {shape}, {nbytes:,} bytes unpacked; "
                f"an MNIST archive holds at most {MAX_BYTES // 2**20} MB"
            )
        data = fh.read(nbytes)
    if len(data) < nbytes:
        raise DataError(f"{path}: {key} is cut short ({len(data):,} of {nbytes:,} bytes)")
    return np.frombuffer(data, dtype=dtype).reshape(shape, order="F" if fortran else "C")


def _read_npz(fh: BinaryIO, path: Path) -> dict[str, NDArray[np.generic]]:
    with zipfile.ZipFile(fh) as zf:
        names = set(zf.namelist())
        missing = [k for k in NPZ_KEYS if f"{k}.npy" not in names]
        if missing:
            raise DataError(f"{path}: no array {missing[0]!r}; not a Keras mnist.npz")
        arrays: dict[str, NDArray[np.generic]] = {}
        budget = MAX_BYTES  # for all four arrays together, unpacked
        for key in NPZ_KEYS:
            arrays[key] = _read_npy(zf, key, path, budget)
            budget -= arrays[key].nbytes
    return arrays


def load_npz(path: Path | str) -> Mnist:
    """Keras's ``mnist.npz``: arrays ``x_train``, ``y_train``, ``x_test``, ``y_test``."""
    path = Path(path)
    try:
        with open_regular_file(path, MAX_BYTES, WHAT) as fh:
            if fh.read(6) == b"\x93NUMPY":
                raise DataError(f"{path}: a single array, not a Keras mnist.npz archive")
            fh.seek(0)
            arrays = _read_npz(fh, path)
    except DataError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
        # RuntimeError: an encrypted member; NotImplementedError: an unknown compression
        raise DataError(f"{path}: the .npz file is damaged or cut short") from None
    except ValueError as err:
        raise DataError(f"{path}: not a readable .npz file ({err})") from None
    except OSError as err:
        raise DataError(f"{path}: cannot read the file ({err.strerror or err})") from None
    for key, value in arrays.items():
        if value.size and (value.min() < 0 or value.max() > 255):
            raise DataError(f"{path}: {key} has values outside 0–255")
    out = {k: v.astype(np.uint8) for k, v in arrays.items()}
    _check(out["x_train"], out["y_train"], f"{path} (train)")
    _check(out["x_test"], out["y_test"], f"{path} (test)")
    return Mnist(
        out["x_train"].reshape(-1, SIDE * SIDE),
        out["y_train"],
        out["x_test"].reshape(-1, SIDE * SIDE),
        out["y_test"],
        str(path),
    )


def usual_places() -> list[Path]:
    """Where other tools leave MNIST, in the order we look."""
    home = Path.home()
    return [
        home / ".keras" / "datasets" / "mnist.npz",
        home / "scikit_learn_data" / "mnist.npz",
        home / "scikit_learn_data" / "mnist",
        home / ".cache" / "nnguide" / "mnist",
        home / ".cache" / "mnist",
        home / ".cache" / "MNIST" / "raw",
    ]


def _looks_like_mnist(path: Path) -> bool:
    if path.is_file():
        return True
    return path.is_dir() and (
        (path / "mnist.npz").is_file() or _idx_file(path, PARTS["train_images"]) is not None
    )


def find_mnist(path: str | os.PathLike[str] | None = None) -> Path:
    """The MNIST location to use: ``path``, else ``$NNGUIDE_MNIST``, else a usual place."""
    explicit = path or os.environ.get(ENV_VAR)
    if explicit:
        p = Path(explicit).expanduser()
        if not p.exists():
            raise DataError(f"{p}: no such file or folder (looking for MNIST)")
        return p
    for candidate in usual_places():
        if _looks_like_mnist(candidate):
            return candidate
    raise DataError(
        "MNIST files not found; nnguide never downloads them. Point to a folder with the "
        f"four IDX files or to a mnist.npz with --mnist PATH or the {ENV_VAR} variable"
    )


def load_mnist(path: str | os.PathLike[str] | None = None) -> Mnist:
    """Load MNIST from ``path`` (folder of IDX files, folder with mnist.npz, or the .npz)."""
    where = find_mnist(path)
    if where.is_dir():
        if _idx_file(where, PARTS["train_images"]) is None and (where / "mnist.npz").is_file():
            return load_npz(where / "mnist.npz")
        for sub in (where / "MNIST" / "raw", where / "raw"):
            if _idx_file(where, PARTS["train_images"]) is None and sub.is_dir():
                return load_idx_folder(sub)
        return load_idx_folder(where)
    return load_npz(where)


def mnist_dataset(path: str | os.PathLike[str] | None = None) -> Dataset:
    """MNIST as a table of 784 pixel columns (0–255) and a ``digit`` column, train rows first."""
    data = load_mnist(path)
    X = np.concatenate([data.X_train, data.X_test]).astype(np.float32)
    y = np.concatenate([data.y_train, data.y_test]).astype(np.float64)
    columns: dict[str, np.ndarray] = {name: X[:, i] for i, name in enumerate(PIXEL_NAMES)}
    columns["digit"] = y
    return Dataset(
        "mnist",
        columns,
        f"MNIST, {len(y):,} handwritten digits, 28×28 pixels (0–255) → digit, from {data.source}",
        default_target="digit",
        default_features=list(PIXEL_NAMES),
        classes=[str(d) for d in range(10)],
        allow_constant_features=True,
    )
