"""The guide in JupyterLab's launcher, through jupyter-server-proxy, in a real JupyterLab.

JupyterLab finds nnguide's ``jupyter_serverproxy_servers`` entry point: the launcher shows an
"nnguide" card; opening it starts ``nnguide serve`` behind Jupyter's own URL, in a JupyterLab
tab (an iframe on Jupyter's origin), where the whole guide draws and answers.
"""

from __future__ import annotations

import urllib.parse

import pytest
from playwright.sync_api import Browser, expect

#: Starting nnguide behind the proxy and drawing the whole guide takes a while on a busy machine.
SLOW = 90_000

pytestmark = pytest.mark.browser


def test_the_guide_opens_from_the_launcher(browser: Browser, lab) -> None:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    answers: list[tuple[int, str]] = []
    page.on("response", lambda r: answers.append((r.status, r.url)))
    try:
        page.goto(f"{lab.url}lab?token={lab.token}")
        card = page.locator(".jp-LauncherCard", has_text="nnguide")
        expect(card).to_be_visible(timeout=SLOW)
        card.click()
        frame = page.frame_locator(".jp-IFrame iframe, iframe[src*='nnguide']").first
        train = frame.locator("#train")
        expect(train.get_by_label("Error", exact=True)).not_to_be_empty(timeout=SLOW)
        expect(frame.locator("#shapes").get_by_label("Parameters")).to_have_text("6", timeout=SLOW)
        frame.locator("#gd").get_by_role(
            "button", name="10 GD steps, one input", exact=True
        ).click()
        expect(frame.locator("#gd")).to_have_attribute("data-steps", "10", timeout=SLOW)
    finally:
        context.close()
    guide = [(s, u) for s, u in answers if "/nnguide/" in urllib.parse.urlsplit(u).path]
    assert any(u.endswith("/nnguide/api/regression/train") for _, u in guide)
    assert [(s, u) for s, u in guide if s >= 400] == []
