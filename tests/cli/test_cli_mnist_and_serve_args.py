"""`nnguide fit mnist` on broken MNIST files, and `serve`'s argument checks: one clear line,
a non-zero exit, never a traceback. (The loader's own checks are in tests/data/test_mnist.py;
these hold the command to the same contract.)
"""

from __future__ import annotations

import gzip
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # No real MNIST may be found by accident: point the usual places somewhere empty.
    env = dict(os.environ, HOME=str(cwd))
    env.pop("NNGUIDE_MNIST", None)
    return subprocess.run(
        [sys.executable, "-m", "nnguide", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def _idx(magic: int, dims: tuple[int, ...], data: bytes | None = None) -> bytes:
    header = struct.pack(">HBB", 0, 0x08, magic & 0xFF) + struct.pack(f">{len(dims)}I", *dims)
    return header + (data if data is not None else bytes(int(np.prod(dims))))


def _mnist_folder(root: Path, **override: bytes) -> Path:
    """Four tiny IDX files (2 images each), with any of them replaced."""
    folder = root / "mnist"
    folder.mkdir()
    files = {
        "train-images-idx3-ubyte": _idx(0x0803, (2, 28, 28)),
        "train-labels-idx1-ubyte": _idx(0x0801, (2,), b"\x01\x02"),
        "t10k-images-idx3-ubyte": _idx(0x0803, (2, 28, 28)),
        "t10k-labels-idx1-ubyte": _idx(0x0801, (2,), b"\x03\x04"),
    }
    for name, content in {**files, **override}.items():
        (folder / name).write_bytes(content)
    return folder


MNIST: dict[str, tuple[dict[str, bytes], str]] = {
    "empty-images": ({"train-images-idx3-ubyte": b""}, "too short"),
    "wrong-magic": ({"train-images-idx3-ubyte": _idx(0x0801, (2, 28, 28))}, "train-images"),
    "cut-short": ({"train-images-idx3-ubyte": _idx(0x0803, (2, 28, 28))[:500]}, "train-images"),
    "trailing-bytes": (
        {"train-images-idx3-ubyte": _idx(0x0803, (2, 28, 28)) + b"xx"},
        "unexpected bytes",
    ),
    "wrong-size": ({"train-images-idx3-ubyte": _idx(0x0803, (2, 27, 27))}, "28×28"),
    "label-out-of-range": ({"train-labels-idx1-ubyte": _idx(0x0801, (2,), b"\x01\x0c")}, "0–9"),
    "count-mismatch": ({"train-labels-idx1-ubyte": _idx(0x0801, (1,), b"\x01")}, "labels"),
    "bad-gzip": ({"train-images-idx3-ubyte.gz": b"\x1f\x8bnot really gzip"}, "gzip"),
    "gzip-of-garbage": ({"train-images-idx3-ubyte.gz": gzip.compress(b"x" * 100)}, "IDX"),
    "html-error-page": ({"train-images-idx3-ubyte": b"<html>404 Not Found</html>"}, "IDX"),
}


@pytest.mark.parametrize("case", list(MNIST))
def test_malformed_mnist_folder(tmp_path: Path, one_line_error, case: str) -> None:
    override, expect = MNIST[case]
    folder = _mnist_folder(tmp_path, **override)
    if case in ("bad-gzip", "gzip-of-garbage"):
        (folder / "train-images-idx3-ubyte").unlink()
    proc = _run("fit", "mnist", "--mnist", str(folder), "--steps", "1", cwd=tmp_path)
    one_line_error(proc, expect)


def test_malformed_mnist_npz(tmp_path: Path, one_line_error) -> None:
    x = np.zeros((2, 28, 28), np.uint8)
    y = np.array([1, 2], np.uint8)
    np.savez(tmp_path / "missing-array.npz", x_train=x)
    np.savez(tmp_path / "floats.npz", x_train=x + 0.5, y_train=y, x_test=x, y_test=y)
    (tmp_path / "not-a-zip.npz").write_bytes(b"hello")
    with zipfile.ZipFile(tmp_path / "bad-zip.npz", "w") as zf:
        zf.writestr("x_train.npy", b"garbage")
        for key in ("y_train", "x_test", "y_test"):
            zf.writestr(f"{key}.npy", b"garbage")
    cases = {
        "missing-array.npz": "no array 'y_train'",
        "floats.npz": "whole numbers",
        "not-a-zip.npz": ".npz file is damaged",
        "bad-zip.npz": "not a readable .npz file",
    }
    for name, expect in cases.items():
        proc = _run("fit", "mnist", "--mnist", str(tmp_path / name), "--steps", "1", cwd=tmp_path)
        one_line_error(proc, name, expect)


def test_mnist_nowhere_to_be_found(tmp_path: Path, one_line_error) -> None:
    one_line_error(_run("fit", "mnist", "--steps", "1", cwd=tmp_path), "MNIST files not found")


@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (["serve", "--workers", "0", "--no-browser"], "--workers: '0' is not between 1 and 64"),
        (["serve", "--port", "70000", "--no-browser"], "--port: '70000' is not between 1 and"),
        (["predict"], "the following arguments are required: MODEL, DATA"),
        (["no-such-command"], "invalid choice: 'no-such-command'"),
    ],
)
def test_bad_arguments_exit_2(tmp_path: Path, args: list[str], expect: str) -> None:
    proc = _run(*args, cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert expect in lines[0] and lines[0].endswith("--help)")
