"""Conventions every part of the command keeps: help with defaults, documented JSON keys,
progress that shows its phase, exit codes as the README says."""

from __future__ import annotations

import argparse
import io
import re
from pathlib import Path

import pytest

from nnguide.cli import FIT_FORMAT, PREDICT_FORMAT, build_parser
from nnguide.console.progress import Progress
from nnguide.data import BUNDLED

README = Path(__file__).resolve().parents[2] / "README.md"


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_option_has_help_that_gives_its_default():
    parser = build_parser()
    checked = 0
    for name, sub in _subparsers(parser).items():
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            assert action.help, f"{name} {action.dest} has no help"
            if action.option_strings:
                assert "(default: " in action.help, f"{name} {action.option_strings[0]}"
            checked += 1
    assert checked >= 25


def test_fit_help_lists_the_bundled_datasets_examples_and_exit_codes(run):
    proc = run("fit", "--help")
    assert proc.returncode == 0
    for info in BUNDLED.values():
        assert re.search(
            rf"^  {re.escape(info.name)} +{re.escape(info.description)}$", proc.stdout, re.M
        ), info.name
    assert "examples:" in proc.stdout and "nnguide fit iris" in proc.stdout
    assert "nnguide fit - --target price" in proc.stdout
    assert "exit status:" in proc.stdout and "2  a usage mistake" in proc.stdout
    assert "--allow-diverged" in proc.stdout


def _documented_keys(marker: str) -> set[str]:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"<!-- {marker} -->")
    end = text.index("<!-- end -->", start)
    return set(re.findall(r"^\| `(\w+)` \|", text[start:end], re.M))


def test_the_readme_lists_exactly_the_keys_of_fit_json(run_json, tmp_path):
    runs = [
        run_json("fit", "houses-3"),
        run_json("fit", "penguins", "--test-size", "0.25"),
        run_json("fit", "iris", "--test-size", "0.25", "--save", tmp_path / "m.json"),
        run_json(
            "fit", "houses-3", "--solver", "gd", "--no-standardize", "--lr", "1", "--allow-diverged"
        ),
        run_json("fit", "houses-labelled", "--hidden", "3", "--activation", "tanh"),
    ]
    seen = set().union(*(r.keys() for r in runs))
    assert {r["format"] for r in runs} == {FIT_FORMAT}
    assert _documented_keys("fit --json keys") == seen


def test_the_readme_lists_exactly_the_keys_of_predict_json(run, run_json, tmp_path):
    regression, classification = tmp_path / "r.json", tmp_path / "c.json"
    assert run("fit", "houses-10", "--save", regression).returncode == 0
    assert run("fit", "houses-labelled", "--save", classification).returncode == 0
    answers = [
        run_json("predict", regression, "houses-10"),
        run_json("predict", classification, "houses-labelled"),
    ]
    assert {a["format"] for a in answers} == {PREDICT_FORMAT}
    seen = set().union(*(a.keys() for a in answers))
    assert _documented_keys("predict --json keys") == seen


def test_the_readme_documents_the_exit_codes():
    text = README.read_text(encoding="utf-8")
    section = text[text.index("Exit status") :]
    assert re.search(r"`0`.*done", section)
    assert re.search(r"`1`.*data", section) and re.search(r"`2`.*usage", section)
    assert "--allow-diverged" in section


# --- progress ------------------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_progress_shows_phases_then_rate_and_eta_from_the_start_of_training():
    screen, clock = io.StringIO(), FakeClock()
    progress = Progress(screen, enabled=True, clock=clock)
    progress.phase("loading digits")
    clock.now += 30.0  # a slow load must not count against training's rate
    progress.phase("preparing 1,797 rows")
    progress.start(1000)
    clock.now += 2.0
    progress(500)
    progress.close()
    text = screen.getvalue()
    assert "loading digits…" in text and "preparing 1,797 rows…" in text
    last = text.rstrip("\n").split("\r")[-1].rstrip()
    assert (
        last == "training [###############---------------] 500/1,000 steps  250 steps/s  ETA 2.0s"
    )
    assert text.endswith("\n")


def test_progress_blanks_a_phase_when_no_training_follows():
    screen = io.StringIO()
    progress = Progress(screen, enabled=True, clock=FakeClock())
    progress.phase("loading houses-3")
    progress.close()
    assert screen.getvalue() == "\rloading houses-3…" + "\r" + " " * 17 + "\r"


def test_progress_is_silent_off_a_terminal():
    screen = io.StringIO()  # isatty() is False
    progress = Progress(screen)
    progress.phase("loading digits")
    progress.start(100)
    progress(50)
    progress.close()
    assert screen.getvalue() == ""


@pytest.mark.parametrize(("seconds", "shown"), [(0.04, "0.0s"), (59.9, "59.9s"), (125, "2m05s")])
def test_eta_reads_naturally(seconds, shown):
    clock = FakeClock()
    progress = Progress(io.StringIO(), enabled=True, clock=clock)
    progress.start(2)
    clock.now += seconds
    assert progress.line(1).endswith(f"ETA {shown}")
