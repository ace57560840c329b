"""Part 2's static files keep the page contract: scoped CSS, linked from the shell, one
section module per mounted section, and every state key of theirs worded for the link note."""

from __future__ import annotations

import json
import re
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "src" / "nnguide" / "web" / "static"
PART2 = ["hidden", "activation", "layers", "backprop", "deeper"]


def _selectors(css: str) -> list[str]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    out: list[str] = []
    for block in re.findall(r"([^{}]+)\{[^{}]*\}", css):
        block = block.strip()
        if not block.startswith("@"):
            out += [s.strip() for s in block.split(",")]
    return out


def test_part2_css_is_scoped_and_linked() -> None:
    css = (STATIC / "css" / "part2.css").read_text(encoding="utf-8")
    selectors = _selectors(css)
    assert len(selectors) > 50
    assert [s for s in selectors if not s.startswith(".nnguide")] == []
    assert not re.search(r"#[A-Za-z][\w-]*\s*[{,.\s>]", re.sub(r"#[0-9a-fA-F]{3,8}\b", "", css))
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="static/css/part2.css">' in html


def test_every_part2_section_is_mounted_after_the_digits() -> None:
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    digits = html.index('data-mount="digits"')
    for name in PART2:
        assert (STATIC / "js" / "sections" / f"{name}.js").exists(), name
        assert html.index(f'data-mount="{name}"') > digits, name
    assert html.index('id="next"') > html.index('data-mount="backprop"')


def test_part2_state_keys_have_words_for_the_link_note() -> None:
    state = (STATIC / "js" / "state.js").read_text(encoding="utf-8")
    keys = re.findall(
        r'^  (\w+): \{ section: "(?:hidden|activation|layers|backprop|deeper)"', state, re.M
    )
    assert len(keys) >= 20
    catalog = json.loads((STATIC / "i18n" / "en.json").read_text(encoding="utf-8"))
    assert [k for k in keys if f"state.key.{k}" not in catalog] == []
