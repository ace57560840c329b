"""The widgets in a real JupyterLab, driven like a learner would, in headless Chromium.

The test writes a notebook, opens it in a JupyterLab it started (loopback, random port,
its own token), runs the cells, then: moves a Neuron slider (the error readout changes,
and the kernel sees the new weight); sets the weight from Python (the slider moves);
presses "GD step" (the kernel trains: steps, the point and ``model`` move); trains the
classifier on three classes from its buttons (the decision regions are drawn, the
accuracy rises, ``w.model`` predicts).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

SETUP = """\
import json
import numpy as np
from nnguide.widgets import Classifier, GradientDescent, Neuron

x = [1400, 1600, 2600]
y = [280, 300, 450]
seen = []
neuron = Neuron(x, y)
# Every weight the page sets, as the kernel receives it.
neuron.observe(lambda change: seen.append(change.new), "weight")
neuron"""

DESCENT = """\
descent = GradientDescent(x, y)
descent"""

CLASSIFIER = """\
rng = np.random.default_rng(0)
centres = np.array([[0.0, 0.0], [3.0, 0.0], [1.5, 3.0]])
labels = np.repeat(["ant", "bee", "cat"], 30)
X = centres[np.repeat([0, 1, 2], 30)] + rng.normal(scale=0.6, size=(90, 2))
classifier = Classifier(X, labels)
classifier"""

REPORT = """\
print("REPORT " + json.dumps({
    "seen": seen[-1:] if seen else None,
    "weight": neuron.weight,
    "mse": neuron.mse,
    "steps": descent.steps,
    "n_iter": descent.model.n_iter_,
    "curve": len(descent.model.loss_curve_),
    "coef": float(descent.model.coef_[0]),
    "classifier_steps": classifier.model.n_iter_,
    "classifier_score": classifier.model.score(X, labels),
}))"""

MOVE = "neuron.weight = 0.144"

NETWORK = """\
from nnguide.widgets import Network
network = Network(features=2, classes=2, hidden=(8, 4))
network"""

NETWORK_REPORT = """print("NETWORK " + json.dumps([network.hidden, network.parameters]))"""

NETWORK_MOVE = "network.hidden = [16]"

CELLS = [SETUP, DESCENT, CLASSIFIER, REPORT, MOVE, NETWORK, NETWORK_REPORT, NETWORK_MOVE]


@pytest.fixture
def notebook(browser: Browser, lab) -> Iterator[Page]:  # noqa: ANN001 - the Lab fixture
    url = lab.write_notebook("widgets.ipynb", CELLS)
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_default_timeout(30_000)
    page.goto(url)
    expect(page.locator(".jp-Notebook .jp-Cell")).to_have_count(len(CELLS), timeout=60_000)
    expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")).to_have_count(
        1, timeout=60_000
    )
    yield page
    context.close()
    assert not errors, f"JupyterLab reported page errors: {errors}"


def run_cell(page: Page, index: int) -> None:
    """Select cell ``index`` and press the toolbar's Run button, until the cell has run.

    Right after the notebook opens, JupyterLab may still drop the first click or two while
    its kernel connection settles; a press that started nothing (the prompt still "[ ]")
    is pressed again.
    """
    cell = page.locator(".jp-Notebook .jp-Cell").nth(index)
    prompt = cell.locator(".jp-InputPrompt")
    run = page.locator("[data-command='notebook:run-cell-and-select-next']").first
    before = prompt.inner_text()
    for _ in range(10):
        dialog = page.locator(".jp-Dialog")
        if dialog.count():
            raise AssertionError(f"JupyterLab shows a dialog: {dialog.first.inner_text()!r}")
        prompt.click()
        run.click()
        try:
            expect(prompt).not_to_have_text(before, timeout=5_000)
            break
        except AssertionError:
            continue
    expect(prompt).to_have_text(re.compile(r"\[\d+\]:"), timeout=60_000)


def report(page: Page) -> dict:
    import json

    run_cell(page, 3)
    out = page.locator(".jp-Notebook .jp-Cell").nth(3).locator(".jp-OutputArea-output")
    expect(out).to_contain_text("REPORT")
    text = out.inner_text()
    return json.loads(text[text.index("REPORT") + 7 :].strip())


def test_widgets_drive_the_kernel(notebook: Page, screenshot) -> None:  # noqa: ANN001
    page = notebook
    for i in range(3):
        run_cell(page, i)
    neuron = page.locator(".nnguide-widget[data-widget=neuron]")
    descent = page.locator(".nnguide-widget[data-widget=descent]")
    classifier = page.locator(".nnguide-widget[data-widget=classifier]")

    # Neuron: the kernel's first answer is drawn (weight 0, bias 0: the mean of y²).
    error = neuron.get_by_label("Error", exact=True)
    expect(error).to_have_text("123,633.33")
    expect(neuron.locator("table.data tbody tr")).to_have_count(3)

    # Move the weight slider with the keyboard: the readout follows, the kernel sees it.
    weight = neuron.get_by_role("slider", name="Weight")
    weight.focus()
    for _ in range(5):
        page.keyboard.press("PageUp")
    expect(error).not_to_have_text("123,633.33")
    moved = float(weight.input_value())
    assert moved > 0
    state = report(page)
    assert state["weight"] == pytest.approx(moved)
    assert state["seen"] == [pytest.approx(moved)]
    assert float(neuron.get_attribute("data-mse")) == pytest.approx(state["mse"])

    # Python moves the slider: the page redraws at the kernel's weight.
    run_cell(page, 4)
    expect(weight).to_have_value("0.144")
    expect(neuron).to_have_attribute("data-rendered", re.compile(r"^0\.144,"))

    # GradientDescent: press "GD step"; the kernel trains one step from (0, 0).
    steps = descent.get_by_label("Steps", exact=True)
    expect(steps).to_have_text("0")
    start = float(descent.get_attribute("data-mse"))
    descent.get_by_role("button", name="GD step, one input", exact=True).click()
    expect(steps).to_have_text("1")
    assert float(descent.get_attribute("data-mse")) < start
    descent.get_by_role("button", name="10 GD steps").click()
    expect(steps).to_have_text("11")
    state = report(page)
    assert state["steps"] == 11 and state["n_iter"] == 11 and state["curve"] == 12
    assert state["coef"] != 0

    # Classifier: three classes, decision regions drawn, trained from its buttons.
    expect(classifier.locator("svg.regions image.cells")).to_have_count(1)
    expect(classifier.locator(".class-legend li")).to_have_count(3)
    expect(classifier.locator("g.point")).to_have_count(90)
    accuracy = classifier.get_by_label("Training accuracy", exact=True)
    expect(accuracy).to_contain_text("of 90")
    classifier.get_by_role("button", name="100 GD steps").click()
    expect(classifier.get_by_label("Steps", exact=True)).to_have_text("100")
    correct = int(classifier.get_attribute("data-correct"))
    assert correct >= 80
    state = report(page)
    assert state["classifier_steps"] == 100
    assert state["classifier_score"] == pytest.approx(correct / 90)
    screenshot(page, "widgets-in-jupyterlab", ".nnguide-widget[data-widget=classifier]")


def test_network_draws_its_hidden_layers(notebook: Page) -> None:
    page = notebook
    run_cell(page, 0)  # imports json
    run_cell(page, 5)
    network = page.locator(".nnguide-widget[data-widget=network]")
    params = network.get_by_label("Parameters", exact=True)
    graph = network.locator("[data-slot=shape-graph] svg.layers")
    # The page's section 11 explorer: 2 → 8 → 4 → 2, (2·8 + 8) + (8·4 + 4) + (4·2 + 2).
    expect(params).to_have_text("70")
    expect(graph).to_have_attribute("data-layers", "2,8,4,2")
    expect(network.get_by_label("Hidden layers", exact=True)).to_have_value("8,4")

    # Typed on the page: the kernel's trait follows, once the core has counted the shape.
    network.get_by_label("Hidden layers", exact=True).fill("5")
    expect(params).to_have_text("27")  # (2·5 + 5) + (5·2 + 2)
    expect(graph).to_have_attribute("data-layers", "2,5,2")

    def kernel() -> list:
        import json

        run_cell(page, 6)
        out = page.locator(".jp-Notebook .jp-Cell").nth(6).locator(".jp-OutputArea-output")
        expect(out).to_contain_text("NETWORK")
        text = out.inner_text()
        return json.loads(text[text.index("NETWORK") + 8 :].strip())

    assert kernel() == [[5], 27]

    # Set from Python: the box, the graph and the count follow.
    run_cell(page, 7)
    expect(network.get_by_label("Hidden layers", exact=True)).to_have_value("16")
    expect(graph).to_have_attribute("data-layers", "2,16,2")
    expect(params).to_have_text("82")  # (2·16 + 16) + (16·2 + 2)
