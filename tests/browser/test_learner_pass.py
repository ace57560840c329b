"""Issue 13: a learner's pass over the page. One test per bug, written to fail first.

Each test drives the real page as a learner would (buttons, keyboard, links) and reads
what is on screen. Controls are found by the start of their accessible name, so a name
that gains a screen-reader suffix (", one input") still matches.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

pytestmark = pytest.mark.browser


def named(label: str) -> re.Pattern[str]:
    """An accessible name that starts with ``label`` (and may go on after a comma)."""
    return re.compile(rf"^{re.escape(label)}(,.*)?$")


def button(scope: Locator, label: str) -> Locator:
    return scope.get_by_role("button", name=named(label))


def error_of(scope: Locator) -> Locator:
    return scope.get_by_label("Error", exact=True)


def number(text: str) -> float:
    """A number as the page shows it: "−1,234.5", "1.19 × 10¹¹", "$360k" → float."""
    sup = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
    text = text.replace("−", "-").replace(",", "").replace("$", "").strip()
    m = re.match(r"^(-?[\d.]+) × 10([⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)", text)
    if m:
        return float(m.group(1)) * 10 ** int(m.group(2).translate(sup))
    m = re.match(r"^[+×b ]*(-?[\d.]+)", text)
    assert m, f"no number in {text!r}"
    return float(m.group(1))


def log_points(figure: Locator) -> int:
    """Points on a line chart's curve: its path is "M…L…L…"."""
    d = figure.locator("path.loss-line").get_attribute("d") or ""
    return d.count("L") + 1 if d.startswith("M") else 0


def open_at(page: Page, query: str = "", width: int = 1280) -> None:
    page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
    page.goto(f"{page.base_url}/{query}")  # type: ignore[attr-defined]
    expect(error_of(page.locator("#gd"))).not_to_be_empty()
    expect(error_of(page.locator("#two"))).not_to_be_empty()


def reload(page: Page) -> None:
    """Open the page's own link afresh, once the address holds the latest state."""
    page.wait_for_timeout(300)  # the address is written 100 ms after the last change
    url = page.url
    page.goto("about:blank")
    page.goto(url)
    expect(error_of(page.locator("#gd"))).not_to_be_empty()


# -- bug 1: links restore exactly what was shown ---------------------------------------------


def test_bug1_classifier_link_replays_a_rate_change(page: Page) -> None:
    open_at(page)
    section = page.locator("#classify")
    expect(section.locator("[data-slot=verdict]")).to_contain_text("Right now")
    button(section, "100 GD steps").click()
    expect(section.get_by_label("Steps", exact=True)).to_have_text("100")
    section.get_by_label(named("Learning rate")).select_option("10")
    button(section, "10 GD steps").click()
    expect(section.get_by_label("Steps", exact=True)).to_have_text("110")
    expect(section.get_by_label("Training accuracy")).to_have_text("8 of 10 (80%)")
    expect(section.get_by_label("Loss", exact=True)).to_have_text("0.7174")
    reload(page)
    section = page.locator("#classify")
    expect(section.get_by_label("Steps", exact=True)).to_have_text("110")
    expect(section.get_by_label("Training accuracy")).to_have_text("8 of 10 (80%)")
    expect(section.get_by_label("Loss", exact=True)).to_have_text("0.7174")


def test_bug1_gd_link_restores_the_history(page: Page) -> None:
    open_at(page)
    gd = page.locator("#gd")
    button(gd, "10 GD steps").click()
    expect(gd).to_have_attribute("data-steps", "10")
    expect(gd).to_contain_text("Below 799 after 2 steps")
    shown = error_of(gd).inner_text()
    reload(page)
    gd = page.locator("#gd")
    expect(gd).to_have_attribute("data-steps", "10")
    expect(error_of(gd)).to_have_text(shown)
    expect(gd).to_contain_text("Below 799 after 2 steps")
    assert log_points(gd.locator("[data-slot=log]")) == 11


def test_bug1_gd_link_after_a_divergence_does_not_open_at_the_origin(page: Page) -> None:
    open_at(page)
    gd = page.locator("#gd")
    rate = gd.get_by_label(named("Learning rate"))
    rate.fill("1")
    rate.press("Enter")
    button(gd, "100 GD steps").click()
    expect(gd).to_have_attribute("data-diverged", "true")
    shown = error_of(gd).inner_text()
    steps = gd.get_attribute("data-steps")
    reload(page)
    gd = page.locator("#gd")
    expect(gd).to_have_attribute("data-steps", steps or "")
    expect(error_of(gd)).to_have_text(shown)
    expect(gd.locator(".state-note")).to_have_count(0)


def test_bug1_two_inputs_link_restores_a_diverged_model(page: Page) -> None:
    open_at(page)
    two = page.locator("#two")
    two.get_by_label(named("Standardize inputs")).uncheck()
    rate = two.get_by_label(named("Learning rate"))
    rate.fill("3e-7")
    rate.press("Enter")
    button(two, "100 GD steps").click()
    expect(two).to_have_attribute("data-diverged", "true")
    shown = error_of(two).inner_text()
    w2 = two.locator("output").nth(1).inner_text()
    reload(page)
    two = page.locator("#two")
    expect(error_of(two)).to_have_text(shown)
    expect(two.locator("output").nth(1)).to_have_text(w2)
    expect(two.locator(".state-note")).to_have_count(0)


# -- bug 2: section 5's log follows slider moves ---------------------------------------------


POINTS_ARE_11 = (
    "el => (el.querySelector('path.loss-line').getAttribute('d') || '').split('L').length === 11"
)


def test_bug2_two_inputs_log_starts_again_after_a_slider_move(page: Page) -> None:
    open_at(page)
    two = page.locator("#two")
    log = two.locator("[data-slot=log]")
    button(two, "10 GD steps").click()
    page.wait_for_function(
        POINTS_ARE_11,
        arg=log.element_handle(),
    )
    two.get_by_label("Weight 2").fill("5")
    button(two, "10 GD steps").click()
    page.wait_for_function(
        f"el => ({POINTS_ARE_11})(el) && el.closest('[data-mount]').dataset.runSteps === '10'",
        arg=log.element_handle(),
    )
    assert log_points(log) == 11


# -- bug 3: off-scale values are shown as they are -------------------------------------------


def test_bug3_two_inputs_sliders_show_real_values_off_the_scale(page: Page) -> None:
    open_at(page)
    two = page.locator("#two")
    two.get_by_label(named("Standardize inputs")).uncheck()
    rate = two.get_by_label(named("Learning rate"))
    rate.fill("3e-7")
    rate.press("Enter")
    button(two, "100 GD steps").click()
    expect(two).to_have_attribute("data-diverged", "true")
    # Weight 1 went far past its slider's 0–0.4: the real value, said to be off the scale.
    weight1 = two.locator(".control output").first
    expect(weight1).to_contain_text("off the scale")
    shown = number(weight1.inner_text())
    assert shown > 0.4
    in_diagram = number(two.locator("[data-slot=diagram] text.weight").first.text_content() or "")
    assert shown == pytest.approx(in_diagram, rel=1e-3)
    slider = two.get_by_role("slider", name=named("Weight 1"))
    expect(slider).to_have_attribute("aria-valuetext", weight1.inner_text())


# -- bug 4: the keyboard focus survives a busy button ----------------------------------------


def focused_name(page: Page) -> str:
    return page.evaluate("document.activeElement?.textContent ?? ''")


def test_bug4_enter_on_gd_step_keeps_the_focus(page: Page) -> None:
    open_at(page)
    gd = page.locator("#gd")
    step = button(gd, "GD step")
    step.focus()
    page.keyboard.press("Enter")
    expect(gd).to_have_attribute("data-steps", "1")
    assert focused_name(page).startswith("GD step")
    page.keyboard.press("Enter")
    expect(gd).to_have_attribute("data-steps", "2")


def test_bug4_enter_on_two_inputs_and_digits_buttons_keeps_the_focus(page: Page) -> None:
    open_at(page)
    two = page.locator("#two")
    button(two, "10 GD steps").focus()
    page.keyboard.press("Enter")
    expect(two).to_have_attribute("data-run-steps", "10")
    assert focused_name(page).startswith("10 GD steps")
    page.keyboard.press("Enter")
    expect(two).to_have_attribute("data-run-steps", "20")
    digits = page.locator("#digits")
    readout = digits.locator(".digits-readout")
    button(digits, "Train 1 epoch").focus()
    page.keyboard.press("Enter")
    expect(readout).to_contain_text("step 27 ", timeout=30_000)
    assert focused_name(page).startswith("Train 1 epoch")
    page.keyboard.press("Enter")
    expect(readout).to_contain_text("step 54 ", timeout=30_000)


def test_bug4_fewer_features_down_to_one_keeps_the_focus(page: Page) -> None:
    open_at(page)
    shapes = page.locator("#shapes")
    fewer = shapes.get_by_role("button", name="Fewer features")
    fewer.focus()
    page.keyboard.press("Enter")
    expect(shapes.get_by_label("Features", exact=True)).to_have_value("1")
    assert page.evaluate("document.activeElement?.getAttribute('aria-label')") == "Fewer features"
    page.keyboard.press("Enter")  # nothing below 1, and the focus is still here
    expect(shapes.get_by_label("Features", exact=True)).to_have_value("1")
    assert page.evaluate("document.activeElement?.getAttribute('aria-label')") == "Fewer features"


# -- bug 5: a value the page sets clears the old error ---------------------------------------


@pytest.mark.parametrize("then", ["standardize", "reset"])
def test_bug5_rate_error_clears_when_the_page_sets_a_valid_rate(page: Page, then: str) -> None:
    open_at(page)
    gd = page.locator("#gd")
    rate = gd.get_by_label(named("Learning rate"))
    rate.fill("0")
    rate.press("Enter")
    expect(rate).to_have_attribute("aria-invalid", "true")
    if then == "standardize":
        gd.get_by_label(named("Standardize inputs")).check()
        expect(rate).to_have_value("0.1")
    else:
        button(gd, "Reset").click()
        expect(rate).to_have_value("0.5")
    expect(rate).not_to_have_attribute("aria-invalid", "true")
    expect(gd.locator(".help.invalid")).to_have_count(0)


# -- bug 6: the number and the verdict agree near 799 ----------------------------------------


@pytest.mark.parametrize(
    ("weight", "bias", "below", "verdict"),
    [("0.002", "364", True, "You did it"), ("0.03", "289", False, "get the error below 799")],
)
def test_bug6_error_near_799_shows_enough_digits(
    page: Page, weight: str, bias: str, below: bool, verdict: str
) -> None:
    open_at(page)
    train = page.locator("#train")
    train.get_by_label("Weight", exact=True).fill(weight)
    train.get_by_label("Bias", exact=True).fill(bias)
    expect(train.locator(".message")).to_contain_text(verdict)
    shown = number(error_of(train).inner_text())
    assert (shown < 799) if below else (shown > 799), shown


# -- bug 7: the table of contents reads item by item -----------------------------------------


@pytest.mark.parametrize("width", [1280, 390])
def test_bug7_table_of_contents_items_are_apart(page: Page, width: int) -> None:
    open_at(page, width=width)
    items = page.locator("nav .toc li")
    boxes = items.evaluate_all(
        """els => els.map(e => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
           return {x: r.x, y: r.y, r: r.right, h: r.height,
                   inside: s.listStyleType === 'none' || s.listStylePosition === 'inside',
                   text: e.innerText}; })"""
    )
    assert all(b["inside"] for b in boxes), "a number hangs outside its item, into the gap"
    for a, b in zip(boxes, boxes[1:], strict=False):
        if abs(a["y"] - b["y"]) < a["h"] / 2:  # on one line
            assert b["x"] - a["r"] >= 12, (a["text"], b["text"])
    assert re.match(r"^\s*1\D", boxes[0]["text"]), boxes[0]["text"]


# -- bug 8: chart text never collides or spills ----------------------------------------------

FOCUS_RING = (Path(__file__).parent / "focus_ring.js").read_text()
TEXT_CHECK = (Path(__file__).parent / "text_fit.js").read_text()


@pytest.mark.parametrize("width", [1280, 390])
def test_bug8_chart_text_fits_and_never_collides(page: Page, width: int) -> None:
    open_at(page, width=width)
    for name in ("intro", "error", "train", "gd", "two"):
        problems = page.locator(f"#{name}").evaluate(TEXT_CHECK)
        assert problems == [], (name, problems)
    # Also with the big numbers of a divergence, and the two-input bias far off its scale.
    gd = page.locator("#gd")
    rate = gd.get_by_label(named("Learning rate"))
    rate.fill("1")
    rate.press("Enter")
    button(gd, "100 GD steps").click()
    expect(gd).to_have_attribute("data-diverged", "true")
    two = page.locator("#two")
    two.get_by_label(named("Standardize inputs")).uncheck()
    rate2 = two.get_by_label(named("Learning rate"))
    rate2.fill("3e-7")
    rate2.press("Enter")
    button(two, "100 GD steps").click()
    expect(two).to_have_attribute("data-diverged", "true")
    for name in ("gd", "two"):
        problems = page.locator(f"#{name}").evaluate(TEXT_CHECK)
        assert problems == [], (name, problems)


def test_bug8_two_inputs_table_fits_or_says_it_scrolls(page: Page) -> None:
    open_at(page, width=390)
    wrap = page.locator("#two [data-slot=table] .table-wrap")
    overflows = wrap.evaluate("el => el.scrollWidth > el.clientWidth + 1")
    if overflows:
        expect(page.locator("#two [data-slot=table] .scroll-hint")).to_be_visible()


@pytest.mark.parametrize("width", [1280, 390])
def test_bug8_diagram_text_stays_inside_its_shapes(page: Page, width: int) -> None:
    open_at(page, "?c_steps=100", width=width)
    expect(page.locator("#classify").get_by_label("Steps", exact=True)).to_have_text("100")
    for name in ("classify", "digits"):
        problems = page.locator(f"#{name}").evaluate(TEXT_CHECK)
        assert problems == [], (name, problems)


# -- bug 9: a divergence is visible, and there is a way back ---------------------------------


def test_bug9_divergence_shows_a_cue_and_offers_the_last_good_point(page: Page) -> None:
    open_at(page)
    gd = page.locator("#gd")
    button(gd, "10 GD steps").click()
    expect(gd).to_have_attribute("data-steps", "10")
    good = number(error_of(gd).inner_text())
    rate = gd.get_by_label(named("Learning rate"))
    rate.fill("2")
    rate.press("Enter")
    button(gd, "100 GD steps").click()
    expect(gd).to_have_attribute("data-diverged", "true")
    expect(gd.locator("[data-slot=map] .off-map")).to_be_visible()
    expect(gd.locator("[data-slot=chart] .off-chart")).to_be_visible()
    back = button(gd, "Restart from the last good point")
    expect(back).to_be_visible()
    rate.fill("0.5")
    rate.press("Enter")
    back.click()
    expect(gd).to_have_attribute("data-diverged", "false")
    # Back at the best point of the run: no worse than before the rate blew it up.
    assert number(error_of(gd).inner_text()) <= good * 1.001
    button(gd, "10 GD steps").click()
    assert number(error_of(gd).inner_text()) <= good


def test_bug9_two_inputs_explains_why_raw_inputs_need_standardizing(page: Page) -> None:
    open_at(page)
    two = page.locator("#two")
    two.get_by_label(named("Standardize inputs")).uncheck()
    note = two.locator(".raw-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text("no single learning rate")


# -- bug 10: the classifier diagram adds up by hand ------------------------------------------


def test_bug10_classifier_diagram_adds_up(page: Page) -> None:
    open_at(page, "?c_steps=100")
    section = page.locator("#classify")
    expect(section.get_by_label("Steps", exact=True)).to_have_text("100")
    svg = section.locator("svg.clf-diagram")
    w = [number(t) for t in svg.locator("text.w").all_text_contents()]  # (area,Good) (area,Bad)
    b = [number(t.replace("b", "", 1)) for t in svg.locator("text.bval").all_text_contents()]
    x = [number(t) for t in svg.locator("text.inval").all_text_contents()]
    z = [number(t) for t in svg.locator("text.zval").all_text_contents()]
    z_good = w[0] * x[0] + w[2] * x[1] + b[0]
    z_bad = w[1] * x[0] + w[3] * x[1] + b[1]
    assert z_good == pytest.approx(z[0], abs=6e-4)
    assert z_bad == pytest.approx(z[1], abs=6e-4)


# -- bug 11: small things ----------------------------------------------------------------------


def test_bug11_best_possible_notice_hides_after_reset_and_moves(page: Page) -> None:
    open_at(page)
    two = page.locator("#two")
    button(two, "Show the best possible").click()
    notice = two.locator(".notice", has_text="Best possible")
    expect(notice).to_be_visible()
    button(two, "Reset").click()
    expect(notice).to_be_hidden()
    button(two, "Show the best possible").click()
    expect(notice).to_be_visible()
    two.get_by_label("Weight 2").fill("5")
    expect(notice).to_be_hidden()


def test_bug11_learning_rates_in_one_notation(page: Page) -> None:
    open_at(page)
    options = page.locator("#classify").get_by_label(named("Learning rate")).locator("option")
    texts = options.all_text_contents()
    assert "0.000001" not in texts and "1e-6" in texts, texts
    assert all(re.fullmatch(r"1e-\d|0\.0\d*[1-9]|0\.\d+|\d+", t) for t in texts), texts


def test_bug11_area_calculator_answers_every_entry(page: Page) -> None:
    open_at(page)
    intro = page.locator("#intro")
    box = intro.get_by_label("Area (sq ft)")
    result = intro.locator("[data-slot=calculator] .callout")
    expect(result).to_contain_text("2,000 sq ft × $180 = $360,000")
    for bad in ("0", "-5", ""):
        box.fill(bad)
        expect(result).not_to_contain_text("2,000 sq ft")
        expect(result).to_contain_text("Enter an area")
    box.fill("1")
    expect(result).to_contain_text("1 sq ft × $180 = $180")
    diagram = intro.locator("[data-slot=diagram] svg")
    expect(diagram).not_to_contain_text("$0k")
    expect(diagram).to_contain_text("$180")


def test_bug11_arrow_keys_on_the_loss_menu_do_not_reset_the_model(page: Page) -> None:
    open_at(page)
    section = page.locator("#classify")
    expect(section.locator("[data-slot=verdict]")).to_contain_text("Right now")
    button(section, "100 GD steps").click()
    expect(section.get_by_label("Steps", exact=True)).to_have_text("100")
    accuracy = section.get_by_label("Training accuracy").inner_text()
    menu = section.get_by_label("Loss function")
    menu.focus()
    page.keyboard.press("ArrowDown")
    expect(menu).to_have_value("mse")
    # The page has taken the change in: it says it applies from the next step.
    expect(section.locator(".message").first).to_contain_text("from the next step")
    page.keyboard.press("ArrowUp")
    expect(menu).to_have_value("cross-entropy")
    expect(section.get_by_label("Steps", exact=True)).to_have_text("100")
    expect(section.get_by_label("Training accuracy")).to_have_text(accuracy)


def test_bug11_untrained_digits_pick_no_winner(page: Page) -> None:
    open_at(page)
    probs = page.locator("#digits .digit-probs li")
    expect(probs).to_have_count(10)
    expect(page.locator("#digits .digit-probs li.best")).to_have_count(0)


def test_bug11_percentages_never_round_to_certainty(page: Page) -> None:
    open_at(page)
    shown = page.evaluate(
        """async () => { const f = await import("./static/js/format.js");
           return [0.99996, 0.00004, 1, 0.5].map((p) => f.percent(p, 1)); }"""
    )
    assert shown == [">99.9%", "<0.1%", "100.0%", "50.0%"]


# -- bug 13: accessibility specifics (axe runs in test_accessibility.py) ---------------------


PART_1 = "#intro, #error, #train, #gd, #two, #softmax, #classify, #generalise, #shapes, #digits"


def test_bug13_control_names_are_unique_on_the_page(page: Page) -> None:
    """Sections 1–8, where the issue found them. (Part 2's shared panel still gives its four
    networks the same button names: a follow-up for that part.)"""
    open_at(page)
    names = page.evaluate(
        """(part) => {
          const name = (e) => {
            if (e.getAttribute("aria-label")) return e.getAttribute("aria-label");
            if (e.labels && e.labels.length) return e.labels[0].textContent;
            return e.textContent;
          };
          const roots = [...document.querySelectorAll(part)];
          return [...document.querySelectorAll("main button, main input, main select")]
            .filter((e) => roots.some((r) => r.contains(e)))
            .filter((e) => e.checkVisibility() && !e.closest(".heldout-grid"))
            .map((e) => name(e).replace(/\\s+/g, " ").trim());
        }""",
        PART_1,
    )
    repeated = sorted({n for n in names if names.count(n) > 1})
    assert repeated == []


def test_bug13_drawing_pad_is_not_an_empty_tab_stop(page: Page) -> None:
    open_at(page)
    pad = page.locator("#digits canvas.draw-pad")
    tab = pad.get_attribute("tabindex")
    assert tab is None or int(tab) < 0


def test_bug13_focus_ring_has_3_to_1_contrast(page: Page) -> None:
    open_at(page)
    step = button(page.locator("#gd"), "GD step")
    step.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    ratio = page.evaluate(FOCUS_RING)
    assert ratio >= 3, ratio
