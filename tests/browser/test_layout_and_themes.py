"""Issue 13's layout, motion, themes and print, in the real page.

* Every control is on screen together with the figure it drives, at 1280 and 390 px.
* Train keeps stepping until paused; under reduced motion nothing is animated.
* Dark mode follows the system or the reader's choice, with AA text on every section.
* Print shows the figures as they are, without controls, a section per page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

pytestmark = pytest.mark.browser

CONTRAST = (Path(__file__).parent / "contrast.js").read_text()
ALL = "main section"

#: (section, figure, the control that drives it) — found by accessible name.
PAIRS = [
    ("train", "[data-slot=chart]", ("slider", "Weight")),
    ("train", "[data-slot=table]", ("slider", "Weight")),
    ("gd", "[data-slot=map]", ("button", "GD step, one input")),
    ("gd", "[data-slot=log]", ("button", "GD step, one input")),
    ("gd", "[data-slot=chart]", ("button", "GD step, one input")),
    ("two", "[data-slot=log]", ("button", "GD step, two inputs")),
    ("two", "[data-slot=table]", ("button", "GD step, two inputs")),
    ("classify", "[data-slot=regions] svg", ("button", "GD step, classifier")),
    ("classify", "[data-slot=log]", ("button", "GD step, classifier")),
    ("classify", "[data-slot=table]", ("button", "GD step, classifier")),
    ("digits", "[data-slot=accuracy]", ("button", "Train 1 epoch")),
]

IN_VIEW = """(el) => {
  const r = el.getBoundingClientRect();
  const off = r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth;
  if (off) return "off screen";
  const hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
  return hit === el || el.contains(hit) ? "" : "covered";
}"""

CENTRE_SHOWN = """(el) => {
  const r = el.getBoundingClientRect();
  const y = Math.min(Math.max(r.top + 40, 0), innerHeight - 1);
  const hit = document.elementFromPoint((r.left + r.right) / 2, y);
  return el.contains(hit) || hit === el;
}"""


SCROLL_TO = "el => scrollTo(0, el.getBoundingClientRect().top + scrollY - innerHeight * 0.45)"


def ready(page: Page) -> None:
    """Every section has drawn, for a link that sets section 9 to 64 × 10."""
    expect(page.locator("#gd").get_by_label("Error", exact=True)).not_to_be_empty()
    expect(page.locator("#classify").get_by_label("Steps", exact=True)).to_have_text("100")
    expect(page.locator("#shapes").get_by_label("Parameters")).to_have_text("650")
    expect(page.locator("#digits .digits-readout")).to_contain_text("step 0")
    expect(page.locator("#generalise [data-slot=loo]")).to_contain_text("of 10")


def control(page: Page, section: str, kind: str, name: str) -> Locator:
    return page.locator(f"#{section}").get_by_role(kind, name=name, exact=True)  # type: ignore[arg-type]


@pytest.mark.parametrize("width", [1280, 390])
def test_controls_stay_on_screen_with_their_figures(
    browser: Browser, server_url: str, drawn, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900 if width > 500 else 844})
    page = context.new_page()
    page.goto(server_url + "/")
    drawn(page)
    problems = []
    for section, figure, (kind, name) in PAIRS:
        fig = page.locator(f"#{section} {figure}").first
        # The figure's top part just below the middle of the screen, as a reader scrolls to it.
        fig.evaluate(SCROLL_TO)
        if not fig.evaluate(CENTRE_SHOWN):
            problems.append(f"{section} {figure}: figure hidden")
        where = control(page, section, kind, name).evaluate(IN_VIEW)
        if where:
            problems.append(f"{section} {figure}: {name} {where}")
    context.close()
    assert problems == []


def test_train_keeps_stepping_until_paused(page: Page) -> None:
    page.goto(page.base_url + "/")  # type: ignore[attr-defined]
    gd = page.locator("#gd")
    expect(gd).to_have_attribute("data-steps", "0")
    train = gd.get_by_role("button", name="Train, one input", exact=True)
    train.click()
    pause = gd.get_by_role("button", name="Pause, one input", exact=True)
    expect(pause).to_be_visible()
    page.wait_for_function("() => Number(document.querySelector('#gd').dataset.steps) >= 5")
    pause.click()
    expect(train).to_be_visible()
    # Paused: once the last request is in, the count stays put.
    page.wait_for_function(
        "() => document.querySelector('#gd [aria-disabled=true]') === null", timeout=10_000
    )
    steps = gd.get_attribute("data-steps")
    gd.get_by_role("button", name="GD step, one input", exact=True).click()
    expect(gd).to_have_attribute("data-steps", str(int(steps or 0) + 1))


# The GD step's move on the map is a short d3 transition, or none under reduced motion.
STEP_AND_LOOK = """async () => {
  const root = document.querySelector('#gd');
  const before = root.dataset.steps;
  const moved = new Promise((resolve) => new MutationObserver((_, obs) => {
    if (root.dataset.steps !== before) { obs.disconnect(); resolve(); }
  }).observe(root, { attributes: true }));
  root.querySelector('button.primary').click();
  await moved;
  return Boolean(root.querySelector('[data-testid=map-current]').__transition);
}"""


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_gd_steps_move_smoothly_unless_motion_is_reduced(
    browser: Browser, server_url: str, drawn, motion: str
) -> None:
    context = browser.new_context(reduced_motion=motion)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(server_url + "/")
    drawn(page)
    animated = page.evaluate(STEP_AND_LOOK)
    context.close()
    assert animated is (motion == "no-preference")


@pytest.mark.parametrize("width", [1280, 390])
def test_dark_mode_follows_the_system_with_aa_text(
    browser: Browser, server_url: str, width: int
) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme="dark", reduced_motion="reduce"
    )
    page = context.new_page()
    page.goto(server_url + "/?c_steps=100&c_held=14G,17B&s_n=64&s_m=10")
    ready(page)
    paper = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert paper == "rgb(22, 24, 29)"
    assert page.evaluate(CONTRAST, ALL) == []
    context.close()


def test_light_mode_text_is_aa_on_every_section(page: Page) -> None:
    page.goto(page.base_url + "/?c_steps=100&c_held=14G,17B&s_n=64&s_m=10")  # type: ignore[attr-defined]
    ready(page)
    assert page.evaluate(CONTRAST, ALL) == []


def test_theme_chooser_overrides_the_system_and_is_kept(
    browser: Browser, server_url: str, drawn
) -> None:
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(server_url + "/")
    drawn(page)
    page.get_by_label("Theme").select_option("dark")
    expect(page.locator("body")).to_have_attribute("data-theme", "dark")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(22, 24, 29)"
    page.reload()
    expect(page.get_by_label("Theme")).to_have_value("dark")
    expect(page.locator("body")).to_have_attribute("data-theme", "dark")
    page.get_by_label("Theme").select_option("auto")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 253, 248)"
    context.close()


def test_print_shows_figures_without_controls(page: Page, drawn, screenshot) -> None:
    page.goto(page.base_url + "/")  # type: ignore[attr-defined]
    drawn(page)
    page.locator("#gd").get_by_role("button", name="10 GD steps, one input", exact=True).click()
    expect(page.locator("#gd")).to_have_attribute("data-steps", "10")
    page.emulate_media(media="print", color_scheme="dark")
    expect(page.locator("#gd").get_by_role("button", name="GD step, one input")).to_be_hidden()
    expect(page.locator("#train").get_by_role("slider", name="Weight")).to_be_hidden()
    expect(page.get_by_label("Theme")).to_be_hidden()
    expect(page.locator("#gd [data-slot=map] svg.chart")).to_be_visible()
    expect(page.locator("#gd").get_by_label("Error", exact=True)).to_be_visible()
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    breaks = page.locator("main section").evaluate_all(
        "els => els.map((e) => getComputedStyle(e).breakBefore)"
    )
    assert breaks[0] == "auto" and all(b == "page" for b in breaks[1:])
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF" and len(pdf) > 50_000
    screenshot(page, "print-preview-gd", "#gd")
