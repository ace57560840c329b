"""The data files inside the package: identical to their sources, read without scikit-learn.

scikit-learn is only in the test extra; these tests use it as the reference for the
digits and iris tables it also ships.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from importlib import resources

import numpy as np
import pytest

from nnguide.data import load_dataset
from nnguide.data.bundled import IRIS_CLASSES, IRIS_FEATURES, PENGUIN_MEASURES
from nnguide.data.digits import digits_arrays

datasets = pytest.importorskip("sklearn.datasets")

SHA256 = {
    "digits.csv.gz": "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22",
    "penguins.csv": "f204db2c753b0937caac3cb35258562c14f073e4bbc76be24b4c51ce22767a93",
}


@pytest.mark.parametrize("filename", list(SHA256))
def test_files_copied_byte_for_byte(filename):
    data = resources.files("nnguide.data").joinpath(filename).read_bytes()
    assert hashlib.sha256(data).hexdigest() == SHA256[filename]


def test_the_data_readme_names_every_file_and_licence():
    readme = resources.files("nnguide.data").joinpath("README.md").read_text(encoding="utf-8")
    for fragment in [
        "digits.csv.gz",
        "iris.csv",
        "penguins.csv",
        "houses.csv",
        "Alpaydin",
        "Kaynak",
        "Fisher",
        "Gorman",
        "CC BY 4.0",
        "CC0",
        *SHA256.values(),
    ]:
        assert fragment in readme


def test_digits_are_bit_identical_to_scikit_learn():
    X, y = digits_arrays()
    bunch = datasets.load_digits()
    assert X.shape == (1797, 64) and y.shape == (1797,)
    assert X.dtype == bunch.data.dtype and X.tobytes() == bunch.data.tobytes()
    assert np.array_equal(y, bunch.target) and y.dtype.kind == bunch.target.dtype.kind
    assert X.min() == 0 and X.max() == 16 and set(y.tolist()) == set(range(10))


def test_digits_arrays_are_shared_read_only():
    X, _ = digits_arrays()
    with pytest.raises(ValueError):
        X[0, 0] = 99.0


def test_iris_matches_scikit_learn():
    bunch = datasets.load_iris()
    ds = load_dataset("iris")
    X = np.column_stack([ds.numeric(name) for name in IRIS_FEATURES])
    assert X.tobytes() == bunch.data.tobytes()
    names = [IRIS_CLASSES[i] for i in bunch.target]
    assert ds.columns["species"].tolist() == names
    assert list(bunch.target_names) == IRIS_CLASSES
    sel = ds.select()
    assert (sel.X.shape, sel.task, sel.classes) == ((150, 4), "classification", IRIS_CLASSES)


def test_penguins_keeps_the_342_measured_birds():
    ds = load_dataset("penguins")
    sel = ds.select()
    assert sel.task == "regression" and sel.target == "body_mass_g"
    assert sel.features == ["bill_length_mm", "bill_depth_mm", "flipper_length_mm"]
    assert sel.X.shape == (342, 3)
    # Published summaries of the data set (palmerpenguins documentation).
    assert ds.numeric("body_mass_g").mean() == pytest.approx(4201.754, abs=1e-3)
    assert ds.numeric("flipper_length_mm").min() == 172
    assert ds.numeric("flipper_length_mm").max() == 231
    species = ds.select("species")
    assert species.classes == ["Adelie", "Chinstrap", "Gentoo"]
    assert species.features == PENGUIN_MEASURES
    counts = {c: int(np.sum(species.y == c)) for c in species.classes}
    assert counts == {"Adelie": 151, "Chinstrap": 68, "Gentoo": 123}


def test_nnguide_imports_no_scikit_learn_or_scipy():
    code = (
        "import sys\n"
        "from nnguide.data import load_dataset\n"
        "from nnguide.cli import main\n"
        "for name in ('digits', 'iris', 'penguins'):\n"
        "    load_dataset(name).select()\n"
        "main(['datasets'])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy'))\n"
        "assert not bad, bad\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_the_wheel_metadata_does_not_require_scikit_learn():
    from importlib.metadata import requires

    runtime = [r for r in requires("nnguide") or [] if "extra ==" not in r]
    assert runtime, "nnguide declares its runtime dependencies"
    assert not any(r.lower().startswith(("scikit-learn", "scipy")) for r in runtime), runtime
