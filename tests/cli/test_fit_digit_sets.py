"""`nnguide fit digits` reaches the quality bar out of the box; `fit mnist` reads local files."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from nnguide.cli import main


def test_fit_digits_defaults_reach_96_percent(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fit", "digits", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["n_test"] == 450 and report["steps"] == 972
    assert report["test_accuracy"] >= 0.96


def _write_idx(path: Path, array: np.ndarray) -> None:
    header = (0x0800 | array.ndim).to_bytes(4, "big")
    header += b"".join(d.to_bytes(4, "big") for d in array.shape)
    path.write_bytes(gzip.compress(header + array.astype(np.uint8).tobytes()))


def test_fit_mnist_from_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rng = np.random.default_rng(0)
    for stem, n in (("train", 60), ("t10k", 10)):
        y = np.arange(n) % 10
        images = np.zeros((n, 28, 28), np.uint8)
        for i, digit in enumerate(y):  # each digit lights its own band of rows
            images[i, 2 * digit : 2 * digit + 3, 4:24] = rng.integers(150, 256, (3, 20))
        _write_idx(tmp_path / f"{stem}-images-idx3-ubyte.gz", images)
        _write_idx(tmp_path / f"{stem}-labels-idx1-ubyte.gz", y)
    args = ["fit", "mnist", "--mnist", str(tmp_path), "--steps", "50", "--json"]
    assert main(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report["features"]) == 784 and report["n_test"] == 10
    assert report["test_accuracy"] == 1.0


def test_fit_mnist_with_a_broken_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mnist.npz").write_bytes(b"PK\x03\x04 cut short")
    assert main(["fit", "mnist", "--mnist", str(tmp_path / "mnist.npz")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("nnguide: error: ") and "mnist.npz" in err
    assert err.count("\n") == 1
