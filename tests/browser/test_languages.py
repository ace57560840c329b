"""The page in French, Spanish and Arabic: every word translated, numbers in the reader's
conventions, Arabic laid out right to left with charts still growing to the right.

Every section of every language is saved at 1280 and 390 px under
test-artifacts/languages/<lang>/ for a person to look at.
"""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Locator, Page, expect
from tests.browser.test_accessibility import describe

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "languages"
TRANSLATED = ("fr", "es", "ar")
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
    "your-data",
    "hidden",
    "activation",
    "layers",
    "backprop",
    "deeper",
    "next",
)

#: Words that are English and not French, Spanish or Arabic: one of them in a visible text or
#: an accessible name means a string was not translated. (Words the languages share are left
#: out: "error" and "has" are Spanish, "gradient" French, "or" and "train" French words too.)
ENGLISH_WORDS = set(
    """the and with from this that these those your you which each every steps step
    training reset weight weights bias learning rate loss press show hidden house houses
    network layer layers neuron neurons digit digits accuracy seed start of to is are for it its
    by at not than what how why when where here there more less new one two three four
    none off scale enter number between after before below above until while
    descent standardize inputs input output outputs picture pictures draw clear
    probability probabilities predicted price bathrooms
    good bad wrong right shown hide held list chart map key light dark system theme language
    should could would will can cannot have had been being was were""".split()  # noqa: SIM905
)
#: Names and titles that stay as they are in every language (the reading list's books, the
#: data sets' sources).
KEPT = (
    "leave-one-out",
    "Neural Networks and Deep Learning",
    "Dive into Deep Learning",
    "Neural Networks: Zero to Hero",
    "Deep Learning",
)

COLLECT = """() => {
  // Code, formulas, and text marked as English on purpose (a citation): not words to translate.
  const kept = "code, pre, kbd, script, style, [translate=no], .eq, .mat, [lang=en]";
  const skip = (node) => node.closest(kept);
  const seen = (el) => {
    if (!el.getClientRects().length) return false;
    const style = getComputedStyle(el);
    return style.visibility !== "hidden" && style.display !== "none";
  };
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || skip(el) || !n.textContent.trim()) continue;
    if (el.closest("svg") ? !el.closest("svg").getClientRects().length : !seen(el)) continue;
    texts.push(n.textContent.trim());
  }
  for (const el of document.body.querySelectorAll("[aria-label], [title], [alt], [placeholder]")) {
    if (skip(el)) continue;
    for (const a of ["aria-label", "title", "alt", "placeholder"]) {
      if (el.hasAttribute(a)) texts.push(el.getAttribute(a));
    }
  }
  for (const el of document.body.querySelectorAll("svg title, svg desc, label, option, caption")) {
    if (!skip(el) && el.textContent.trim()) texts.push(el.textContent.trim());
  }
  return texts;
}"""


def _open(browser: Browser, server_url: str, lang: str, width: int = 1280) -> Page:
    context = browser.new_context(viewport={"width": width, "height": 900}, reduced_motion="reduce")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors  # type: ignore[attr-defined]
    page.goto(f"{server_url}/?lang={lang}")
    _drawn(page)
    return page


def _drawn(page: Page) -> None:
    """Every section has drawn its first answer (checked without reading any words)."""
    for section in ("train", "gd", "two"):
        expect(page.locator(f"#{section} .readout .value").first).not_to_be_empty()
    expect(page.locator("#error table.data td").first).to_be_visible()
    expect(page.locator(".softmax-table tbody td.prob")).to_have_count(2)
    expect(page.locator("#classify [data-slot=verdict]")).not_to_be_empty()
    expect(page.locator("#generalise [data-slot=loo]")).not_to_be_empty()
    expect(page.locator("#digits .digits-readout")).not_to_be_empty()
    expect(page.locator("#your-data [data-step]").first).to_be_attached()
    for section in ("hidden", "activation", "layers", "backprop", "deeper"):
        expect(page.locator(f"#{section}")).to_have_attribute("data-busy", "no")
    expect(page.locator("#backprop table.slopes tbody tr").first).to_be_visible()


def _english_left(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        for kept in KEPT:
            text = text.replace(kept, "")
        text = re.sub(r"\b[a-z]+(?:-[a-z0-9]+)+\b", "", text)  # names of data sets: houses-10
        words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
        if words & ENGLISH_WORDS:
            found.append(f"{text!r} ({', '.join(sorted(words & ENGLISH_WORDS))})")
    return sorted(set(found))


def _catalog(server_url: str, lang: str) -> dict[str, str]:
    with urllib.request.urlopen(f"{server_url}/static/i18n/{lang}.json") as r:
        return json.load(r)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_english_is_left_on_the_page_after_using_it(
    browser: Browser, server_url: str, lang: str
) -> None:
    page = _open(browser, server_url, lang)
    catalog = _catalog(server_url, lang)
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.title() == catalog["html.head.title"]
    # Use a few controls, so the words a click brings (messages, new readouts) are checked too.
    page.locator("#train input[type=range]").first.fill("0.18")
    gd = page.locator("#gd")
    gd.locator(".bar .buttons button").nth(1).click()  # ten GD steps
    expect(gd.locator(".readout .value").first).not_to_have_text("")
    classify = page.locator("#classify")
    classify.locator(".buttons button").first.click()
    page.locator("#hidden .buttons button").first.click()
    expect(page.locator("#hidden")).to_have_attribute("data-busy", "no")
    page.wait_for_timeout(500)
    left = _english_left(page.evaluate(COLLECT))
    assert not left, f"English still shown in {lang}:\n" + "\n".join(left)
    assert not page.errors  # type: ignore[attr-defined]
    page.context.close()


def test_the_browsers_language_is_the_default_and_the_menu_changes_it(
    browser: Browser, server_url: str
) -> None:
    context = browser.new_context(locale="es-ES", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server_url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    menu = page.locator("[data-place=language] select, .language-choice select").first
    expect(menu).to_have_value("es")
    names = menu.locator("option").all_inner_texts()
    assert names[:1] == ["English"] and {"Français", "Español", "العربية"} <= set(names)
    menu.select_option("fr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page).to_have_url(re.compile(r"lang=fr"))
    # The choice is kept in links and stays when the page is opened again without ?lang.
    page.goto(server_url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    context.close()


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_numbers_use_a_decimal_comma_and_boxes_accept_one(
    browser: Browser, server_url: str, lang: str
) -> None:
    page = _open(browser, server_url, lang)
    expect(page.locator("#intro [data-slot=weight-k]")).to_have_text("0,180")
    # The §2 table's prices and errors, and softmax's probabilities, in the reader's style.
    probabilities = page.locator(".softmax-table tbody td.prob").all_inner_texts()
    assert all(re.fullmatch(r"0,\d+", p) for p in probabilities), probabilities
    train = page.locator("#train")
    train.locator("input[type=range]").first.fill("0.18")
    train.locator("input[type=range]").nth(1).fill("0")
    error = train.locator(".readout .value").first
    want = "2\u202f058" if lang == "fr" else "2058"
    expect(error).to_have_text(want)
    # "0,2" typed in a learning-rate box is 0.2.
    box = page.locator("#gd input[inputmode=decimal]").first
    box.fill("0,2")
    box.press("Enter")
    box.blur()
    expect(box).not_to_have_attribute("aria-invalid", "true")
    expect(page).to_have_url(re.compile(r"[?&]lrb?=0\.2(&|$)"))
    page.reload()
    _drawn(page)
    expect(page.locator("#gd input[inputmode=decimal]").first).to_have_value("0,2")
    assert not page.errors  # type: ignore[attr-defined]
    page.context.close()


def _x_axis_ticks(chart: Locator) -> list[tuple[float, float]]:
    """(value, x on screen) for each tick of the chart's first axis."""
    return chart.locator("g.axis").first.evaluate(
        """(g) => [...g.querySelectorAll('.tick')].map((t) => {
             const box = t.getBoundingClientRect();
             const text = t.textContent.replace(/[^0-9.\u2212-]/g, '').replace('\u2212', '-');
             return [Number(text), box.x];
           })"""
    )


def test_arabic_reads_right_to_left_with_charts_still_left_to_right(
    browser: Browser, server_url: str
) -> None:
    page = _open(browser, server_url, "ar")
    assert page.evaluate("[document.documentElement.dir, document.documentElement.lang]") == [
        "rtl",
        "ar",
    ]
    # A control bar's first item is on the right of the next.
    first, second = page.locator("#gd .bar .buttons button").all()[:2]
    assert first.bounding_box()["x"] > second.bounding_box()["x"]  # type: ignore[index]
    # The prose column starts on the right.
    prose = page.locator("#intro .prose p").first.bounding_box()
    section = page.locator("#intro").bounding_box()
    assert prose and section
    right_gap = section["x"] + section["width"] - (prose["x"] + prose["width"])
    assert right_gap < prose["x"] - section["x"]
    # Chart x axes still grow to the right.
    ticks = _x_axis_ticks(page.locator("#error [data-slot=chart] svg").first)
    assert len(ticks) >= 3
    by_position = [value for value, _ in sorted(ticks, key=lambda vt: vt[1])]
    assert by_position == sorted(by_position), ticks
    # Code and formulas stay left to right inside the right-to-left prose.
    assert (
        page.locator("#error code").first.evaluate("(c) => getComputedStyle(c).direction") == "ltr"
    )
    assert not page.errors  # type: ignore[attr-defined]
    page.context.close()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["en", *TRANSLATED])
def test_every_section_saved_in_every_language(
    browser: Browser, server_url: str, lang: str, width: int
) -> None:
    page = _open(browser, server_url, lang, width)
    folder = ARTIFACTS / lang
    folder.mkdir(parents=True, exist_ok=True)
    for name in SECTIONS:
        page.locator(f"#{name}").screenshot(path=str(folder / f"{name}-{width}.png"))
    # Nothing wider than the phone's screen.
    if width == 390:
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 2, f"{lang}: the page is {overflow} px wider than the screen"
    assert not page.errors  # type: ignore[attr-defined]
    page.context.close()


@pytest.mark.parametrize("lang", TRANSLATED)
def test_axe_finds_no_violations_in_every_language(
    browser: Browser, server_url: str, lang: str
) -> None:
    """Translated names still name their controls (WCAG 2.5.3), the document's language is
    valid, and longer words keep their contrast and targets."""
    page = _open(browser, server_url, lang)
    page.locator("#gd .bar .buttons button").nth(1).click()
    expect(page.locator("#gd")).to_have_attribute("data-steps", "10")
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    page.context.close()
    assert describe(results.response["violations"]) == []
