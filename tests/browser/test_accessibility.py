"""axe-core finds no accessibility violation on the whole page (issue 13).

At 1280 and 390 px, in the light and the dark theme, after a learner has used the page: a
slider moved, gradient descent run, the classifier trained with a hidden list, the digits
model trained. axe-core runs inside the page (axe-playwright-python ships its script).
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser


def use_the_page(page: Page) -> None:
    """A few interactions, so axe sees the page as a learner leaves it, not only as it opens."""
    train = page.locator("#train")
    train.get_by_label("Weight", exact=True).fill("0.06")
    gd = page.locator("#gd")
    gd.get_by_role("button", name="10 GD steps, one input", exact=True).click()
    expect(gd).to_have_attribute("data-steps", "10")
    two = page.locator("#two")
    two.get_by_role("button", name="GD step, two inputs", exact=True).click()
    expect(two).to_have_attribute("data-run-steps", "1")
    clf = page.locator("#classify")
    clf.get_by_role("button", name="100 GD steps, classifier", exact=True).click()
    expect(clf.get_by_label("Steps", exact=True)).to_have_text("100")
    page.locator("#generalise").get_by_role("button", name="Label them as she might").click()
    expect(page.locator("#generalise").get_by_label("Held-out accuracy")).to_contain_text("of 37")
    digits = page.locator("#digits")
    digits.get_by_role("button", name="10 steps", exact=True).click()
    expect(digits.locator(".digits-readout")).to_contain_text("step 10 ")


def describe(violations: list[dict]) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(str(n["target"]) for n in v["nodes"][:4])
        for v in violations
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_no_violations(
    browser: Browser, server_url: str, drawn, width: int, scheme: str
) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": 900 if width > 500 else 844}, color_scheme=scheme
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(server_url + "/")
    drawn(page)
    use_the_page(page)
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    context.close()
    assert describe(results.response["violations"]) == []
