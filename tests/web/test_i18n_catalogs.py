"""The page's catalogs: complete, used, and faithful to English's placeholders and markup.

One catalog per language in ``static/i18n/<code>.json``; English is the reference. These tests
read the catalogs and the page's sources as files (no browser): every key the page asks for
exists, every key a catalog holds is asked for, and every translation keeps the English
string's placeholders, plural branches and HTML tags.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from nnguide.lessons import messages
from nnguide.web import catalogs

STATIC = Path(catalogs.__file__).parent / "static"
JS = [p for p in (STATIC / "js").rglob("*.js") if p.name != "d3.js"]
HTML = STATIC / "index.html"
GLOSSARY = Path(__file__).resolve().parents[2] / "docs" / "i18n" / "glossary.md"
ENGLISH = catalogs.catalogs()["en"]
OTHERS = [code for code in catalogs.catalogs() if code != "en"]
#: Keys the page builds at run time from a prefix and a name it gets elsewhere: message codes
#: from the API, state keys from the registry; the catalog's description of itself.
DYNAMIC = ("msg.", "state.key.", "lang.", "format.")

PLACEHOLDER = re.compile(r"\{\s*([A-Za-z_]\w*)\s*[,}]")


def _sources() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in [*JS, HTML])


def _literal_keys() -> set[str]:
    """Every quoted string in the page's code that has the shape of a catalog key."""
    text = _sources()
    return (
        set(re.findall(r"[\"'`]([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)[\"'`]", text))
        | set(re.findall(r"data-i18n=\"([^\"]+)\"", text))
        | {
            pair.split(":")[1]
            for attr in re.findall(r"data-i18n-attr=\"([^\"]+)\"", text)
            for pair in attr.split()
        }
    )


def _asked_keys() -> set[str]:
    """Keys the page certainly asks for: t("…") calls and data-i18n attributes."""
    text = _sources()
    called = set(re.findall(r"\bt\(\s*[\"'`]([^\"'`$]+)[\"'`]", text))
    marked = set(re.findall(r"data-i18n=\"([^\"]+)\"", HTML.read_text(encoding="utf-8")))
    return called | marked


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, tuple[tuple[str, str | None], ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kept = tuple(sorted((k, v) for k, v in attrs if k in {"class", "data-place", "href"}))
        self.tags.append((tag, kept))


def _tags(text: str) -> list[Any]:
    parser = _Tags()
    parser.feed(text)
    return sorted(parser.tags)


def test_every_language_names_itself_and_english_comes_first() -> None:
    langs = catalogs.languages()
    assert [lang["code"] for lang in langs][0] == "en"
    assert {lang["code"] for lang in langs} >= {"en", "fr", "es", "ar"}
    by_code = {lang["code"]: lang for lang in langs}
    assert by_code["fr"]["name"] == "Français"
    assert by_code["es"]["name"] == "Español"
    assert by_code["ar"]["name"] == "العربية"
    assert by_code["ar"]["dir"] == "rtl"
    assert all(by_code[c]["dir"] == "ltr" for c in ("en", "fr", "es"))


def test_every_key_the_page_asks_for_is_in_english() -> None:
    missing = sorted(k for k in _asked_keys() if k not in ENGLISH)
    assert not missing, f"the page asks for keys en.json does not have: {missing}"


def test_english_has_no_key_the_page_does_not_use() -> None:
    used = _literal_keys()
    unused = sorted(k for k in ENGLISH if k not in used and not k.startswith(DYNAMIC))
    assert not unused, f"en.json keys no page code asks for: {unused}"


def test_message_codes_are_the_lessons_codes() -> None:
    worded = {k.removeprefix("msg.") for k in ENGLISH if k.startswith("msg.")}
    assert worded == set(messages._ENGLISH)


@pytest.mark.parametrize("code", OTHERS)
def test_a_translation_has_exactly_englishs_keys(code: str) -> None:
    catalog = catalogs.catalogs()[code]
    assert sorted(set(ENGLISH) - set(catalog)) == [], "keys missing from the translation"
    assert sorted(set(catalog) - set(ENGLISH)) == [], "keys English does not have"


@pytest.mark.parametrize("code", OTHERS)
def test_a_translation_keeps_every_placeholder_and_tag(code: str) -> None:
    catalog = catalogs.catalogs()[code]
    problems = []
    for key, english in ENGLISH.items():
        text = catalog.get(key)
        if text is None:
            continue
        if set(PLACEHOLDER.findall(english)) != set(PLACEHOLDER.findall(text)):
            problems.append(f"{key}: placeholders {PLACEHOLDER.findall(text)}")
        if ", plural," in text and not re.search(r"\bother\s*\{", text):
            problems.append(f"{key}: a plural without its 'other' branch")
        if text.count("{") != text.count("}"):
            problems.append(f"{key}: unbalanced braces")
        if key.endswith("_html") and _tags(english) != _tags(text):
            problems.append(f"{key}: tags {_tags(text)} instead of {_tags(english)}")
        if not key.endswith("_html") and re.search(r"<[a-z]", text):
            problems.append(f"{key}: markup in a plain-text key")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("code", OTHERS)
def test_a_translation_is_translated(code: str) -> None:
    """No long string left in English (formulas and names are short or identical by nature)."""
    catalog = catalogs.catalogs()[code]
    same = [
        k
        for k, english in ENGLISH.items()
        if catalog.get(k) == english
        and not k.startswith(("lang.", "format."))
        and len(re.findall(r"[A-Za-z]{3,}", _words(english))) >= 3
    ]
    assert not same, f"still English in {code}.json: {same}"


def _words(html: str) -> str:
    """The text a reader sees, without markup or code."""
    return re.sub(r"<[^>]+>", " ", re.sub(r"<code>.*?</code>", " ", html))


def test_the_english_messages_say_what_the_lessons_say() -> None:
    """msg.* in en.json, rendered, is the CLI's and the API's English for the same code."""
    samples = {"steps": 1, "wanted": 2_000}, {"steps": 1_234, "wanted": 2_000}
    for code in messages._ENGLISH:
        for params in samples:
            page = _render(ENGLISH[f"msg.{code}"], params)
            assert page == messages.Message(code, params).english(), code


def _render(text: str, params: dict[str, int]) -> str:
    """English ICU subset as i18n.js reads it: {n} and {n, plural, one {…} other {…}}."""

    def plural(m: re.Match[str]) -> str:
        n = params[m.group(1)]
        branch = m.group(2) if n == 1 else m.group(3)
        return branch.replace("#", f"{n:,}")

    text = re.sub(r"\{(\w+), plural, one \{([^{}]*)\} other \{([^{}]*)\}\}", plural, text)
    return re.sub(r"\{(\w+)\}", lambda m: f"{params[m.group(1)]:,}", text)


def test_the_glossary_has_a_column_per_language() -> None:
    header = next(
        line
        for line in GLOSSARY.read_text(encoding="utf-8").splitlines()
        if line.startswith("| English")
    )
    names = {lang["name"] for lang in catalogs.languages()}
    assert all(name in header for name in names), header


def test_catalogs_are_flat_json_objects_of_strings() -> None:
    for path in sorted((STATIC / "i18n").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict)
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()), path.name


def test_the_api_lists_the_languages(client) -> None:  # noqa: ANN001 - the app's test client
    answer = client.get("/api/languages")
    assert answer.status_code == 200
    body = answer.json()
    assert body["default"] == "en"
    assert body["languages"] == catalogs.languages()
