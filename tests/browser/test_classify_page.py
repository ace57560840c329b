"""Sections 6–7 in the real page: softmax calculator, Good/Bad classifier, network shapes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def _open(page: Page, query: str = "") -> None:
    page.goto(f"{page.base_url}/{query}")  # type: ignore[attr-defined]


def _ready(page: Page) -> None:
    """The classifier has drawn its first answer from the API."""
    expect(page.locator("#classify [data-slot=verdict]")).to_contain_text("Right now")


def test_softmax_calculator_shows_probabilities(page: Page, screenshot) -> None:
    _open(page)
    box = page.get_by_label("Softmax input")
    box.fill("2, 4")
    table = page.locator(".softmax-table")
    expect(table.locator("tbody td.prob")).to_have_text(["0.1192", "0.8808"])
    expect(page.locator(".softmax-ratio")).to_contain_text("7.39 times")
    page.get_by_role("button", name="[−1, 0, 1]").click()
    expect(box).to_have_value("-1, 0, 1")
    expect(table.locator("tbody td.prob")).to_have_text(["0.0900", "0.2447", "0.6652"])
    screenshot(page, "softmax-calculator", "#softmax .softmax-bench")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "at least one number"),
        ("2, four", '"four" is not a number'),
        (", ".join(["1"] * 21), "at most 20"),
    ],
)
def test_softmax_calculator_explains_bad_input(page: Page, text: str, message: str) -> None:
    _open(page)
    box = page.get_by_label("Softmax input")
    expect(page.locator(".softmax-table tbody td.prob")).to_have_count(2)
    box.fill(text)
    expect(page.locator(".softmax-calc [role=alert]")).to_contain_text(message)
    expect(box).to_have_attribute("aria-invalid", "true")


def test_shape_explorer_counts_parameters_and_draws_weights(page: Page, screenshot) -> None:
    _open(page)
    section = page.locator("#shapes")
    features = section.get_by_label("Features", exact=True)
    classes = section.get_by_label("Classes", exact=True)
    expect(section.locator(".weight-edge")).to_have_count(4)
    section.get_by_role("button", name="More features").click()
    expect(features).to_have_value("3")
    classes.fill("4")
    expect(section.get_by_label("Parameters")).to_have_text("16")
    expect(section.locator(".weight-edge")).to_have_count(12)
    expect(section.locator("g.bias")).to_have_count(4)
    expect(section.locator("g.output")).to_have_count(4)
    expect(page).to_have_url(re.compile(r"s_n=3.*s_m=4|s_m=4.*s_n=3"))
    screenshot(page, "network-shapes", "#shapes")


def test_shape_explorer_counts_big_shapes_and_says_what_it_draws(page: Page, screenshot) -> None:
    """No silent clamping: 784 features are counted; the graph draws 10 rows and says so."""
    _open(page)
    section = page.locator("#shapes")
    features = section.get_by_label("Features", exact=True)
    classes = section.get_by_label("Classes", exact=True)
    note = section.locator(".shape-note")
    expect(section.locator(".weight-edge")).to_have_count(4)
    expect(note).to_be_hidden()
    classes.fill("11")
    expect(section.get_by_label("Parameters")).to_have_text("33")  # 2 × 11 + 11
    expect(note).to_contain_text("At most 10 inputs and 10 classes can be drawn")
    expect(note).to_contain_text("y1–y8 and y11, with “⋮” for the other 2 classes")
    expect(section.locator("g.output")).to_have_count(9)  # y1…y8 and y11, plus one "⋮"
    expect(section.locator("g.more")).to_have_count(2)  # the "⋮" in the Σ and output columns
    expect(section.locator(".weight-edge")).to_have_count(2 * 9)
    features.fill("784")
    classes.fill("10")
    expect(section.get_by_label("Parameters")).to_have_text("7,850")
    expect(section.locator(".shape-sum")).to_have_text("= 784 × 10 weights + 10 biases")
    expect(note).to_contain_text("x1–x8 and x784, with “⋮” for the other 775 inputs")
    expect(section.locator("g.more text.more-note")).to_have_text("775 more")
    expect(section.locator("g.input")).to_have_count(9)
    expect(section.locator(".weight-edge")).to_have_count(9 * 10)
    expect(page).to_have_url(re.compile(r"s_n=784"))
    screenshot(page, "network-shapes-784", "#shapes")
    # Out of range: named, not clamped; the last good value stays, and the box returns to it.
    features.fill("0")
    hint = section.locator(".stepper .hint").nth(0)  # described-by of the Features box
    expect(hint).to_contain_text("Enter a whole number from 1 to 1,000; the graph still shows 784")
    expect(features).to_have_attribute("aria-invalid", "true")
    expect(section.get_by_label("Parameters")).to_have_text("7,850")
    features.blur()
    expect(features).to_have_value("784")
    expect(hint).to_contain_text("0 is not a whole number from 1 to 1,000; kept 784")
    classes.fill("5000")
    expect(section.locator(".stepper .hint").nth(1)).to_contain_text("from 1 to 1,000")
    expect(section.get_by_label("Parameters")).to_have_text("7,850")
    section.get_by_role("button", name="8×8 digits: 64 × 10").click()
    expect(section.get_by_label("Parameters")).to_have_text("650")
    expect(classes).to_have_value("10")
    expect(section.locator(".stepper .hint").nth(1)).to_have_text("")


def _train(section, clicks: int, expect_steps: int) -> None:
    for _ in range(clicks):
        section.get_by_role("button", name="100 GD steps").click()
    expect(section.get_by_label("Steps", exact=True)).to_have_text(f"{expect_steps:,}")


def test_cross_entropy_training_settles_at_7_of_10_while_a_line_gets_8(
    page: Page, screenshot
) -> None:
    """The honest version of "reaches 80%": cross-entropy's optimum is 7/10; the best line 8/10."""
    _open(page)
    _ready(page)
    section = page.locator("#classify")
    expect(section.get_by_label("Loss function")).to_have_value("cross-entropy")
    expect(section.get_by_label("Standardize inputs")).to_be_checked()
    _train(section, 5, 500)
    accuracy = section.get_by_label("Training accuracy")
    expect(accuracy).to_have_text("7 of 10 (70%)")
    expect(section.locator("[data-slot=gap]")).to_contain_text(
        "Training accuracy now: 7 of 10. The best any straight line can do on these ten "
        "houses: 8 of 10."
    )
    expect(section.locator("[data-slot=verdict]")).to_contain_text("calls 2 of the ten houses Bad")
    expect(section.locator(".regions")).to_have_attribute("data-boundary", "yes")
    expect(section.locator(".clf-table").first.locator("td.wrong")).to_have_count(3)
    expect(page.locator("#generalise [data-slot=loo]")).to_have_text("5 of 10 (50%)")
    screenshot(page, "classifier-trained", "#classify .workbench")


def test_notebook_setup_predicts_good_for_every_house(page: Page) -> None:
    _open(page)
    _ready(page)
    section = page.locator("#classify")
    section.get_by_role("button", name="MSE on raw inputs").click()
    expect(section.get_by_label("Loss function")).to_have_value("mse")
    expect(section.get_by_label("Standardize inputs")).not_to_be_checked()
    _train(section, 3, 300)
    expect(section.locator("[data-slot=verdict]")).to_contain_text(
        "says Good for every one of the ten houses"
    )
    expect(section.get_by_label("Training accuracy")).to_have_text("7 of 10 (70%)")
    expect(page).to_have_url(re.compile(r"c_loss=mse"))


def test_before_training_the_model_cannot_decide(page: Page) -> None:
    """All-zero parameters: every P is 0.5, so the page says 50/50, not "Good for every house"."""
    _open(page)
    _ready(page)
    section = page.locator("#classify")
    verdict = section.locator("[data-slot=verdict]")
    expect(verdict).to_contain_text("can't decide")
    expect(verdict).to_contain_text("50/50")
    expect(verdict).not_to_contain_text("says Good for every")
    predicted = section.locator(".clf-table").first.locator("td.tie")
    expect(predicted).to_have_count(10)
    expect(predicted.first).to_have_text("50/50")
    section.get_by_role("button", name="GD step, classifier", exact=True).click()
    expect(section.get_by_label("Steps", exact=True)).to_have_text("1")
    expect(verdict).not_to_contain_text("can't decide")
    expect(predicted).to_have_count(0)


def _boxes(locator) -> list[dict[str, float]]:
    return locator.evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {x: r.x, y: r.y, w: r.width, h: r.height, name: e.dataset.house}; })"
    )


def _overlapping(boxes: list[dict[str, float]]) -> list[tuple[str, str]]:
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if (
                a["x"] < b["x"] + b["w"] - 0.5
                and b["x"] < a["x"] + a["w"] - 0.5
                and a["y"] < b["y"] + b["h"] - 0.5
                and b["y"] < a["y"] + a["h"] - 0.5
            ):
                pairs.append((a["name"], b["name"]))
    return pairs


@pytest.mark.parametrize("width", [1280, 390])
def test_every_house_on_the_regions_chart_is_visible_and_numbered(
    page: Page, screenshot, width: int
) -> None:
    """Houses 2, 7, 8, 9, 10 share a row within 220 sq ft: none may hide another."""
    page.set_viewport_size({"width": width, "height": 900})
    _open(page, "?c_steps=500")
    _ready(page)
    section = page.locator("#classify")
    expect(section.get_by_label("Steps", exact=True)).to_have_text("500")
    chart = section.locator("svg.regions")
    badges = chart.locator("g.house.train")
    expect(badges).to_have_count(10)
    expect(badges.locator("text")).to_have_text([str(i) for i in range(1, 11)])
    assert _overlapping(_boxes(badges)) == []
    expect(chart.locator("g.house[data-house='7']")).to_have_class(re.compile(r"\bwrong\b"))
    expect(chart.locator("g.house[data-house='7'] title")).to_contain_text("labelled Bad")
    # The x axis fits the houses (1,380–3,000 sq ft), not the whole town.
    ticks = [
        int(t.replace(",", ""))
        for t in chart.locator(".axis").first.locator("text").all_text_contents()
    ]
    assert ticks and min(ticks) >= 1200 and max(ticks) <= 3200
    # Lifted badges have a stem to their exact spot.
    expect(chart.locator("g.stem")).not_to_have_count(0)
    screenshot(page, f"regions-{width}", "#classify [data-slot=regions]")


def test_label_them_as_she_might_fills_the_hidden_list(page: Page, screenshot) -> None:
    _open(page)
    _ready(page)
    section = page.locator("#generalise")
    slot = section.locator(".heldout-slot")
    held = section.get_by_label("Held-out accuracy")
    # Nothing to show yet: no accuracy readout, no header-only table.
    expect(held).to_be_hidden()
    expect(slot.locator(".clf-table")).to_be_hidden()
    expect(slot).to_contain_text("No hidden list yet")
    expect(slot.get_by_role("button", name="Clear hidden labels")).to_be_disabled()
    note = slot.locator(".rule-note")
    expect(note).to_contain_text("a rule we made up, not by her real list")
    expect(note).to_contain_text("at least 3 bathrooms and costs under $450,000")
    expect(note).to_contain_text("agrees with 9 of her 10 labels (not house 7)")
    slot.get_by_role("button", name="Label them as she might").click()
    expect(held).to_have_text(re.compile(r"^\d+ of 37 \(\d+%\)$"))
    expect(slot.locator(".clf-table tbody tr")).to_have_count(37)
    expect(slot.get_by_text("Label houses for the hidden list (37 of 37 labelled)")).to_be_visible()
    # The rule, visibly: house 14 has 5 bathrooms but costs $699,900; house 12 fits.
    expect(section.get_by_label("House 14: 4,478 sq ft")).to_have_value("Bad")
    expect(section.get_by_label("House 12: 2,000 sq ft")).to_have_value("Good")
    chart = page.locator("#classify svg.regions")
    expect(chart.locator("g.house.held")).to_have_count(37)
    assert _overlapping(_boxes(chart.locator("g.house"))) == []
    screenshot(page, "held-out-suggested", "#generalise .heldout-slot")
    # The learner can edit any label afterwards.
    section.get_by_text("Label houses for the hidden list").click()
    section.get_by_label("House 12: 2,000 sq ft").select_option("Bad")
    expect(page).to_have_url(re.compile(r"12B"))
    # The chart can go back to the ten alone; the held-out score stays.
    page.locator("#classify").get_by_label("Show the hidden list on the chart").uncheck()
    expect(chart.locator("g.house.held")).to_have_count(0)
    expect(held).to_have_text(re.compile(r" of 37 "))
    slot.get_by_role("button", name="Clear hidden labels").click()
    expect(held).to_be_hidden()
    expect(slot.locator(".clf-table")).to_be_hidden()


def test_held_out_houses_are_scored_after_training(page: Page, screenshot) -> None:
    _open(page)
    _ready(page)
    section = page.locator("#classify")
    hidden_list = page.locator("#generalise")
    hidden_list.get_by_text("Label houses for the hidden list").click()
    hidden_list.get_by_label("House 14: 4,478 sq ft").select_option("Good")
    hidden_list.get_by_label("House 17: 1,320 sq ft").select_option("Bad")
    hidden_list.get_by_label("House 32: 1,000 sq ft").select_option("Bad")
    held = hidden_list.get_by_label("Held-out accuracy")
    expect(held).to_have_text(re.compile(r"^\d of 3 \(\d+%\)$"))
    _train(section, 5, 500)
    expect(section.get_by_label("Training accuracy")).to_have_text("7 of 10 (70%)")
    hidden = hidden_list.locator(".heldout-slot .clf-table tbody tr")
    expect(hidden).to_have_count(3)
    # The readout counts exactly the right rows of the hidden table, and only those.
    right = hidden.locator("td.right").count()
    expect(held).to_have_text(f"{right} of 3 ({round(100 * right / 3)}%)")
    expect(hidden_list).to_contain_text("none of them was used in training")
    expect(page).to_have_url(re.compile(r"c_held=14G%2C17B%2C32B"))
    screenshot(page, "held-out-list", "#generalise .heldout-slot")


def test_state_is_restored_from_the_url(page: Page) -> None:
    _open(page, "?c_steps=500&c_held=14G&s_n=5&s_m=3&sm=1,2,4")
    _ready(page)
    section = page.locator("#classify")
    expect(section.get_by_label("Steps", exact=True)).to_have_text("500")
    expect(section.get_by_label("Training accuracy")).to_have_text("7 of 10 (70%)")
    expect(page.locator("#generalise").get_by_label("Held-out accuracy")).to_have_text(
        re.compile(r" of 1 ")
    )
    expect(page.locator("#shapes").get_by_label("Parameters")).to_have_text("18")
    expect(page.locator(".softmax-table tbody td.prob")).to_have_text(
        ["0.0420", "0.1142", "0.8438"]
    )


def test_sections_read_at_phone_width(page: Page, screenshot) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    _open(page, "?c_held=14G,17B,32B")
    _ready(page)
    for selector in ("#classify", "#generalise", "#shapes"):
        width = page.locator(selector).evaluate("el => el.scrollWidth")
        assert width <= 390
    # Table titles sit outside the scrolling box, so they are never cut off.
    for title in page.locator("#classify .table-title, #generalise .table-title").all():
        box = title.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert title.evaluate("el => el.scrollWidth <= el.clientWidth")
    # The ten-house table fits a phone; any table that does not says it scrolls.
    first = page.locator("#classify [data-slot=table] .table-wrap")
    assert first.evaluate("el => el.scrollWidth <= el.clientWidth")
    expect(page.locator("#classify [data-slot=table] .scroll-hint")).to_be_hidden()
    held = page.locator("#generalise .heldout-slot")
    expect(held.locator(".clf-table tbody tr")).to_have_count(3)
    overflow = held.locator(".table-wrap").evaluate("el => el.scrollWidth > el.clientWidth + 1")
    hint = held.locator(".scroll-hint")
    expect(hint).to_be_visible() if overflow else expect(hint).to_be_hidden()
    screenshot(page, "classify-phone", "#classify")
    screenshot(page, "generalise-phone", "#generalise")
    screenshot(page, "shapes-phone", "#shapes")


CONTRAST = (Path(__file__).parent / "contrast.js").read_text()


def test_text_in_sections_6_and_7_meets_aa_contrast(page: Page) -> None:
    """Words reach 4.5:1 (WCAG AA); the concept colours stay on marks, darker shades on text."""
    _open(page, "?c_steps=100&c_held=14G,17B&s_n=64&s_m=10")
    _ready(page)
    expect(page.locator("#classify").get_by_label("Steps", exact=True)).to_have_text("100")
    expect(page.locator("#shapes .shape-note")).to_be_visible()
    assert page.evaluate(CONTRAST, "#softmax, #classify, #generalise, #shapes") == []
