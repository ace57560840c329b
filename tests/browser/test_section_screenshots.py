"""Every section of the page at 1280 and 390 px, saved under test-artifacts/sections/.

A person compares these side by side after a change to the page; the test itself
checks only that every section has drawn (its first answer from the API is on
screen) and that the page reports no errors while it does.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = pytest.mark.browser

SECTIONS = ("intro", "error", "train", "gd", "two", "classify", "shapes", "digits")


def wait_until_drawn(page) -> None:  # noqa: ANN001 - a Playwright page
    """The first answer of every section is on screen."""
    for section in ("train", "gd", "two"):
        expect(page.locator(f"#{section}").get_by_label("Error", exact=True)).not_to_be_empty()
    expect(page.locator("#intro")).to_contain_text("2,000 sq ft × $180")
    expect(page.locator("#error table.data")).to_contain_text("2,058")
    expect(page.locator("#gd [data-slot=compare]")).to_contain_text("standardized")
    expect(page.locator(".softmax-table tbody td.prob")).to_have_count(2)
    expect(page.locator("#classify [data-slot=verdict]")).to_contain_text("Right now")
    expect(page.locator("#classify [data-slot=loo]")).to_contain_text("of 10")
    expect(page.locator("#shapes").get_by_label("Parameters")).to_have_text("6")
    expect(page.locator("#digits .digits-readout")).to_contain_text("step 0")


@pytest.mark.parametrize("width", [1280, 390])
def test_every_section_drawn_and_saved(browser: Browser, server_url: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server_url + "/")
    wait_until_drawn(page)
    folder = ARTIFACTS / "sections" / os.environ.get("NNGUIDE_SHOTS", "latest")
    folder.mkdir(parents=True, exist_ok=True)
    for name in SECTIONS:
        page.locator(f"#{name}").screenshot(path=str(folder / f"{name}-{width}.png"))
    context.close()
    assert not errors
