"""Section 8 in the real page: train on the digits, look inside, draw a digit."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def _open(page: Page) -> None:
    page.goto(f"{page.base_url}/#digits")  # type: ignore[attr-defined]
    expect(page.locator("#digits .digits-readout")).to_contain_text("step 0")


def _stroke(page: Page, points: list[tuple[float, float]]) -> None:
    """Draw with the mouse through points given as fractions of the pad's size."""
    pad = page.get_by_label("Draw a digit", exact=True)
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    assert box is not None
    xy = [(box["x"] + fx * box["width"], box["y"] + fy * box["height"]) for fx, fy in points]
    page.mouse.move(*xy[0])
    page.mouse.down()
    for x, y in xy[1:]:
        page.mouse.move(x, y, steps=6)
    page.mouse.up()


def _probabilities(page: Page) -> list[float]:
    """All ten at once, so a live update cannot land half-way through the reading."""
    items = page.locator("#digits .digit-probs li")
    expect(items).to_have_count(10)
    return [float(v) for v in items.evaluate_all("els => els.map(e => e.dataset.p)")]


ONE_DECIMAL = re.compile(r"\d+(\.\d+)?%")


def _percentages(page: Page) -> list[str]:
    text = page.locator("#digits").inner_text()
    return [m.group(0) for m in ONE_DECIMAL.finditer(text)]


def _confusion(page: Page) -> list[list[int]]:
    rows = page.locator("#digits table.confusion tbody tr")
    cells = rows.evaluate_all(
        "trs => trs.map(tr => [...tr.cells].slice(1).map(c => c.textContent))"
    )
    return [[int(t) if t.isdigit() else 0 for t in row] for row in cells]


def test_train_then_draw_a_digit(page: Page, screenshot) -> None:
    _open(page)
    readout = page.locator("#digits .digits-readout")
    expect(readout).to_contain_text("test accuracy 9.8%")  # untrained: all weights zero
    # The untrained model's real matrix: every picture read as a 0, agreeing with the 9.8%.
    start = _confusion(page)
    assert sum(map(sum, start)) == 450 and sum(row[0] for row in start) == 450
    assert round(100 * start[0][0] / 450, 1) == 9.8
    note = page.locator("#digits .figure-note", has_text="tie goes to the first digit")
    expect(note).to_be_visible()
    page.locator("#digits").get_by_role("button", name="1 step", exact=True).click()
    expect(readout).to_contain_text("step 1 ")
    page.locator("#digits").get_by_role("button", name="Train 1 epoch", exact=True).click()
    expect(readout).to_contain_text("step 28 ", timeout=30_000)
    page.locator("#digits").get_by_role("button", name="100 steps", exact=True).click()
    expect(readout).to_contain_text("step 128 ", timeout=30_000)
    found = re.search(r"test accuracy ([\d.]+)%", readout.inner_text())
    assert found is not None and float(found.group(1)) > 90
    expect(page.locator("#digits .weight-grid canvas")).to_have_count(10)
    expect(page.locator("#digits .mistake").first).to_be_visible()
    counts = _confusion(page)
    assert sum(map(sum, counts)) == 450 and sum(row[0] for row in counts) < 100
    expect(note).to_be_hidden()

    # A "7": a bar across the top, then a stroke down and to the left.
    _stroke(page, [(0.25, 0.2), (0.75, 0.2), (0.45, 0.85)])
    guess = page.locator("#digits .pad-guess")
    expect(guess).to_contain_text("Looks like a 7 (")
    probs = _probabilities(page)
    assert all(0 <= p <= 1 for p in probs)
    assert sum(probs) == pytest.approx(1, abs=1e-9)
    # One format for every percentage in the section: one decimal ("97.0%", never "97%").
    shown = _percentages(page)
    assert len(shown) > 20
    assert all("." in p for p in shown), [p for p in shown if "." not in p]
    screenshot(page, "digits-section", "#digits")
    screenshot(page, "digits-drawing-pad", "#digits .pad-area")

    page.locator("#digits").get_by_role("button", name="Clear the drawing", exact=True).click()
    expect(guess).to_contain_text("Draw a digit to see")
    assert _probabilities(page) == pytest.approx([0.1] * 10)


def test_reset_and_untrained_drawing(page: Page) -> None:
    _open(page)
    _stroke(page, [(0.5, 0.15), (0.5, 0.85)])
    expect(page.locator("#digits .pad-guess")).to_contain_text("untrained")
    assert _probabilities(page) == pytest.approx([0.1] * 10)
    page.locator("#digits").get_by_role("button", name="10 steps", exact=True).click()
    readout = page.locator("#digits .digits-readout")
    expect(readout).to_contain_text("step 10 ")
    expect(page.locator("#digits .pad-guess")).to_contain_text("Looks like a")
    page.locator("#digits").get_by_role("button", name="Reset, digits model", exact=True).click()
    expect(readout).to_contain_text("step 0 ")
    expect(readout).to_contain_text("test accuracy 9.8%")
