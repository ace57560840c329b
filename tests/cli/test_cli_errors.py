"""Mistakes at the command line: one clear line on stderr, a non-zero exit, no traceback."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest


def test_every_malformed_csv_is_one_line_exit_1(
    prefetch, malformed_files, malformed_csv, one_line_error
):
    prefetch.start(case.cli_args(path) for path, case in malformed_files.values())
    path, case = malformed_csv
    line = one_line_error(prefetch.get(case.cli_args(path)), str(path), *case.expect)
    assert len(line) < 300


def test_an_unknown_dataset_name_mentions_the_bundled_ones(run, one_line_error, tmp_path):
    one_line_error(
        run("fit", "houses-11", cwd=tmp_path), "houses-11", "no such file", "nnguide datasets"
    )


@pytest.fixture(scope="module")
def saved_model(tmp_path_factory) -> str:
    """A genuine model file, written once by the real command."""
    import subprocess
    import sys

    path = tmp_path_factory.mktemp("model") / "good.json"
    proc = subprocess.run(
        [sys.executable, "-m", "nnguide", "fit", "houses-10", "--save", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    return path.read_text(encoding="utf-8")


def _model(**changes) -> bytes:
    doc = {
        "format": "nnguide-model",
        "version": 1,
        "task": "regression",
        "features": ["area", "bathrooms"],
        "target": "price",
        "classes": None,
        "loss": "mse",
        "weights": [[0.18], [-10.0]],
        "bias": [3.5],
    }
    doc.update(changes)
    return json.dumps(doc).encode()


BAD_MODELS = {
    "binary-garbage": (b"\x00\x01\x89PNG\xff\xfe garbage", "not JSON"),
    "pickle": (pickle.dumps({"weights": [[1.0]], "bias": [0.0]}), "not JSON"),
    "empty": (b"", "not JSON"),
    "foreign-json": (b'{"name": "something else"}', "not written by nnguide"),
    "json-list": (b"[1, 2, 3]", "not written by nnguide"),
    "deeply-nested": (b"[" * 100_000 + b"]" * 100_000, "not JSON"),
    "future-version": (_model(version=3), "version 3 is not supported"),
    "unknown-task": (_model(task="clustering"), "unknown task 'clustering'"),
    "nan-weights": (_model().replace(b"0.18", b"NaN"), "not JSON"),
    "overflowing-weights": (_model().replace(b"0.18", b"1e999"), "NaN or infinity"),
    "text-weights": (_model(weights=[["a"], ["b"]]), "'weights' must be numbers"),
    "ragged-weights": (_model(weights=[[1.0, 2.0], [3.0]]), "'weights' must be numbers"),
    "shape-mismatch": (_model(weights=[[1.0], [2.0], [3.0]]), "do not fit together"),
    "no-features": (_model(features=[]), "'features' must be a list"),
    "classes-missing": (
        _model(task="classification", weights=[[1.0, 0.0], [0.0, 1.0]], bias=[0.0, 0.0]),
        "'classes' must name one class per output",
    ),
    "pickle-with-reduce": (b"cos\nsystem\n(S'echo hacked'\ntR.", "not JSON"),
    "wrong-shape": (_model(weights=[0.18, -10.0]), "'weights' must be numbers"),
    "missing-bias": (_model(bias=None), "'bias' must be numbers"),
    "truncated-json": (_model()[:40], "not JSON"),
    "latin-1": ('{"format": "caf\u00e9"}'.encode("latin-1"), "not JSON"),
}


@pytest.fixture(scope="module")
def bad_model_files(tmp_path_factory) -> dict[str, Path]:
    directory = tmp_path_factory.mktemp("bad-models")
    paths = {kind: directory / f"{kind}.json" for kind in BAD_MODELS}
    for kind, path in paths.items():
        path.write_bytes(BAD_MODELS[kind][0])
    return paths


@pytest.mark.parametrize("kind", BAD_MODELS)
def test_predict_rejects_a_bad_model_file(prefetch, bad_model_files, one_line_error, kind):
    prefetch.start(["predict", path, "houses-10"] for path in bad_model_files.values())
    path = bad_model_files[kind]
    proc = prefetch.get(["predict", path, "houses-10"])
    one_line_error(proc, str(path), BAD_MODELS[kind][1])


def test_predict_rejects_a_truncated_model_file(run, one_line_error, tmp_path, saved_model):
    assert json.loads(saved_model)["format"] == "nnguide-model"
    for cut in (len(saved_model) // 2, len(saved_model) - 3):
        path = tmp_path / f"cut{cut}.json"
        path.write_text(saved_model[:cut], encoding="utf-8")
        one_line_error(run("predict", path, "houses-10"), str(path), "not JSON")


def test_predict_with_a_missing_model_or_mismatched_data(run, one_line_error, tmp_path):
    missing = tmp_path / "nope.json"
    one_line_error(run("predict", missing, "houses-10"), str(missing), "no such model file")
    model = tmp_path / "m.json"
    model.write_bytes(_model())
    one_line_error(run("predict", model, "houses-3"), "houses-3", "no column 'bathrooms'")
    text_col = tmp_path / "t.csv"
    text_col.write_text("area,bathrooms\n1000,two\n1200,3\n")
    one_line_error(run("predict", model, text_col), str(text_col), "line 2", "'two'")


def test_save_into_a_missing_folder(run, one_line_error, tmp_path):
    target = tmp_path / "no" / "such" / "m.json"
    one_line_error(run("fit", "houses-3", "--save", target), "does not exist")


ARGPARSE_ERRORS = [
    (["--lr", "nan"], ["--lr", "'nan' is not a finite number"]),
    (["--lr", "inf"], ["--lr", "'inf' is not a finite number"]),
    (["--lr", "fast"], ["--lr", "'fast' is not a number"]),
    (["--steps", "-5"], ["--steps", "'-5' must not be negative"]),
    (["--steps", "1.5"], ["--steps", "'1.5' is not a whole number"]),
    (["--batch-size", "-1"], ["--batch-size", "must not be negative"]),
    (["--solver", "newton"], ["--solver", "invalid choice"]),
    (["--task", "ranking"], ["--task", "invalid choice"]),
    (["--loss", "hinge"], ["--loss", "invalid choice"]),
]

VALUE_ERRORS = [
    (["--lr", "-1"], "--lr must be a positive number"),
    (["--lr", "0"], "--lr must be a positive number"),
    (["--lr", "-1e-3"], "--lr must be a positive number"),
    (["--lr-weights", "-1e-8"], "--lr-weights must be a positive number"),
    (["--lr-bias", "0"], "--lr-bias must be a positive number"),
    (["--steps", "5000000"], "--steps must be between 0 and 1,000,000"),
    (["--batch-size", "0"], "--batch-size must be at least 1"),
    (["--test-size", "1.5"], "--test-size must be a fraction"),
    (["--loss", "cross-entropy"], "regression trains on the mean squared error"),
    (["--task", "classification", "--solver", "exact"], "--solver exact is for regression"),
]


@pytest.mark.parametrize(
    ("args", "fragments"),
    ARGPARSE_ERRORS,
    ids=lambda v: " ".join(v) if isinstance(v, list) and v[0].startswith("--") else None,
)
def test_argument_errors_name_the_option(prefetch, args, fragments):
    prefetch.start(["fit", "houses-3", *a] for a, _ in ARGPARSE_ERRORS)
    proc = prefetch.get(["fit", "houses-3", *args])
    assert proc.returncode == 2 and proc.stdout == ""
    assert "Traceback" not in proc.stderr
    last = proc.stderr.splitlines()[-1]
    assert last.startswith("nnguide fit: error: argument ")
    for fragment in fragments:
        assert fragment in last


@pytest.mark.parametrize(
    ("args", "fragment"),
    VALUE_ERRORS,
    ids=lambda v: " ".join(v) if isinstance(v, list) else None,
)
def test_bad_option_values_are_one_clear_line_exit_2(prefetch, usage_error, args, fragment):
    prefetch.start(["fit", "houses-3", "--solver", "gd", *a] for a, _ in VALUE_ERRORS)
    usage_error(prefetch.get(["fit", "houses-3", "--solver", "gd", *args]), fragment)
