"""The page contract, checked on the static files themselves (no browser needed).

* Only api.js talks to the server (no ``fetch(`` elsewhere) and every URL is relative.
* d3 is an ES module import, never the ``globalThis.d3`` global.
* No module reads the address bar except the URL state backend; no element is found by id
  and no fixed id is written (page-unique ids come from ``uid()``).
* Every section exports ``mount(root, {api, state, t})``.
* Every state key a section uses is declared in the registry, and every default or range
  the registry takes from the API names an endpoint and field the API really has.
* Every CSS rule is scoped under ``.nnguide``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nnguide.web import create_app

STATIC = Path(__file__).resolve().parents[2] / "src" / "nnguide" / "web" / "static"
JS = STATIC / "js"
OUR_JS = sorted(JS.rglob("*.js"))
#: The page's own modules; js/widgets/ holds the notebook widgets' views, whose calls and state
#: keys the kernel declares (checked in tests/widgets/test_bundle.py).
PAGE_JS = [p for p in OUR_JS if "widgets" not in p.relative_to(JS).parts]


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _code(path: Path) -> str:
    """The file without its // and /* */ comments, so prose about fetch or ids is allowed."""
    text = re.sub(r"/\*.*?\*/", "", _text(path), flags=re.S)
    return re.sub(r"(^|[^:\"'`])//.*", r"\1", text)


def _rel(path: Path) -> str:
    return str(path.relative_to(STATIC))


def test_our_modules_exist() -> None:
    names = {_rel(p) for p in OUR_JS}
    assert {"js/api.js", "js/state.js", "js/main.js", "js/host.js", "js/d3.js"} <= names
    assert len(names) > 20


def test_only_api_js_calls_fetch() -> None:
    callers = [_rel(p) for p in OUR_JS if re.search(r"\bfetch\s*\(", _code(p))]
    assert callers == ["js/api.js"]


def test_no_global_d3() -> None:
    assert [_rel(p) for p in OUR_JS if "globalThis.d3" in _text(p) or "window.d3" in _text(p)] == []
    users = [p for p in OUR_JS if p.name != "d3.js" and re.search(r"\bd3\.\w+\(", _code(p))]
    assert users, "expected charts that use d3"
    one_import = re.compile(r'^import \* as d3 from "(\./|(\.\./)+)d3\.js";$', re.M)
    for path in users:
        assert one_import.search(_text(path)), _rel(path)
    assert not (STATIC / "vendor" / "d3-7.9.0" / "d3.min.js").exists()
    vendored = _text(STATIC / "vendor" / "d3-7.9.0" / "d3.esm.min.js")
    assert vendored.startswith("// d3 v7.9.0") and re.search(r"export\{[^}]*\bselect\b", vendored)
    assert "ISC" in _text(STATIC / "vendor" / "d3-7.9.0" / "LICENSE")


def test_every_url_is_relative() -> None:
    html = _text(STATIC / "index.html")
    assert re.findall(r'(?:src|href)="/', html) == []
    for path in OUR_JS:
        absolute = re.findall(r"[\"'`]/(?:api|static|docs|openapi)", _code(path))
        assert absolute == [], _rel(path)
    api = _code(JS / "api.js")
    paths = re.findall(r'\["(?:GET|POST)", "([^"]+)"\]', api)
    assert paths and all(p.startswith("api/") for p in paths)


def test_api_js_declares_every_endpoint_the_page_uses() -> None:
    api = _code(JS / "api.js")
    declared = dict(
        (name, (method, path))
        for name, method, path in re.findall(r'"([\w.]+)": \["(GET|POST)", "([^"]+)"\]', api)
    )
    used = set()
    for path in PAGE_JS:
        used |= {f"{g}.{f}" for g, f in re.findall(r"\bapi\.(\w+)\.(\w+)\(", _code(path))}
    assert used and used <= set(declared), used - set(declared)
    schema = create_app().openapi()["paths"]
    for name, (method, path) in declared.items():
        assert method.lower() in schema.get(f"/{path}", {}), f"{name}: {method} /{path}"


def test_no_address_bar_reads_and_no_fixed_ids() -> None:
    for path in OUR_JS:
        code = _code(path)
        if _rel(path) != "js/state.js":
            assert "location" not in code, f"{_rel(path)} reads the address bar"
        assert "getElementById" not in code, _rel(path)
        assert not re.search(r"querySelector(All)?\([\"'`]#", code), _rel(path)
        fixed = re.findall(r"\.id\s*=\s*[\"'`]|attr\(\"id\",\s*[\"'`]|\bid=\\?[\"'][\w-]", code)
        assert fixed == [], f"{_rel(path)} writes a fixed id: {fixed}"


@pytest.mark.parametrize("path", sorted((JS / "sections").glob("*.js")), ids=lambda p: p.stem)
def test_sections_export_mount(path: Path) -> None:
    assert re.search(r"^export (async )?function mount\(root, \{[\w, ]+\}\)", _text(path), re.M)
    code = _code(path)
    assert "document.querySelector" not in code  # a section looks only inside its root


def _registry() -> dict[str, str]:
    """key → its declaration line, from state.js's REGISTRY."""
    text = _text(JS / "state.js")
    start = text.index("export const REGISTRY = {")
    body = text[start : text.index("\n};", start)]
    return dict(re.findall(r"^  (\w+): (\{.*\}),$", body, re.M))


def test_every_state_key_a_section_uses_is_declared() -> None:
    keys = _registry()
    assert {"w", "b", "lrb", "c_loss", "s_n", "sm"} <= set(keys)
    used: set[str] = set()
    for path in PAGE_JS:
        code = _code(path)
        used |= set(re.findall(r"state\.(?:get|spec)\(\"(\w+)\"\)", code))
        for patch in re.findall(r"state\.set\(\{([^}]*)\}\)", code):
            used |= set(re.findall(r"(\w+):", patch))
    assert used and used <= set(keys), used - set(keys)


def test_registry_pointers_name_real_api_fields() -> None:
    """defaultOf("regression.evaluate:learning_rate_bias") and the like resolve in the API."""
    app = create_app()
    doc = app.openapi()
    api = _code(JS / "api.js")
    endpoints = {
        name: (method.lower(), path)
        for name, method, path in re.findall(r'"([\w.]+)": \["(GET|POST)", "([^"]+)"\]', api)
    }
    schemas = doc["components"]["schemas"]

    def fields(name: str) -> dict:
        method, path = endpoints[name]
        op = doc["paths"][f"/{path}"][method]
        out = {p["name"]: p["schema"] for p in op.get("parameters", [])}
        body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
        if body:
            model = schemas[body["schema"]["$ref"].split("/")[-1]]
            out |= model["properties"]
        return out

    pointers = re.findall(
        r"(default|minimum|maximum|choices)Of\(\"([\w.]+):(\w+)\"\)", _text(JS / "state.js")
    )
    assert len(pointers) >= 10
    for use, endpoint, field in pointers:
        schema = fields(endpoint).get(field)
        assert schema is not None, f"{endpoint}:{field}"
        key = {"choices": "enum"}.get(use, use)
        assert key in schema or (use == "minimum" and "exclusiveMinimum" in schema), (
            f"{endpoint}:{field} has no {key}"
        )


def test_css_is_scoped_under_one_root_class() -> None:
    css = re.sub(r"/\*.*?\*/", "", _text(STATIC / "css" / "guide.css"), flags=re.S)
    selectors: list[str] = []
    for block in re.findall(r"([^{}]+)\{[^{}]*\}", css):
        block = block.strip()
        if block.startswith("@"):
            continue
        selectors += [s.strip() for s in block.split(",")]
    assert len(selectors) > 100
    outside = [s for s in selectors if not s.startswith(".nnguide")]
    assert outside == []
    assert ":root" not in css
    assert not re.search(r"#[A-Za-z][\w-]*\s*[{,.\s>]", re.sub(r"#[0-9a-fA-F]{3,8}\b", "", css))
    assert 'class="nnguide"' in _text(STATIC / "index.html")
