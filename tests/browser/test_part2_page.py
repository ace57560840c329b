"""Part 2 of the guide in a real browser: sections 9-12 and 14.

Each test reads the numbers on screen after pressing the page's own controls. Where a
number can be checked independently (a restored link's loss, the collapsed layer, the
parameter count) it is compared with the lesson computed here in Python.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from nnguide.lessons import network as lesson

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PART2 = ("hidden", "activation", "layers", "backprop", "deeper", "next")


def _open(page: Page, query: str = "") -> None:
    page.goto(f"{page.base_url}/{query}")  # type: ignore[attr-defined]


def _settled(section: Locator) -> None:
    """The section's network has answered every request asked so far."""
    expect(section).to_have_attribute("data-busy", "no", timeout=30_000)


def _steps(section: Locator) -> int:
    return int(section.get_by_label("Steps", exact=True).inner_text().replace(",", ""))


def _query(page: Page) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(page.url).query))


def _replayed_loss(hidden: int, activation: str, seed: int, runs: list[tuple[int, float]]):
    """The loss and count the lesson gives for this recipe: the page must show the same."""
    layers = [(layer.weights, layer.bias) for layer in lesson.start(hidden, activation, seed)]
    for steps, rate in runs:
        while steps:
            k = min(steps, lesson.MAX_STEPS)
            trained = lesson.train(hidden, activation, layers, steps=k, learning_rate=rate)
            layers = [(layer.weights, layer.bias) for layer in trained.layers]
            steps -= k
    view = lesson.view(hidden, activation, layers)
    return view.loss, view.correct


# ---------------------------------------------------------------------------------------------
# Section 9: beyond a straight line


def test_hidden_layer_controls_train_to_ten_of_ten_and_pause(page: Page) -> None:
    _open(page)
    sec = page.locator("#hidden")
    _settled(sec)
    for name in ("GD step", "10 GD steps", "100 GD steps", "Train", "New random start"):
        expect(sec.get_by_role("button", name=name, exact=True)).to_be_visible()
    expect(sec.get_by_label("Hidden neurons", exact=True)).to_have_value("3")
    expect(sec.get_by_label("Activation", exact=True)).to_have_value("tanh")
    expect(sec.get_by_label("Learning rate", exact=True)).to_have_value("1")
    accuracy = sec.get_by_label("Training accuracy", exact=True)
    expect(accuracy).to_have_text(re.compile(r"^\d+ of 10$"))
    assert accuracy.inner_text() != "10 of 10"  # the seeded start is not there yet
    # Each hidden neuron has its picture in the diagram; the output has its region.
    expect(sec.locator("svg.layers image[href^='data:image/png']")).to_have_count(3)
    expect(sec.locator("[data-slot=regions] image.cells")).to_have_count(1)

    sec.get_by_role("button", name="Train", exact=True).click()
    pause = sec.get_by_role("button", name="Pause", exact=True)
    expect(pause).to_have_attribute("aria-pressed", "true")
    expect(accuracy).to_have_text("10 of 10", timeout=30_000)
    pause.click()
    expect(sec.get_by_role("button", name="Train", exact=True)).to_have_attribute(
        "aria-pressed", "false"
    )
    _settled(sec)
    stopped = _steps(sec)
    assert 0 < stopped <= 2000
    # Paused means paused: one more GD step adds exactly one.
    sec.get_by_role("button", name="GD step", exact=True).click()
    _settled(sec)
    assert _steps(sec) == stopped + 1
    expect(page).to_have_url(re.compile(rf"h_run={stopped + 1}%401"))
    # The loss chart and the accuracy chart drew the run.
    assert sec.locator("path.loss-line").get_attribute("d")
    expect(sec.locator(".acc-end.train")).to_contain_text("of 10")


def test_new_random_start_puts_the_seed_in_the_link(page: Page) -> None:
    _open(page)
    sec = page.locator("#hidden")
    _settled(sec)
    expect(sec.get_by_label("Seed", exact=True)).to_have_text("0")
    before = sec.locator("svg.layers image[href^='data:']").first.get_attribute("href")
    sec.get_by_role("button", name="New random start", exact=True).click()
    expect(page).to_have_url(re.compile(r"h_seed=\d+"))
    seed = _query(page)["h_seed"]
    assert seed != "0"
    expect(sec.get_by_label("Seed", exact=True)).to_have_text(seed)
    _settled(sec)
    assert sec.locator("svg.layers image[href^='data:']").first.get_attribute("href") != before
    expect(sec.get_by_label("Steps", exact=True)).to_have_text("0")


def test_a_link_restores_the_same_network_exactly(page: Page, browser: Browser) -> None:
    _open(page, "?h_n=4&h_seed=7&h_run=300@1,50@0.3&h_act=tanh")
    sec = page.locator("#hidden")
    _settled(sec)
    expect(sec.get_by_label("Hidden neurons", exact=True)).to_have_value("4")
    expect(sec.get_by_label("Steps", exact=True)).to_have_text("350")
    loss, correct = _replayed_loss(4, "tanh", 7, [(300, 1.0), (50, 0.3)])
    expect(sec.get_by_label("Loss", exact=True)).to_have_text(f"{loss:.4f}")
    expect(sec.get_by_label("Training accuracy", exact=True)).to_have_text(f"{correct} of 10")
    # Train on at a new rate, then open the page's own link in a fresh browser.
    sec.get_by_label("Learning rate", exact=True).select_option("3")
    sec.get_by_role("button", name="10 GD steps", exact=True).click()
    _settled(sec)
    expect(page).to_have_url(re.compile(r"h_run=300%401%2C50%400\.3%2C10%403"))
    shown = (
        sec.get_by_label("Loss", exact=True).inner_text(),
        sec.get_by_label("Training accuracy", exact=True).inner_text(),
    )
    loss, correct = _replayed_loss(4, "tanh", 7, [(300, 1.0), (50, 0.3), (10, 3.0)])
    assert shown == (f"{loss:.4f}", f"{correct} of 10")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    again = context.new_page()
    again.goto(page.url)
    other = again.locator("#hidden")
    _settled(other)
    expect(other.get_by_label("Steps", exact=True)).to_have_text("360")
    expect(other.get_by_label("Learning rate", exact=True)).to_have_value("3")
    assert (
        other.get_by_label("Loss", exact=True).inner_text(),
        other.get_by_label("Training accuracy", exact=True).inner_text(),
    ) == shown
    context.close()


def test_leave_one_out_and_the_hidden_list_expose_overfitting(page: Page) -> None:
    _open(page, "?h_run=1000@1")
    sec = page.locator("#hidden")
    _settled(sec)
    expect(sec.get_by_label("Training accuracy", exact=True)).to_have_text("10 of 10")
    sec.get_by_role("button", name="Run leave-one-out").click()
    result = sec.get_by_label("Leave-one-out accuracy", exact=True)
    expect(result).to_have_text(re.compile(r"^\d+ of 10$"), timeout=30_000)
    expect(sec.get_by_label("Leave-one-out folds done", exact=True)).to_have_attribute(
        "value", "10"
    )
    expect(sec.locator(".loo-folds li")).to_have_count(10)
    folds = [
        lesson.leave_one_out_fold(3, "tanh", seed=0, steps=1000, learning_rate=1.0, house=i)
        for i in range(10)
    ]
    expected = sum(f.correct for f in folds)
    assert expected < 10
    expect(result).to_have_text(f"{expected} of 10")
    # The hidden list: every one of the 37, labelled by the made-up rule.
    sec.get_by_role("button", name="Label them as she might").click()
    _settled(sec)
    held = sec.get_by_label("Hidden-list accuracy", exact=True)
    expect(held).to_have_text(re.compile(r"^\d+ of 37$"))
    verdict = sec.locator("[data-slot=verdict]")
    expect(verdict).to_contain_text(
        f"Leave-one-out (each house asked about by a network that never saw it): {expected} of 10."
    )
    expect(verdict).to_contain_text(f"Your hidden list: {held.inner_text()}.")
    expect(verdict).to_contain_text("A straight line trained the same way gets")
    expect(verdict).to_contain_text("overfitting")
    # The replayed log counts the hidden list along the whole run.
    expect(sec.locator(".acc-end.held")).to_have_text(f"hidden list {held.inner_text()}")
    expect(page).to_have_url(re.compile(r"h_held=11G"))


# ---------------------------------------------------------------------------------------------
# Section 10: why activation functions


def test_identity_collapses_into_one_layer_and_stays_under_the_line(page: Page) -> None:
    _open(page)
    sec = page.locator("#activation")
    _settled(sec)
    expect(sec.get_by_label("Activation", exact=True)).to_have_value("identity")
    for _ in range(3):
        sec.get_by_role("button", name="100 GD steps", exact=True).click()
    _settled(sec)
    expect(sec.get_by_label("Steps", exact=True)).to_have_text("300")
    correct = int(sec.get_by_label("Training accuracy", exact=True).inner_text().split(" of ")[0])
    assert correct <= 8
    collapse = sec.locator("[data-slot=collapse]")
    for name in ("W₁", "W₂", "W₁W₂", "b₁W₂ + b₂"):
        expect(
            collapse.locator(".mat-name", has_text=re.compile(f"^{re.escape(name)}$")).first
        ).to_be_visible()
    expect(collapse).to_contain_text("Equal.")
    expect(collapse).to_contain_text("the best any straight line can do is 8 of 10")
    gap = float(collapse.locator(".collapse-check").get_attribute("data-max-difference") or "1")
    assert gap < 1e-12
    # The printed product is the lesson's W₁W₂ for the same network.
    layers = [(layer.weights, layer.bias) for layer in lesson.start(3, "identity", 0)]
    trained = lesson.train(3, "identity", layers, steps=300, learning_rate=1.0)
    view = lesson.view(3, "identity", [(x.weights, x.bias) for x in trained.layers])
    assert view.collapsed is not None
    product = collapse.get_by_role("group", name="W₁W₂, the single layer's weights")
    expect(product.locator("td").first).to_have_text(
        f"{view.collapsed.weights[0][0]:.3f}".replace("-", "−")
    )
    # Four activation plots; the chosen one is marked. A bent activation has no collapse.
    expect(sec.locator(".act-plot")).to_have_count(4)
    expect(sec.locator(".act-plot.picked")).to_have_attribute("data-activation", "identity")
    sec.get_by_label("Activation", exact=True).select_option("tanh")
    expect(collapse).to_contain_text("no single layer")
    expect(sec.locator(".act-plot.picked")).to_have_attribute("data-activation", "tanh")
    expect(page).to_have_url(re.compile(r"a_act=tanh"))


# ---------------------------------------------------------------------------------------------
# Section 11: layers are matrix multiplications


def test_forward_pass_as_matrices_for_a_picked_house(page: Page) -> None:
    _open(page)
    sec = page.locator("#layers")
    _settled(sec)
    # By default the network there has trained 1,000 steps.
    expect(sec.get_by_label("Steps", exact=True)).to_have_text("1,000")
    forward = sec.locator("[data-slot=forward]")
    expect(forward).to_have_attribute("data-house", "1")
    sec.get_by_role("button", name="Show house 4 in the diagram").click()
    expect(forward).to_have_attribute("data-house", "4")
    expect(forward).to_contain_text("House 4: 1,416 sq ft, 2 bathrooms, labelled Bad.")
    expect(forward.locator(".mat-shape")).to_contain_text(["1 × 2", "1 × 2", "1 × 2", "2 × 3"])
    expect(page).to_have_url(re.compile(r"m_house=4"))
    start = [(layer.weights, layer.bias) for layer in lesson.start(3, "tanh", 0)]
    trained = lesson.train(3, "tanh", start, steps=1000, learning_rate=1.0)
    view = lesson.view(3, "tanh", [(x.weights, x.bias) for x in trained.layers], house=3)
    probs = forward.get_by_role("group", name="P(Good), P(Bad)")
    expect(probs.locator("td")).to_have_text([f"{p:.4f}" for p in view.forward.a[-1]])


def test_shape_explorer_counts_hidden_layers(page: Page) -> None:
    _open(page)
    sec = page.locator("#layers")
    params = sec.get_by_label("Parameters", exact=True)
    expect(params).to_have_text("17")  # 2 → 3 → 2
    sec.get_by_label("Hidden layers", exact=True).fill("8,4")
    expect(params).to_have_text("70")  # (2·8 + 8) + (8·4 + 4) + (4·2 + 2)
    expect(sec.locator("[data-slot=shape-graph] svg.layers")).to_have_attribute(
        "data-layers", "2,8,4,2"
    )
    expect(page).to_have_url(re.compile(r"p_h=8%2C4"))
    # A comma is a decimal mark in many languages: "8; 4" and "8 4" are two layers too, and
    # the link still holds "8,4".
    for typed in ("3", "8; 4", "3", "8 4"):
        sec.get_by_label("Hidden layers", exact=True).fill(typed)
        expect(params).to_have_text("17" if typed == "3" else "70")
    expect(page).to_have_url(re.compile(r"p_h=8%2C4"))
    sec.get_by_label("Features", exact=True).fill("784")
    sec.get_by_label("Hidden layers", exact=True).fill("128")
    sec.get_by_label("Classes", exact=True).fill("10")
    expect(params).to_have_text("101,770")
    sec.get_by_label("Hidden layers", exact=True).fill("")
    expect(params).to_have_text("7,850")
    sec.get_by_label("Hidden layers", exact=True).fill("8.4")
    expect(sec.get_by_text("Write sizes separated by commas")).to_be_visible()
    expect(params).to_have_text("7,850")  # the last good shape stays


# ---------------------------------------------------------------------------------------------
# Section 12: backpropagation, one step


def test_backprop_slopes_agree_with_the_measured_ones(page: Page) -> None:
    _open(page)
    sec = page.locator("#backprop")
    rows = sec.locator("table.slopes tbody tr")
    expect(rows).to_have_count(17)
    expect(sec.get_by_label("Largest difference", exact=True)).to_contain_text("10⁻")
    gap = float(
        sec.get_by_label("Largest difference", exact=True).get_attribute("data-value") or "1"
    )
    assert gap < 1e-8
    by_bp = rows.locator("td.bp").all_inner_texts()
    by_fd = rows.locator("td.fd").all_inner_texts()
    assert by_bp == by_fd  # agree to the 8 decimals shown
    # The diagram carries forward values, error signals and the slopes.
    diagram = sec.locator("svg.layers")
    expect(diagram.locator(".layers-value.note", has_text="δ")).to_have_count(
        5
    )  # δ on 3 hidden + 2 outputs
    expect(diagram.locator(".layers-edge-label")).to_have_count(12)
    rows.nth(0).get_by_role("button").click()
    expect(diagram.locator(".layers-edge.picked")).to_have_count(1)
    # The step delivers the loss it promised.
    promised = sec.get_by_label("Loss after this step", exact=True).inner_text().split(" → ")[1]
    sec.get_by_role("button", name="GD step", exact=True).click()
    expect(sec.get_by_label("Steps", exact=True)).to_have_text("1")
    expect(sec.get_by_label("Loss", exact=True)).to_have_text(promised)


# ---------------------------------------------------------------------------------------------
# Phone width and screenshots


@pytest.mark.parametrize("width", [1280, 390])
def test_part2_sections_at_desktop_and_phone_width(
    browser: Browser, server_url: str, width: int, screenshot
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{server_url}/?h_run=300@1&a_run=200@1")
    for name in ("hidden", "activation", "layers", "backprop", "deeper"):
        _settled(page.locator(f"#{name}"))
    expect(page.locator("#backprop table.slopes tbody tr")).to_have_count(17)
    expect(page.locator("#layers").get_by_label("Parameters", exact=True)).to_have_text("17")
    # Nothing sticks out sideways; every control is on screen and usable.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    hidden = page.locator("#hidden")
    for name in ("Train", "New random start", "100 GD steps"):
        box = hidden.get_by_role("button", name=name, exact=True).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width
    for svg in page.locator(", ".join(f"#{name} svg" for name in PART2)).all():
        box = svg.bounding_box()
        assert box is None or box["x"] + box["width"] <= width + 1
    hidden.get_by_role("button", name="100 GD steps", exact=True).click()
    expect(hidden.get_by_label("Steps", exact=True)).to_have_text("400")
    expect(page.locator(".section-failed")).to_have_count(0)
    (ARTIFACTS / "part2").mkdir(parents=True, exist_ok=True)
    for name in PART2:
        screenshot(page, f"part2/{name}-{width}", f"#{name}")
    context.close()
    assert errors == []


# ---------------------------------------------------------------------------------------------
# Section 13: digits, deeper


def test_digits_with_a_hidden_layer_reach_the_goal_and_read_a_drawing(page: Page) -> None:
    _open(page)
    sec = page.locator("#deeper")
    _settled(sec)
    size = sec.get_by_label("Hidden neurons", exact=True)
    expect(size).to_have_value("256")
    expect(size.locator("option")).to_have_text(["16", "32", "64", "128", "256"])
    expect(sec.locator(".neuron-grid canvas")).to_have_count(32)
    sec.get_by_role("button", name="Train", exact=True).click()
    expect(sec.get_by_role("button", name="Pause", exact=True)).to_be_visible()
    expect(sec).to_have_attribute("data-steps", "3400", timeout=120_000)
    _settled(sec)
    expect(sec.get_by_label("Training progress")).to_have_attribute("value", "3400")
    test = sec.locator("[data-testid=deep-test-accuracy]").inner_text()
    share = float(re.search(r"([\d.]+)%", test).group(1))  # type: ignore[union-attr]
    assert share >= 97.5, test
    expect(page).to_have_url(re.compile(r"d_steps=3400"))
    # The confusion matrix counts the 450 test pictures, most on its diagonal.
    hits = sec.locator("table.confusion td.hit").all_inner_texts()
    assert len(hits) == 10 and sum(int(h) for h in hits) >= 440
    # Both readers read the same drawing.
    pad = sec.locator("canvas.draw-pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    assert box
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 25)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] - 25, steps=10)
    page.mouse.up()
    expect(sec.locator("[data-model=hidden] .pad-guess")).to_contain_text("sure")
    expect(sec.locator("[data-model=linear] .pad-guess")).to_contain_text("sure")
    expect(sec.locator("[data-model=linear]")).to_have_attribute("data-test", "0.96")


def test_a_digits_link_replays_the_same_network(page: Page) -> None:
    from nnguide.lessons import digits

    _open(page, "?d_n=32&d_seed=5&d_steps=300")
    sec = page.locator("#deeper")
    expect(sec).to_have_attribute("data-steps", "300", timeout=60_000)
    _settled(sec)
    expect(sec.get_by_label("Hidden neurons", exact=True)).to_have_value("32")
    start = digits.start("digits", 32, "relu", 5)
    params = [p for layer in start for p in (layer.weights, layer.bias)]
    result = digits.train("digits", params, step=0, steps=300, hidden=32, activation="relu", seed=5)
    expected = f"test accuracy {result.history[-1].test_accuracy:.1%}"
    expect(sec.locator("[data-testid=deep-test-accuracy]")).to_have_text(expected)


def test_a_link_with_an_unusable_record_replays_what_it_can(page: Page) -> None:
    _open(page, "?h_run=100@1,50@0,20@1&h_n=9")
    sec = page.locator("#hidden")
    _settled(sec)
    # h_n=9 is out of range: named in the note, and the control keeps its default.
    expect(sec.locator(".state-note")).to_contain_text("Hidden neurons (h_n): “9”")
    expect(sec.get_by_label("Hidden neurons", exact=True)).to_have_value("3")
    expect(sec.get_by_label("Steps", exact=True)).to_have_text("100")
    expect(sec.locator(".controls .message")).to_contain_text("learning rate of 0")
    # A new size starts again from the seed; the diagram has one picture per neuron.
    sec.get_by_label("Hidden neurons", exact=True).fill("5")
    _settled(sec)
    expect(sec.locator("svg.layers image[href^='data:']")).to_have_count(5)
    expect(sec.get_by_label("Steps", exact=True)).to_have_text("0")
    expect(page).to_have_url(re.compile(r"h_n=5"))
    assert "h_run" not in _query(page)
