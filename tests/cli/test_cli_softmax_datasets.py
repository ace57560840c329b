"""``nnguide softmax``, ``nnguide datasets`` and the entry points themselves."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nnguide import __version__


def _console_script() -> str:
    beside = Path(sys.executable).with_name("nnguide")
    found = str(beside) if beside.exists() else shutil.which("nnguide")
    assert found, "the nnguide console script is not installed"
    return found


def test_the_installed_console_script():
    proc = subprocess.run(
        [_console_script(), "softmax", "2", "4"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "0.1192 0.8808\n"


def test_softmax_2_4_exactly(run):
    proc = run("softmax", "2", "4")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "0.1192 0.8808\n", "")


SOFTMAX_CASES = [
    (["1"], "1.0000"),
    (["1", "1"], "0.5000 0.5000"),
    (["0", "1"], "0.2689 0.7311"),
    (["5", "10"], "0.0067 0.9933"),
    (["-1", "0", "1"], "0.0900 0.2447 0.6652"),
    (["1", "2", "4"], "0.0420 0.1142 0.8438"),
    (["-2.5", "-.5", "1"], "0.0241 0.1780 0.7979"),
    (["1e3", "-1e3"], "1.0000 0.0000"),
    (["-1E3", "1000"], "0.0000 1.0000"),
    (["--", "-1", "0", "1"], "0.0900 0.2447 0.6652"),
]


@pytest.mark.parametrize(
    ("numbers", "expected"),
    SOFTMAX_CASES,
    ids=lambda v: " ".join(v) if isinstance(v, list) else None,
)
def test_softmax_table_and_negative_numbers(prefetch, numbers, expected):
    prefetch.start(["softmax", *n] for n, _ in SOFTMAX_CASES)
    proc = prefetch.get(["softmax", *numbers])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == expected + "\n"


def test_softmax_decimals_and_many_numbers(run):
    assert run("softmax", "2", "4", "--decimals", "2").stdout == "0.12 0.88\n"
    proc = run("softmax", *["0"] * 400)
    values = proc.stdout.split()
    assert len(values) == 400 and set(values) == {"0.0025"}


@pytest.mark.parametrize(
    ("numbers", "fragment"),
    [(["abc"], "'abc' is not a number"), (["1", "nan"], "'nan' is not a finite number")],
)
def test_softmax_refuses_non_numbers(run, numbers, fragment):
    proc = run("softmax", *numbers)
    assert proc.returncode == 2 and proc.stdout == ""
    assert fragment in proc.stderr and "Traceback" not in proc.stderr


def test_softmax_refuses_minus_infinity_as_a_number_not_an_option(run):
    proc = run("softmax", "1", "-inf")
    assert proc.returncode == 2
    assert "'-inf' is not a finite number" in proc.stderr


def test_datasets_lists_every_bundled_dataset(run):
    proc = run("datasets")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    summary = {line.split()[0]: line.split()[1] for line in lines if not line.startswith(" ")}
    assert summary == {
        "houses-3": "3",
        "houses-10": "10",
        "houses-labelled": "10",
        "portland": "47",
        "digits": "1,797",  # thousands separators
        "iris": "150",
        "penguins": "342",
    }
    text = proc.stdout
    assert "columns: area, price; target: price" in text
    assert "columns: area, bathrooms, label; target: label" in text
    assert "65 columns" in text and "target: digit" in text
    assert "$1000s" in text
    assert "species; target: species" in text and "target: body_mass_g" in text
    for fragment in ("Alpaydin", "Fisher (1936)", "Gorman", "licence: CC BY 4.0", "CC0"):
        assert fragment in text


def test_datasets_reads_no_data(monkeypatch, capsys):
    """The listing comes from metadata: every loader may be broken and it still works."""
    import dataclasses

    from nnguide import cli
    from nnguide.data import bundled

    def refuse():
        raise AssertionError("nnguide datasets loaded a dataset")

    for name, info in list(bundled.BUNDLED.items()):
        monkeypatch.setitem(bundled.BUNDLED, name, dataclasses.replace(info, load=refuse))
    monkeypatch.setattr("nnguide.data.digits.digits_arrays", refuse)
    assert cli.main(["datasets"]) == 0
    assert "1,797 rows × 65 columns" in capsys.readouterr().out


def test_version_and_help(run):
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"nnguide {__version__}"
    proc = run("--help")
    assert proc.returncode == 0
    for command in ("softmax", "datasets", "fit", "predict"):
        assert command in proc.stdout
    proc = run("fit", "--help")
    assert proc.returncode == 0 and "--lr-weights" in proc.stdout and "--save" in proc.stdout
