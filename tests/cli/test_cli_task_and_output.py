"""``nnguide fit``: choosing the task, refusing empty or misplaced options, divergence, output.

Each case goes through the real entry point, the way a learner would meet it.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

# --- the task: regression, classification, or a mistake in the data -------------------------


def test_regression_on_a_bundled_text_target_is_one_line(run, one_line_error):
    proc = run("fit", "houses-labelled", "--task", "regression")
    one_line_error(
        proc,
        "houses-labelled, row 1: column 'label' has a value that is not a number: 'Good'",
        "use --task classification",
    )


def test_a_word_in_a_numeric_target_is_reported_as_the_readme_promises(
    run, one_line_error, write_csv
):
    """The README's own example, to the letter: not a silent 4-class classifier."""
    path = write_csv(
        "my.csv",
        "area,price\n2104,399.9\n1600,329.9\n\n2400,369\n1416,232\n3000,cheap\n1985,299.9\n",
    )
    line = one_line_error(run("fit", path, "--target", "price"))
    assert line == (
        f"nnguide: error: {path}, line 7: column 'price' has a value that is not a number: 'cheap'"
    )
    # The same file is refused for classification too: a price per row is not a class.
    one_line_error(
        run("fit", path, "--target", "price", "--task", "classification"),
        str(path),
        "6 different values in 6 rows",
        "--task regression",
    )


def test_a_text_target_still_means_classification(run_json, write_csv):
    path = write_csv("pets.csv", "w,h,kind\n4,30,cat\n30,60,dog\n5,25,cat\n25,55,dog\n")
    report = run_json("fit", path, "--target", "kind", "--steps", "50")
    assert report["task"] == "classification" and report["classes"] == ["cat", "dog"]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [("houses-3", "3 different values in 3 rows"), ("portland", "40 different values in 47 rows")],
)
def test_classification_of_a_continuous_target_is_refused(run, one_line_error, data, fragment):
    one_line_error(
        run("fit", data, "--task", "classification"),
        f"{data}: column 'price'",
        fragment,
        "too many to be classes",
        "--task regression",
    )


def test_a_few_numeric_classes_are_still_fine(run_json, write_csv):
    rows = "".join(f"{i},{i % 3},{i % 2}\n" for i in range(12))
    path = write_csv("parity.csv", "x,z,odd\n" + rows)
    report = run_json("fit", path, "--target", "odd", "--task", "classification", "--steps", "20")
    assert report["classes"] == ["0", "1"]


def test_a_constant_column_is_the_one_blamed(run, one_line_error, write_csv):
    """All bathroom counts equal: the message names 'bathrooms' (and its value), not 'rooms'."""
    path = write_csv(
        "rooms.csv",
        "area,rooms,bathrooms,price\n1000,3,2,300\n1200,4,2,350\n1500,5,2,400\n900,2,2,250\n",
    )
    line = one_line_error(
        run("fit", path, "--target", "price"),
        str(path),
        "column 'bathrooms' has the same value on every row (2)",
        "leave it out with --features area,rooms",
    )
    assert "'rooms'" not in line


# --- options that are empty or do not apply ------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "--features is empty"),
        (" , ", "--features is empty"),
        ("area,", "--features 'area,' has an empty column name"),
        ("area,,bathrooms", "has an empty column name"),
    ],
)
def test_an_empty_feature_list_is_refused(run, usage_error, value, fragment):
    usage_error(run("fit", "houses-10", "--features", value), fragment)


def test_an_empty_target_is_refused(run, usage_error):
    usage_error(run("fit", "houses-10", "--target", ""), "--target is empty")


def test_mnist_option_on_other_data_is_refused(run, usage_error, tmp_path):
    usage_error(
        run("fit", "houses-3", "--mnist", tmp_path / "nonexistent"),
        "--mnist only applies to the mnist dataset",
        "'houses-3'",
    )


def test_mnist_with_a_missing_path_is_refused(run, one_line_error, usage_error, tmp_path):
    missing = tmp_path / "nonexistent"
    one_line_error(run("fit", "mnist", "--mnist", missing), str(missing), "no such file")
    usage_error(run("fit", "mnist", "--mnist", ""), "--mnist needs a path")


def test_option_values_are_checked_before_the_data(run, usage_error, tmp_path):
    missing = tmp_path / "nonexistent"
    usage_error(
        run("fit", "mnist", "--mnist", missing, "--lr", "0"), "--lr must be a positive number"
    )


# --- divergence ----------------------------------------------------------------------------

RAW_GD = ["fit", "houses-3", "--solver", "gd", "--no-standardize"]


def test_divergence_on_the_first_step_does_not_look_like_success(run, one_line_error):
    proc = run(*RAW_GD, "--lr", "1")
    # The report and its advice on stdout, one error line on stderr, exit 1.
    one_line_error(
        proc, "training diverged on the first step", "--lr below about 2.4e-07", stdout=None
    )
    lines = proc.stdout.splitlines()
    # The warning comes before any number, so nobody reads the zeros as a trained model.
    assert lines[1].startswith("warning: training diverged on the first step")
    assert "the numbers below are the starting values" in lines[1]
    assert "steps: 0  (stopped: diverged)" in lines[2]
    assert "loss: 134,972  (at the starting values)" in proc.stdout
    advice = lines[-1]
    assert advice.startswith("what to do: ")
    assert "--lr below about 2.4e-07" in advice and "this run used 1)" in advice
    assert "e.g. --lr 1e-07" in advice and "--no-standardize" in advice


def test_allow_diverged_exits_0_with_the_same_report(run):
    refused = run(*RAW_GD, "--lr", "1")
    allowed = run(*RAW_GD, "--lr", "1", "--allow-diverged")
    assert (refused.returncode, allowed.returncode) == (1, 0)
    assert allowed.stdout == refused.stdout and allowed.stderr == ""


def test_the_stable_rate_it_reports_is_right(run_json):
    """Just under the reported limit trains; just over it diverges."""
    report = run_json(*RAW_GD, "--lr", "1", "--allow-diverged")
    assert report["diverged"] is True and report["steps"] == 0
    limit = report["max_stable_lr"]
    assert limit == pytest.approx(2.4e-7, rel=0.05)
    below = run_json(*RAW_GD, "--lr", f"{0.95 * limit:.6g}", "--steps", "2000")
    assert below["diverged"] is False
    above = run_json(*RAW_GD, "--lr", f"{1.05 * limit:.6g}", "--steps", "2000", "--allow-diverged")
    assert above["diverged"] is True and above["steps"] > 0


def test_divergence_after_some_steps_and_with_separate_rates(run, one_line_error):
    proc = run(*RAW_GD, "--lr-weights", "1e-6", "--lr-bias", "0.1")
    line = one_line_error(proc, "training diverged after", stdout=None)
    assert re.search(r"training diverged after \d+ steps", line)
    assert re.search(r"warning: training diverged after \d+ steps", proc.stdout)
    assert "smaller learning rate than --lr-weights 1e-06 and --lr-bias 0.1" in proc.stdout


# --- output --------------------------------------------------------------------------------


def _column(line: str, text: str) -> int:
    assert text in line, (text, line)
    return line.index(text)


def test_weight_and_bias_rows_line_up(run):
    out = run("fit", "houses-10").stdout.splitlines()
    rows = [line for line in out if line.startswith(("  weight", "  bias"))]
    assert len(rows) == 3
    assert len({_column(row, "price: ") for row in rows}) == 1
    out = run("fit", "houses-labelled", "--steps", "50").stdout.splitlines()
    rows = [line for line in out if line.startswith(("  weight", "  bias"))]
    assert len({_column(row, "Good: ") for row in rows}) == 1
    assert len({_column(row, "Bad: ") for row in rows}) == 1


def test_a_big_model_prints_a_summary_not_every_weight(run, run_json):
    args = ["fit", "digits", "--steps", "100"]
    proc = run(*args)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) <= 16 and max(len(line) for line in lines) <= 130
    assert not any(line.startswith("  weight pixel_") for line in lines)
    assert "  weights: 64 inputs × 10 classes (0, 1, 2, … 9)" in lines
    assert "add --json" in proc.stdout
    top = [line.split() for line in lines if line.startswith("    pixel_")]
    assert len(top) == 5
    # The summary shows the largest weights, largest first, as the JSON has them.
    sizes = [abs(float(row[-1].replace(",", ""))) for row in top]
    assert sizes == sorted(sizes, reverse=True)
    W = np.abs(np.array(run_json(*args)["weights"]))
    np.testing.assert_allclose(sizes, np.sort(W, axis=None)[::-1][:5], rtol=1e-5)
    bias = next(line for line in lines if line.startswith("  bias: "))
    assert bias.count(": ") == 11  # "bias: " and one per class
