"""The workbench's static files keep the page contract: scoped CSS, placeholders in the
shell, a label for every state key it declares (y_…)."""

from __future__ import annotations

import json
import re
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "src" / "nnguide" / "web" / "static"


def test_workbench_css_is_scoped_and_linked() -> None:
    css = re.sub(
        r"/\*.*?\*/", "", (STATIC / "css" / "workbench.css").read_text("utf-8"), flags=re.S
    )
    selectors = [
        s.strip()
        for block in re.findall(r"([^{}]+)\{[^{}]*\}", css)
        if not block.strip().startswith("@")
        for s in block.split(",")
    ]
    assert len(selectors) > 40
    assert [s for s in selectors if not s.startswith(".nnguide")] == []
    # Its own names only: nothing here restyles another section's classes.
    assert all(re.search(r"\.wb-|\.nnguide\.wb-", s) for s in selectors), [
        s for s in selectors if ".wb-" not in s
    ]
    html = (STATIC / "index.html").read_text("utf-8")
    assert '<link rel="stylesheet" href="static/css/workbench.css">' in html


def test_the_shell_has_the_sections_placeholders() -> None:
    html = (STATIC / "index.html").read_text("utf-8")
    start = html.index('data-mount="workbench"')
    part = html[start : html.index("</section>", start)]
    for slot in ("load", "inspect", "bench", "results", "takeaway"):
        assert f'<div data-place="{slot}"></div>' in part
    # The table of contents lists it (its words are in the catalog, keyed from the page).
    catalog = json.loads((STATIC / "i18n" / "en.json").read_text("utf-8"))
    toc = re.findall(r'<li data-i18n="([^"]+)"></li>', html)
    entries = [catalog[key] for key in toc]
    assert '<a href="#your-data"><span class="toc-num">+</span> Your own data</a>' in entries


def test_every_workbench_state_key_has_a_label() -> None:
    state = (STATIC / "js" / "state.js").read_text("utf-8")
    keys = re.findall(r"^  (y_\w+): \{ section: \"workbench\"", state, re.M)
    assert len(keys) >= 10
    catalog = json.loads((STATIC / "i18n" / "en.json").read_text("utf-8"))
    assert [k for k in keys if f"state.key.{k}" not in catalog] == []
