"""The page contract (issue 9, item 4) in a real browser.

* Figures live anywhere: every section mounted twice on one page, into empty
  elements, each with its own state; both copies draw and work independently,
  and no id is shared or dangling.
* Any path prefix: the guide loads through a real prefix-stripping HTTP proxy
  with every request under the prefix and no 404.
* One state registry: a link's unusable values are named in a note, never
  dropped silently; defaults and ranges come from the API's request schemas.
"""

from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import ThreadingHTTPServer

import pytest
from playwright.sync_api import Browser, Page, Route, expect
from tests.browser.proxy import proxy_handler

pytestmark = pytest.mark.browser

# ---------------------------------------------------------------------------------------------
# Every section mounted twice, with no page around it


SECTIONS = ["intro", "error", "train", "gd", "two", "softmax", "classify", "shapes", "digits"]
SECTIONS += ["hidden", "activation", "layers", "backprop", "deeper"]  # Part 2
SECTIONS += ["workbench"]  # Your own data

HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>two of everything</title>
<link rel="stylesheet" href="static/css/guide.css"></head>
<body class="nnguide"><main>%(roots)s</main>
<script type="module">
import { createHttpApi } from "./static/js/api.js";
import { mountSection } from "./static/js/host.js";
import { setLanguage } from "./static/js/i18n.js";
import { createState, memoryBackend } from "./static/js/state.js";

const api = createHttpApi(document.baseURI);
const [fields, catalog] = await Promise.all([api.fields(), api.catalog("en")]);
const t = setLanguage(catalog, "en");
window.backends = [];
await Promise.all([...document.querySelectorAll("[data-copy]")].map((root) => {
  const backend = memoryBackend(JSON.parse(root.dataset.state));
  window.backends.push(backend);
  return mountSection(root, root.dataset.name, { api, state: createState({ fields, backend }), t });
}));
document.body.dataset.mounted = "yes";
</script></body></html>"""

#: Copy "a" of section 3 starts from a link's values, copy "b" from the defaults.
STATES = {("train", "a"): {"w": 0.18, "b": 0}}


def host_page(names: list[str]) -> str:
    roots = "".join(
        f"<section data-copy='{copy}' data-name='{name}' "
        f"data-state='{json.dumps(STATES.get((name, copy), {}))}'></section>"
        for name in names
        for copy in ("a", "b")
    )
    return HOST_PAGE % {"roots": roots}


def copy(page: Page, name: str, which: str):  # noqa: ANN201 - a Playwright locator
    return page.locator(f"[data-name={name}][data-copy={which}]")


# Every id on the page is unique, and every reference to an id points inside its own copy.
IDS_CHECK = """() => {
  const problems = [];
  const ids = [...document.querySelectorAll("[id]")].map((e) => e.id);
  const seen = new Set();
  for (const id of ids) { if (seen.has(id)) problems.push(`duplicate id ${id}`); seen.add(id); }
  const refs = [];
  for (const e of document.querySelectorAll("[for]")) refs.push([e, e.getAttribute("for")]);
  for (const attr of ["aria-labelledby", "aria-describedby"]) {
    for (const e of document.querySelectorAll(`[${attr}]`)) {
      for (const id of e.getAttribute(attr).split(/\\s+/)) refs.push([e, id]);
    }
  }
  for (const attr of ["clip-path", "marker-end", "marker-start"]) {
    for (const e of document.querySelectorAll(`[${attr}]`)) {
      const m = /url\\(#([^)]+)\\)/.exec(e.getAttribute(attr));
      if (m) refs.push([e, m[1]]);
    }
  }
  for (const [e, id] of refs) {
    const target = document.getElementById(id);
    if (!target) problems.push(`dangling reference to ${id}`);
    else if (target.closest("[data-copy]") !== e.closest("[data-copy]")) {
      problems.push(`${id} is referred to from another copy`);
    }
  }
  return { problems, count: ids.length };
}"""


@pytest.fixture
def twice(page: Page) -> Page:
    base = page.base_url  # type: ignore[attr-defined]
    page.route(
        f"{base}/two-of-everything.html",
        lambda route: route.fulfill(body=host_page(SECTIONS), content_type="text/html"),
    )
    page.goto(f"{base}/two-of-everything.html")
    expect(page.locator("body")).to_have_attribute("data-mounted", "yes", timeout=30_000)
    return page


def test_every_section_mounts_twice_without_the_page(twice: Page, screenshot) -> None:
    page = twice
    for name in SECTIONS:
        for which in ("a", "b"):
            root = copy(page, name, which)
            expect(root.locator(".section-failed")).to_have_count(0)
            expect(root.locator("svg, table, input, canvas").first).to_be_visible()
    # Each copy drew its own answer.
    for which in ("a", "b"):
        expect(copy(page, "intro", which)).to_contain_text("2,000 sq ft × $180 = $360,000")
        expect(copy(page, "error", which).locator("tfoot")).to_contain_text("2,058")
        expect(copy(page, "shapes", which).get_by_label("Parameters")).to_have_text("6")
        expect(copy(page, "softmax", which).locator("td.prob")).to_have_text(["0.1192", "0.8808"])
        expect(copy(page, "digits", which).locator(".digits-readout")).to_contain_text("step 0")
        expect(copy(page, "classify", which).locator("[data-slot=verdict]")).to_contain_text(
            "Right now"
        )
        for name in ("hidden", "activation", "layers", "backprop", "deeper"):
            expect(copy(page, name, which)).to_have_attribute("data-busy", "no")
        expect(copy(page, "layers", which).get_by_label("Parameters", exact=True)).to_have_text(
            "17"
        )
    result = page.evaluate(IDS_CHECK)
    assert result["problems"] == [] and result["count"] > 50
    screenshot(page, "contract-two-of-everything")


def test_two_copies_keep_their_own_state(twice: Page) -> None:
    page = twice
    a, b = copy(page, "train", "a"), copy(page, "train", "b")
    # Copy a restored its own state (w = 0.18, b = 0); copy b has the defaults.
    expect(a.get_by_label("Error", exact=True)).to_have_text("2,058")
    assert a.get_by_label("Weight", exact=True).input_value() == "0.18"
    assert b.get_by_label("Weight", exact=True).input_value() == "0.15"
    b_error = b.get_by_label("Error", exact=True).inner_text()
    b.get_by_label("Weight", exact=True).fill("0.3")
    expect(b.get_by_label("Error", exact=True)).not_to_have_text(b_error)
    expect(a.get_by_label("Error", exact=True)).to_have_text("2,058")
    backends = page.evaluate("window.backends.map((b) => b.entries())")
    roots = page.locator("[data-copy]").evaluate_all(
        "els => els.map((e) => e.dataset.name + e.dataset.copy)"
    )
    by_root = dict(zip(roots, backends, strict=True))
    assert by_root["traina"] == {"w": "0.18", "b": "0"}
    assert by_root["trainb"] == {"w": "0.3"}  # b = 50 is the default: not stored
    # Buttons act on their own copy only.
    copy(page, "gd", "a").get_by_role("button", name="GD step, one input", exact=True).click()
    expect(copy(page, "gd", "a")).to_have_attribute("data-steps", "1")
    expect(copy(page, "gd", "b")).to_have_attribute("data-steps", "0")
    copy(page, "shapes", "b").get_by_role("button", name="More features").click()
    expect(copy(page, "shapes", "b").locator(".weight-edge")).to_have_count(6)
    expect(copy(page, "shapes", "a").locator(".weight-edge")).to_have_count(4)
    copy(page, "classify", "a").get_by_role("button", name="100 GD steps").click()
    expect(copy(page, "classify", "a").get_by_label("Steps", exact=True)).to_have_text("100")
    expect(copy(page, "classify", "b").get_by_label("Steps", exact=True)).to_have_text("0")
    # A label still names its own control: the two "Softmax input" boxes are separate.
    boxes = page.get_by_label("Softmax input")
    expect(boxes).to_have_count(2)
    boxes.nth(1).fill("1, 2, 4")
    expect(copy(page, "softmax", "b").locator("td.prob")).to_have_count(3)
    expect(copy(page, "softmax", "a").locator("td.prob")).to_have_count(2)


# ---------------------------------------------------------------------------------------------
# The guide under a path prefix, through a real prefix-stripping proxy

PREFIX = "/some/prefix"


@pytest.fixture
def proxy_url(server_url: str) -> Iterator[str]:
    handler = proxy_handler(server_url, PREFIX)  # strips PREFIX, as JupyterHub's proxy does
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    # The proxy really strips: the app itself has nothing at the prefix.
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(f"{server_url}{PREFIX}/", timeout=5)
    yield url
    server.shutdown()
    server.server_close()
    assert handler.outside == [], f"requests outside the prefix: {handler.outside}"


def test_the_guide_works_under_a_path_prefix(
    browser: Browser, proxy_url: str, drawn, screenshot
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    answers: list[tuple[int, str]] = []
    page.on("response", lambda r: answers.append((r.status, r.url)))
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{proxy_url}{PREFIX}/")
    drawn(page)
    # Talking to the API through the proxy: a slider (POST), GD steps, the shape count (GET).
    train = page.locator("#train")
    train.get_by_label("Weight", exact=True).fill("0.18")
    train.get_by_label("Bias", exact=True).fill("0")
    expect(train.get_by_label("Error", exact=True)).to_have_text("2,058")
    page.locator("#gd").get_by_role("button", name="10 GD steps, one input", exact=True).click()
    expect(page.locator("#gd")).to_have_attribute("data-steps", "10")
    page.locator("#shapes").get_by_role("button", name="MNIST: 784 × 10").click()
    expect(page.locator("#shapes").get_by_label("Parameters")).to_have_text("7,850")
    expect(page).to_have_url(re.compile(re.escape(PREFIX) + r"/\?.*w=0\.18"))
    screenshot(page, "prefix-proxy", "#train")
    context.close()
    assert errors == []
    bad = [(status, url) for status, url in answers if status >= 400]
    assert bad == []
    paths = {urllib.parse.urlsplit(url).path for _, url in answers if url.startswith("http")}
    assert paths and all(p.startswith(PREFIX + "/") for p in paths), paths
    assert any(p.endswith("/openapi.json") for p in paths)


# ---------------------------------------------------------------------------------------------
# The state registry


def test_a_link_with_unusable_values_says_so(page: Page) -> None:
    query = "?w=NaN&b=0&std=maybe&lrb=1e9&s_n=2.5&c_loss=hinge&c_lr=0.3&c_held=12X"
    page.goto(f"{page.base_url}/{query}")  # type: ignore[attr-defined]
    train = page.locator("#train")
    expect(train.get_by_label("Error", exact=True)).not_to_be_empty()
    # The usable value is used; the unusable one is named, and its control has the default.
    assert train.get_by_label("Bias", exact=True).input_value() == "0"
    assert train.get_by_label("Weight", exact=True).input_value() == "0.15"
    note = train.locator(".state-note")
    expect(note).to_contain_text("Weight (w): “NaN” is not a number from 0 to 0.4")
    expect(note).not_to_contain_text("Bias")
    gd = page.locator("#gd .state-note")
    expect(gd).to_contain_text("Standardize inputs (std): “maybe” is not 1 (on) or 0 (off)")
    expect(gd).to_contain_text("Learning rate (lrb): “1e9” is not a number from 0.000001 to 100")
    expect(page.locator("#shapes .state-note")).to_contain_text(
        "Features (s_n): “2.5” is not a whole number from 1 to 1,000"
    )
    clf = page.locator("#classify .state-note")
    expect(clf).to_contain_text("Loss function (c_loss): “hinge” is not one of cross-entropy, mse")
    expect(clf).to_contain_text("Learning rate (c_lr): “0.3” is not one of 1e-8, 1e-7")
    expect(clf).to_contain_text("Hidden list (c_held): “12X” is not a list like 12G,15B")
    expect(page.locator("#classify").get_by_label("Loss function")).to_have_value("cross-entropy")
    expect(page.locator("#intro .state-note")).to_have_count(0)  # nothing of its own was wrong


def _patched_schema(route: Route, change) -> None:  # noqa: ANN001 - a function
    doc = route.fetch().json()
    change(doc["components"]["schemas"])
    route.fulfill(json=doc)


def _request_schema(schemas: dict, name: str) -> dict:
    """The request model for /api/<name> (its schema name may carry a module path)."""
    return next(s for key, s in schemas.items() if key.endswith(name))


def test_defaults_and_ranges_come_from_the_api(browser: Browser, server_url: str) -> None:
    """Change the API's defaults and ranges (in its schema) and the page follows."""

    def change(schemas: dict) -> None:
        regression = _request_schema(schemas, "regression__EvaluateRequest")["properties"]
        regression["learning_rate_bias"]["default"] = 0.25
        regression["standardize"]["default"] = True
        classify = _request_schema(schemas, "classify__TrainRequest")["properties"]
        classify["learning_rate"]["default"] = 0.1
        landscape = schemas["LandscapeRequest"]["properties"]
        landscape["weight_max"]["default"] = 0.3

    context = browser.new_context()
    page = context.new_page()
    page.route("**/openapi.json", lambda route: _patched_schema(route, change))
    page.goto(f"{server_url}/")
    expect(page.locator("#gd").get_by_label("Standardize inputs")).to_be_checked()
    expect(page.locator("#classify").get_by_label("Learning rate")).to_have_value("0.1")
    weight = page.locator("#train").get_by_label("Weight", exact=True)
    expect(weight).to_have_attribute("max", "0.3")
    page.locator("#gd").get_by_label("Standardize inputs").uncheck()
    expect(page.locator("#gd").get_by_label("Learning rate, one input", exact=True)).to_have_value(
        "0.25"
    )
    context.close()


def test_a_registry_pointer_the_api_lacks_stops_the_page_with_a_reason(
    browser: Browser, server_url: str
) -> None:
    def change(schemas: dict) -> None:
        del _request_schema(schemas, "classify__TrainRequest")["properties"]["loss"]["default"]

    context = browser.new_context()
    page = context.new_page()
    page.on("console", lambda m: None)
    page.route("**/openapi.json", lambda route: _patched_schema(route, change))
    page.goto(f"{server_url}/")
    expect(page.locator("main > .notice.error")).to_contain_text(
        "state key c_loss: the API gives no default for classify.train:loss"
    )
    context.close()
