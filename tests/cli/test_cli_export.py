"""`nnguide export`: a saved model as a numpy-only script (or its JSON), and the script run
on a CSV prints what `nnguide predict` prints; `nnguide serve --data` refuses what the page
could not use, before any server starts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

DATA = Path(__file__).resolve().parents[2] / "src" / "nnguide" / "data"


def _script(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(path), *args], capture_output=True, text=True, timeout=60
    )


@pytest.fixture(scope="module")
def penguins_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The penguins file with the two unmeasured birds left out (as nnguide loads it)."""
    lines = (DATA / "penguins.csv").read_text(encoding="utf-8").splitlines()
    kept = [lines[0]] + [line for line in lines[1:] if ",NA,NA,NA,NA," not in line]
    path = tmp_path_factory.mktemp("csv") / "penguins.csv"
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path


CASES = [
    # data for fit, extra fit arguments, the CSV to predict
    ("iris", ["--test-size", "0.25"], DATA / "iris.csv"),
    ("penguins", [], None),
    ("penguins", ["--target", "species", "--steps", "300", "--lr", "1"], None),
    ("houses-10", ["--solver", "gd", "--steps", "200"], DATA / "houses.csv"),
    ("iris", ["--hidden", "6", "--activation", "tanh", "--steps", "300"], DATA / "iris.csv"),
    ("penguins", ["--hidden", "5,3", "--activation", "relu", "--steps", "300"], None),
    ("penguins", ["--target", "species", "--hidden", "4", "--activation", "sigmoid"], None),
]


@pytest.mark.parametrize(("data", "args", "csv"), CASES, ids=[f"{c[0]}{c[1]}" for c in CASES])
def test_the_script_prints_what_predict_prints(run, tmp_path, penguins_csv, data, args, csv):
    csv = csv or penguins_csv
    model = tmp_path / "model.json"
    assert run("fit", data, *args, "--save", model).returncode == 0
    out = run("export", model, "-o", tmp_path / "model.py")
    assert out.returncode == 0 and out.stdout == f"script written to {tmp_path / 'model.py'}\n"
    script = (tmp_path / "model.py").read_text(encoding="utf-8")
    assert "import numpy as np" in script and "nnguide" not in script.split('"""')[2]

    text, mine = run("predict", model, csv), _script(tmp_path / "model.py", str(csv))
    assert text.returncode == 0 and mine.returncode == 0, mine.stderr
    assert mine.stdout == text.stdout  # the same table, character for character

    ours = json.loads(run("predict", model, csv, "--json").stdout)
    theirs = json.loads(_script(tmp_path / "model.py", str(csv), "--json").stdout)
    assert theirs.keys() == ours.keys() and theirs["format"] == "nnguide-predict/1"
    key = "probabilities" if "probabilities" in ours else "predictions"
    np.testing.assert_allclose(theirs[key], ours[key], rtol=0, atol=1e-9)
    if key == "probabilities":
        assert theirs["predictions"] == ours["predictions"]


def test_export_prints_the_script_or_the_json(run, run_json, tmp_path):
    model = tmp_path / "m.json"
    assert run("fit", "houses-3", "--save", model).returncode == 0
    py = run("export", model)
    assert py.returncode == 0 and py.stdout.startswith("#!/usr/bin/env python3")
    compile(py.stdout, "model.py", "exec")  # valid Python
    as_json = run("export", model, "--format", "json")
    assert as_json.returncode == 0
    assert json.loads(as_json.stdout) == json.loads(model.read_text(encoding="utf-8"))
    out = tmp_path / "copy.json"
    assert run("export", model, "--format", "json", "-o", out).returncode == 0
    assert out.read_text(encoding="utf-8") == model.read_text(encoding="utf-8") + "\n"


def test_export_mistakes_are_one_line(run, one_line_error, tmp_path):
    one_line_error(run("export", tmp_path / "missing.json"), "no such model file")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "nnguide-model", "version": true}', encoding="utf-8")
    one_line_error(run("export", bad), "version true is not supported")
    wrong = run("export", bad, "--format", "onnx")
    assert wrong.returncode == 2 and "invalid choice: 'onnx'" in wrong.stderr
    model = tmp_path / "m.json"
    assert run("fit", "houses-3", "--save", model).returncode == 0
    one_line_error(run("export", model, "-o", tmp_path), "is a folder")
    one_line_error(run("export", model, "-o", tmp_path / "no" / "m.py"), "does not exist")


def test_the_script_names_a_bad_cell_like_nnguide(run, tmp_path):
    model = tmp_path / "m.json"
    assert run("fit", "houses-10", "--save", model).returncode == 0
    assert run("export", model, "-o", tmp_path / "m.py").returncode == 0
    data = tmp_path / "d.csv"
    data.write_text("area,bathrooms\n2000,2\n1500,x\n", encoding="utf-8")
    out = _script(tmp_path / "m.py", str(data))
    assert out.returncode == 1 and "line 3: column 'bathrooms'" in out.stderr
    assert "'x'" in out.stderr and "Traceback" not in out.stderr
    data.write_text("area\n2000\n", encoding="utf-8")
    out = _script(tmp_path / "m.py", str(data))
    assert out.returncode == 1 and "no column 'bathrooms'" in out.stderr


def test_serve_data_refuses_what_the_page_could_not_use(run, one_line_error, usage_error, tmp_path):
    usage_error(run("serve", "--no-browser", "--target", "y"), "--target goes with --data")
    one_line_error(run("serve", "--no-browser", "--data", tmp_path / "none.csv"), "no such file")
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("a,y\n1,2\n3\n", encoding="utf-8")
    one_line_error(run("serve", "--no-browser", "--data", ragged), "line 3: 1 values")
    big = tmp_path / "big.csv"
    big.write_text("a,y\n" + "".join(f"{i},{i}\n" for i in range(5001)), encoding="utf-8")
    one_line_error(run("serve", "--no-browser", "--data", big), "5,001 rows", "nnguide fit")
    good = tmp_path / "good.csv"
    good.write_text("a,y\n1,2\n3,4\n", encoding="utf-8")
    one_line_error(run("serve", "--no-browser", "--data", good, "--target", "z"), "no column 'z'")
