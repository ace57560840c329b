"""Malformed files and arguments through the real ``nnguide`` command: each gives exactly one
line on stderr that names the problem, a non-zero exit, and never a traceback.

Saved models (``nnguide predict``), MNIST files (``nnguide fit mnist --mnist``) and a few
bad arguments; the malformed-CSV table lives in tests/conftest.py and is run by the CLI tests.
"""

from __future__ import annotations

import gzip
import json
import os
import pickle
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

GOOD_MODEL = {
    "format": "nnguide-model",
    "version": 1,
    "task": "regression",
    "features": ["a"],
    "target": "y",
    "classes": None,
    "loss": "mse",
    "weights": [[2.0]],
    "bias": [1.0],
}
CSV = "a,y\n1,3\n2,5\n3,7\n"


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NNGUIDE_MNIST=str(cwd / "nowhere"), HOME=str(cwd))
    return subprocess.run(
        [sys.executable, "-m", "nnguide", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def _assert_one_clear_line(result: subprocess.CompletedProcess[str], *expect: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and 'File "' not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("nnguide: error: ")
    for fragment in expect:
        assert fragment in lines[0], lines[0]


def _model(**changes: object) -> bytes:
    doc = {**GOOD_MODEL, **changes}
    return json.dumps({k: v for k, v in doc.items() if v is not ...}).encode()


MODELS: dict[str, tuple[bytes, str]] = {
    "pickle": (pickle.dumps({"weights": [[1.0]]}), "not JSON"),
    "pickle-with-reduce": (b"cos\nsystem\n(S'echo hacked'\ntR.", "not JSON"),
    "empty": (b"", "not JSON"),
    "binary": (bytes(range(256)), "not JSON"),
    "json-list": (b"[1, 2, 3]", "not written by nnguide"),
    "foreign-json": (b'{"model": "sklearn", "coef": [1]}', "not written by nnguide"),
    "future-version": (_model(version=99), "version 99"),
    "unknown-task": (_model(task="clustering"), "unknown task"),
    "nan-literal": (_model().replace(b"[[2.0]]", b"[[NaN]]"), "not JSON"),
    "huge-number": (_model().replace(b"[[2.0]]", b"[[1e999]]"), "NaN or infinity"),
    "text-weights": (_model(weights=[["two"]]), "must be numbers"),
    "wrong-shape": (_model(weights=[2.0]), "wrong shape"),
    "shapes-disagree": (_model(weights=[[1.0], [2.0]]), "do not fit together"),
    "no-features": (_model(features=[]), "'features'"),
    "missing-bias": (_model(bias=...), "'bias'"),
    "classes-missing": (_model(task="classification", loss="cross-entropy"), "'classes'"),
    "truncated": (_model()[:40], "not JSON"),
    "latin-1": ('{"format": "caf\u00e9"}'.encode("latin-1"), "not JSON"),
}


@pytest.mark.parametrize("case", list(MODELS))
def test_malformed_saved_model(tmp_path: Path, case: str) -> None:
    content, expect = MODELS[case]
    (tmp_path / "model.json").write_bytes(content)
    (tmp_path / "data.csv").write_text(CSV)
    result = _run("predict", "model.json", "data.csv", cwd=tmp_path)
    _assert_one_clear_line(result, "model.json", expect)


def test_saved_model_round_trip_still_works(tmp_path: Path) -> None:
    (tmp_path / "model.json").write_bytes(_model())
    (tmp_path / "data.csv").write_text(CSV)
    result = _run("predict", "model.json", "data.csv", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["predictions"] == [3.0, 5.0, 7.0]


def test_model_file_that_is_a_folder_or_missing(tmp_path: Path) -> None:
    (tmp_path / "data.csv").write_text(CSV)
    (tmp_path / "dir.json").mkdir()
    for name in ("dir.json", "missing.json"):
        _assert_one_clear_line(_run("predict", name, "data.csv", cwd=tmp_path), name)


def test_model_whose_features_are_not_in_the_data(tmp_path: Path) -> None:
    (tmp_path / "model.json").write_bytes(_model(features=["zz"]))
    (tmp_path / "data.csv").write_text(CSV)
    _assert_one_clear_line(_run("predict", "model.json", "data.csv", cwd=tmp_path), "zz")


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
    "html-error-page": ({"train-images-idx3-ubyte": b"<html>404 Not Found</html>"}, "IDX"),
}


@pytest.mark.parametrize("case", list(MNIST))
def test_malformed_mnist_folder(tmp_path: Path, case: str) -> None:
    override, expect = MNIST[case]
    folder = _mnist_folder(tmp_path, **override)
    if case == "bad-gzip":
        (folder / "train-images-idx3-ubyte").unlink()
    result = _run("fit", "mnist", "--mnist", str(folder), "--steps", "1", cwd=tmp_path)
    _assert_one_clear_line(result, expect)


def _npz(path: Path, **arrays: np.ndarray) -> Path:
    np.savez(path, **arrays)
    return path


def test_malformed_mnist_npz(tmp_path: Path) -> None:
    x = np.zeros((2, 28, 28), np.uint8)
    y = np.array([1, 2], np.uint8)
    cases = {
        "missing-array.npz": (_npz(tmp_path / "missing-array.npz", x_train=x), "no array"),
        "floats.npz": (
            _npz(
                tmp_path / "floats.npz",
                x_train=x.astype(float) + 0.5,
                y_train=y,
                x_test=x,
                y_test=y,
            ),
            "whole numbers",
        ),
        "not-a-zip.npz": (tmp_path / "not-a-zip.npz", "npz"),
        "bad-zip.npz": (tmp_path / "bad-zip.npz", "npz"),
    }
    (tmp_path / "not-a-zip.npz").write_bytes(b"hello")
    with zipfile.ZipFile(tmp_path / "bad-zip.npz", "w") as zf:
        zf.writestr("x_train.npy", b"garbage")
    for name, (path, expect) in cases.items():
        result = _run("fit", "mnist", "--mnist", str(path), "--steps", "1", cwd=tmp_path)
        _assert_one_clear_line(result, expect)
        assert name in result.stderr or str(path) in result.stderr


def test_mnist_nowhere_to_be_found(tmp_path: Path) -> None:
    result = _run("fit", "mnist", "--steps", "1", cwd=tmp_path)
    _assert_one_clear_line(result, "MNIST")


def test_gzip_that_unpacks_to_garbage(tmp_path: Path) -> None:
    folder = _mnist_folder(tmp_path, **{"train-images-idx3-ubyte.gz": gzip.compress(b"x" * 100)})
    (folder / "train-images-idx3-ubyte").unlink()
    result = _run("fit", "mnist", "--mnist", str(folder), "--steps", "1", cwd=tmp_path)
    _assert_one_clear_line(result, "train-images")


@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (["softmax", "nan"], "not a finite number"),
        (["softmax", "1e999"], "not a finite number"),
        (["softmax", "one"], "not a number"),
        (["fit", "houses-3", "--steps", "-5"], "must not be negative"),
        (["fit", "houses-3", "--lr", "inf"], "not a finite number"),
        (["serve", "--workers", "0", "--no-browser"], "--workers"),
        (["serve", "--port", "70000", "--no-browser"], "--port"),
        (["predict"], "required"),
        (["no-such-command"], "invalid choice"),
    ],
)
def test_bad_arguments(tmp_path: Path, args: list[str], expect: str) -> None:
    result = _run(*args, cwd=tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert expect in result.stderr.strip().splitlines()[-1]
