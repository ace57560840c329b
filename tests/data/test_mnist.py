"""The MNIST loader on small IDX and npz files made here, including broken ones."""

from __future__ import annotations

import gzip
import io
import os
import zipfile
from pathlib import Path

import numpy as np
import pytest

from nnguide.data import mnist
from nnguide.errors import DataError


def idx_bytes(array: np.ndarray, magic: int | None = None) -> bytes:
    magic = magic if magic is not None else (0x0800 | array.ndim)
    header = magic.to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in array.shape)
    return header + array.astype(np.uint8).tobytes()


def sample(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, (n, 28, 28), dtype=np.uint8), rng.integers(0, 10, n, dtype=np.uint8)


def write_idx_folder(folder: Path, *, gz: bool = False, sep: str = "-") -> dict[str, np.ndarray]:
    folder.mkdir(parents=True, exist_ok=True)
    (xtr, ytr), (xte, yte) = sample(7, 1), sample(3, 2)
    arrays = {"train-images": xtr, "train-labels": ytr, "t10k-images": xte, "t10k-labels": yte}
    for stem, arr in arrays.items():
        kind = "idx3" if arr.ndim == 3 else "idx1"
        data = idx_bytes(arr)
        name = f"{stem}{sep}{kind}-ubyte" + (".gz" if gz else "")
        (folder / name).write_bytes(gzip.compress(data) if gz else data)
    return arrays


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("sep", ["-", "."])
def test_idx_folder_round_trip(tmp_path: Path, gz: bool, sep: str) -> None:
    arrays = write_idx_folder(tmp_path / "m", gz=gz, sep=sep)
    data = mnist.load_mnist(tmp_path / "m")
    assert data.X_train.shape == (7, 784) and data.X_test.shape == (3, 784)
    np.testing.assert_array_equal(data.X_train, arrays["train-images"].reshape(7, 784))
    np.testing.assert_array_equal(data.y_test, arrays["t10k-labels"])


def test_npz_round_trip(tmp_path: Path) -> None:
    (xtr, ytr), (xte, yte) = sample(5, 3), sample(2, 4)
    path = tmp_path / "mnist.npz"
    np.savez(path, x_train=xtr, y_train=ytr, x_test=xte, y_test=yte)
    data = mnist.load_mnist(path)
    np.testing.assert_array_equal(data.X_test, xte.reshape(2, 784))
    np.testing.assert_array_equal(data.y_train, ytr)
    # A folder holding mnist.npz works too.
    assert mnist.load_mnist(tmp_path).X_train.shape == (5, 784)


def test_found_through_environment_and_usual_places(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_idx_folder(tmp_path / "env")
    monkeypatch.setenv(mnist.ENV_VAR, str(tmp_path / "env"))
    assert mnist.find_mnist() == tmp_path / "env"
    monkeypatch.delenv(mnist.ENV_VAR)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    with pytest.raises(DataError, match="never downloads"):
        mnist.find_mnist()
    write_idx_folder(tmp_path / "home" / ".cache" / "mnist", gz=True)
    assert mnist.load_mnist().X_train.shape == (7, 784)


def test_dataset_has_784_pixels_and_a_digit(tmp_path: Path) -> None:
    write_idx_folder(tmp_path)
    ds = mnist.mnist_dataset(tmp_path)
    assert ds.n_rows == 10 and len(ds.columns) == 785
    sel = ds.select(task="classification")
    assert sel.X.shape == (10, 784) and sel.classes == [str(d) for d in range(10)]


def _corrupt(folder: Path, case: str) -> Path:
    """Break one file of a good folder; return the file that is now wrong."""
    images = folder / "train-images-idx3-ubyte"
    labels = folder / "train-labels-idx1-ubyte"
    good = images.read_bytes()
    if case == "truncated":
        images.write_bytes(good[:-10])
        return images
    if case == "extra-bytes":
        images.write_bytes(good + b"\0\0")
        return images
    if case == "wrong-magic":
        images.write_bytes(b"\x00\x00\x08\x01" + good[4:])
        return images
    if case == "not-idx":
        images.write_bytes(b"hello, world")
        return images
    if case == "tiny":
        images.write_bytes(b"\x00")
        return images
    if case == "cut-header":
        images.write_bytes(good[:9])
        return images
    if case == "wrong-size":
        images.write_bytes(idx_bytes(np.zeros((7, 8, 8), np.uint8)))
        return images
    if case == "label-count":
        labels.write_bytes(idx_bytes(np.zeros(6, np.uint8)))
        return images
    if case == "label-range":
        labels.write_bytes(idx_bytes(np.full(7, 12, np.uint8)))
        return images
    if case == "bad-gzip":
        images.unlink()
        bad = folder / "train-images-idx3-ubyte.gz"
        bad.write_bytes(gzip.compress(good)[:-20])
        return bad
    if case == "missing":
        images.unlink()
        return folder
    raise AssertionError(case)


EXPECT = {
    "truncated": "truncated",
    "extra-bytes": "unexpected bytes",
    "wrong-magic": "magic number",
    "not-idx": "magic number",
    "tiny": "too short",
    "cut-header": "header is cut short",
    "wrong-size": "28×28",
    "label-count": "7 images but 6 labels",
    "label-range": "digits are 0–9",
    "bad-gzip": "damaged or cut short",
    "missing": "train-images",
}


@pytest.mark.parametrize("case", list(EXPECT))
def test_corrupt_idx_gives_one_clear_message(tmp_path: Path, case: str) -> None:
    write_idx_folder(tmp_path)
    culprit = _corrupt(tmp_path, case)
    with pytest.raises(DataError) as info:
        mnist.load_mnist(tmp_path)
    message = str(info.value)
    assert EXPECT[case] in message
    assert str(culprit) in message
    assert "\n" not in message


def test_corrupt_npz(tmp_path: Path) -> None:
    (xtr, ytr), (xte, yte) = sample(5, 3), sample(2, 4)
    path = tmp_path / "mnist.npz"
    np.savez(path, x_train=xtr, y_train=ytr, x_test=xte, y_test=yte)
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 2])
    with pytest.raises(DataError, match="mnist.npz"):
        mnist.load_mnist(path)
    np.savez(path, x_train=xtr, y_train=ytr, x_test=xte)
    with pytest.raises(DataError, match="no array 'y_test'"):
        mnist.load_mnist(path)
    np.savez(path, x_train=xtr.astype(float), y_train=ytr, x_test=xte, y_test=yte)
    with pytest.raises(DataError, match="whole numbers"):
        mnist.load_mnist(path)
    np.save(tmp_path / "single.npy", xtr)
    with pytest.raises(DataError, match="single array"):
        mnist.load_mnist(tmp_path / "single.npy")
    (tmp_path / "text.npz").write_text("not a zip file")
    with pytest.raises(DataError, match="text.npz"):
        mnist.load_mnist(tmp_path / "text.npz")


def test_missing_path_is_named(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file"):
        mnist.load_mnist(tmp_path / "nowhere")


# Hostile files: sizes that overflow, archives that declare or unpack far more than MNIST.


def _npy_header(shape: tuple[int, ...], dtype: str = "|u1") -> bytes:
    """A valid .npy (format 1.0) header for an array of ``shape``, with no data after it."""
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buffer, {"descr": dtype, "fortran_order": False, "shape": shape}
    )
    return b"\x93NUMPY\x01\x00" + buffer.getvalue()[8:]


def _npz_with(path: Path, members: dict[str, bytes], deflate: bool = True) -> Path:
    method = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_idx_dimensions_whose_product_overflows_int64(tmp_path: Path) -> None:
    """(2³¹, 2³¹, 4) is 2⁶⁶ bytes; in int64 arithmetic it wraps to 0 and passes a size check."""
    folder = tmp_path / "m"
    write_idx_folder(folder)
    header = (0x0803).to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in (2**31, 2**31, 4))
    (folder / "train-images-idx3-ubyte").write_bytes(header)
    with pytest.raises(DataError) as info:
        mnist.load_mnist(folder)
    assert str(info.value) == (
        f"{folder / 'train-images-idx3-ubyte'}: the header declares shape "
        "(2147483648, 2147483648, 4), 18,446,744,073,709,551,616 bytes; "
        "an MNIST file holds at most 200 MB"
    )


def test_a_tiny_npz_declaring_a_huge_array(tmp_path: Path) -> None:
    """np.load would try to allocate the declared shape (MemoryError); it is refused first."""
    small = _npy_header((2,), "|u1") + b"\x01\x02"
    path = _npz_with(
        tmp_path / "mnist.npz",
        {
            "x_train.npy": _npy_header((2**40, 28, 28)),
            "y_train.npy": small,
            "x_test.npy": small,
            "y_test.npy": small,
        },
    )
    assert path.stat().st_size < 2000
    with pytest.raises(DataError) as info:
        mnist.load_mnist(path)
    assert str(info.value) == (
        f"{path}: x_train declares shape (1099511627776, 28, 28), "
        "862,017,116,176,384 bytes unpacked; an MNIST archive holds at most 200 MB"
    )


def test_the_unpacked_size_of_all_arrays_together_is_capped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each array fits under the cap but all four do not: a compressed bomb stops at the cap."""
    monkeypatch.setattr(mnist, "MAX_BYTES", 3 * 784 * 100)
    x = np.zeros((100, 28, 28), np.uint8)  # 78,400 zero bytes compress to almost nothing
    y = np.zeros(100, np.uint8)
    path = tmp_path / "bomb.npz"
    np.savez_compressed(path, x_train=x, y_train=y, x_test=np.concatenate([x, x, x]), y_test=y)
    assert path.stat().st_size < 5000
    with pytest.raises(DataError, match=r"bomb.npz: x_test declares shape \(300, 28, 28\)"):
        mnist.load_mnist(path)
    # Within the cap, the same kind of archive loads.
    np.savez_compressed(path, x_train=x, y_train=y, x_test=x, y_test=y)
    assert mnist.load_mnist(path).X_test.shape == (100, 784)


def test_npz_members_that_are_cut_short_or_not_arrays(tmp_path: Path) -> None:
    good = _npy_header((2,)) + b"\x01\x02"
    short = _npz_with(
        tmp_path / "short.npz",
        {
            "x_train.npy": _npy_header((2, 28, 28)) + b"\x00" * 10,
            "y_train.npy": good,
            "x_test.npy": good,
            "y_test.npy": good,
        },
    )
    with pytest.raises(DataError, match=r"short.npz: x_train is cut short \(10 of 1,568 bytes\)"):
        mnist.load_mnist(short)
    objects = _npz_with(
        tmp_path / "objects.npz",
        {name: _npy_header((2,), "|O") for name in ("x_train.npy", "y_train.npy")}
        | {"x_test.npy": good, "y_test.npy": good},
    )
    with pytest.raises(DataError, match=r"objects.npz: x_train holds object values"):
        mnist.load_mnist(objects)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_not_mnist_files(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device} here")
    with pytest.raises(DataError, match=f"^{device}: a device, not an MNIST file"):
        mnist.load_mnist(device)


def test_an_idx_file_that_is_a_fifo(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    write_idx_folder(folder)
    (folder / "t10k-labels-idx1-ubyte").unlink()
    os.mkfifo(folder / "t10k-labels-idx1-ubyte")
    with pytest.raises(DataError, match="no MNIST file t10k-labels"):
        mnist.load_mnist(folder)
    with pytest.raises(DataError, match="t10k-labels-idx1-ubyte: a pipe, not an MNIST file"):
        mnist.read_idx(folder / "t10k-labels-idx1-ubyte", mnist.LABELS_MAGIC)
