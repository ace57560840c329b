"""Every section of the page at 1280 and 390 px, light and dark, saved under
test-artifacts/sections/.

A person compares these side by side after a change to the page; the test itself
checks only that every section has drawn (its first answer from the API is on
screen) and that the page reports no errors while it does.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = pytest.mark.browser

SECTIONS = (
    "intro",
    "error",
    "train",
    "gd",
    "two",
    "softmax",
    "classify",
    "generalise",
    "shapes",
    "digits",
)
SECTIONS += ("hidden", "activation", "layers", "backprop", "deeper", "next")  # Part 2
SECTIONS += ("your-data",)  # Your own data


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_every_section_drawn_and_saved(
    browser: Browser, server_url: str, drawn, width: int, scheme: str
) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme, reduced_motion="reduce"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server_url + "/")
    drawn(page)
    folder = ARTIFACTS / "sections" / os.environ.get("NNGUIDE_SHOTS", "latest")
    folder.mkdir(parents=True, exist_ok=True)
    for name in SECTIONS:
        page.locator(f"#{name}").screenshot(path=str(folder / f"{name}-{width}-{scheme}.png"))
    context.close()
    assert not errors
