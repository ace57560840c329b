"""i18n.js and format.js in a real browser: plurals, placeholders, fallbacks, locale numbers,
and reading numbers as a reader types them."""

from __future__ import annotations

import math

import pytest
from playwright.sync_api import Page

RUN = """async (script) => {
  const i18n = await import("/static/js/i18n.js");
  const format = await import("/static/js/format.js");
  const d3 = await import("/static/js/d3.js");
  return new Function("i18n", "format", "d3", script)(i18n, format, d3);
}"""


BLANK = '<!doctype html><html><head><link rel="icon" href="data:,"></head></html>'


@pytest.fixture
def run(page: Page):  # noqa: ANN201 - returns the helper below
    base = page.base_url  # type: ignore[attr-defined]
    # An empty page of the guide's origin, so its modules import as the page's do.
    page.route(f"{base}/blank", lambda r: r.fulfill(body=BLANK, content_type="text/html"))
    page.goto(f"{base}/blank")

    def evaluate(script: str):  # noqa: ANN202
        return page.evaluate(RUN, script)

    return evaluate


STEPS = "{n, plural, zero {Z} one {O#} two {T#} few {F#} many {M#} other {X#}}"


def test_plural_branches_follow_each_languages_rules(run) -> None:  # noqa: ANN001
    got = run(
        f"""
        const out = {{}};
        for (const lang of ["en", "fr", "ar"]) {{
          const t = i18n.createT({{ k: "{STEPS}", "lang.locale": lang }}, lang);
          out[lang] = [0, 1, 2, 3, 11, 100, 1.5].map((n) => t("k", {{ n }}));
        }}
        return out;
        """
    )
    assert got["en"] == ["X0", "O1", "X2", "X3", "X11", "X100", "X1.5"]
    assert got["fr"] == ["O0", "O1", "X2", "X3", "X11", "X100", "O1,5"]  # 0 and 1.5 are "one"
    assert got["ar"] == ["Z", "O1", "T2", "F3", "M11", "X100", "X1.5"]


def test_exact_matches_placeholders_and_fallbacks(run) -> None:  # noqa: ANN001
    got = run(
        """
        const english = {
          a: "{n, plural, =1 {GD step} other {# GD steps}}", b: "Only {x}", c: "{who} and {n}",
        };
        const t = i18n.createT({ b: "Seulement {x}", "lang.locale": "fr-FR" }, "fr", english);
        return [t("a", { n: 1 }), t("a", { n: 2000 }), t("b", { x: "ça" }), t("c", { who: "w" }),
                t("missing.key"), t("b")];
        """
    )
    # English fills a gap; a missing key shows itself; a missing parameter stays visible.
    assert got == [
        "GD step",
        "2\u202f000 GD steps",
        "Seulement ça",
        "w and {n}",
        "missing.key",
        "Seulement {x}",
    ]


def test_set_language_moves_every_number_and_d3_to_the_locale(run) -> None:  # noqa: ANN001
    got = run(
        """
        const out = {};
        const locales = { fr: "fr-FR", es: "es-ES", ar: "ar-u-nu-latn", en: "en-US" };
        for (const [lang, locale] of Object.entries(locales)) {
          const money = lang === "en" ? "${amount}" : "{amount} $";
          i18n.setLanguage({ "lang.locale": locale, "format.money": money }, lang);
          out[lang] = [
            format.num(2057.73), format.fixed(0.18, 3), format.dollars(360), format.num(12345),
            d3.format(",.1f")(1234.5), format.editable(0.5), format.editable(1e-8),
          ];
        }
        return out;
        """
    )
    assert got["fr"] == [
        "2\u202f058",
        "0,180",
        "360\u202f000 $",
        "12\u202f345",
        "1\u202f234,5",
        "0,5",
        "1e-8",
    ]
    assert got["es"] == ["2058", "0,180", "360.000 $", "12.345", "1.234,5", "0,5", "1e-8"]
    assert got["ar"][:4] == ["2,058", "0.180", "360,000 $", "12,345"]
    assert got["en"] == ["2,058", "0.180", "$360,000", "12,345", "1,234.5", "0.5", "1e-8"]


def test_numbers_are_read_the_way_a_reader_types_them(run) -> None:  # noqa: ANN001
    got = run(
        """
        const read = (locale, texts) => {
          format.setNumberLocale(locale);
          return texts.map(format.parseNumber);
        };
        return {
          fr: read("fr-FR", ["0,2", "0.2", "2 000", "2\u202f000,5", "1e-8", "−3,5", "abc", ""]),
          es: read("es-ES", ["0,2", "0.2", "1e-8"]),
          en: read("en-US", ["0.2", "2,000", "1e-8", "-3.5"]),
        };
        """
    )
    assert got["fr"][:6] == [0.2, 0.2, 2000, 2000.5, 1e-8, -3.5]
    assert all(v is None or math.isnan(v) for v in got["fr"][6:])  # not numbers: NaN
    assert got["es"] == [0.2, 0.2, 1e-8]  # a point is never a group separator in a box
    assert got["en"] == [0.2, 2000, 1e-8, -3.5]
