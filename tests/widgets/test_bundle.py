"""The widgets' ES module: the page's own files, complete, and nothing from the network.

Also the widget views' side of the contract, which the page's static checks leave to us:
every call a view makes is one its widget's kernel answers, and every state key it uses is
one its widget backs with a trait.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from nnguide.core import SoftmaxClassifier
from nnguide.widgets import Classifier, DigitsPad, GradientDescent, Network, Neuron, bundle

STATIC = Path(__file__).resolve().parents[2] / "src" / "nnguide" / "web" / "static"


def _widgets() -> list:
    X = np.arange(40, dtype=float).reshape(20, 2)
    model = SoftmaxClassifier(max_steps=1).fit(
        np.eye(64)[np.arange(20) % 64] * 16, np.arange(20) % 10
    )
    return [
        Neuron([1, 2, 3], [2, 4, 7]),
        GradientDescent([1, 2, 3], [2, 4, 7]),
        Classifier(X, np.arange(20) % 3),
        Network(hidden=[8, 4]),
        DigitsPad(model),
    ]


WIDGETS = _widgets()


def _code(path: Path) -> str:
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"(^|[^:\"'`])//.*", r"\1", text)


def test_the_bundle_holds_every_module_it_imports() -> None:
    modules = bundle.modules()
    assert bundle.ENTRY in modules and set(bundle.VIEWS) <= set(modules)
    assert "vendor/d3-7.9.0/d3.esm.min.js" in modules
    for path, source in modules.items():
        for target in bundle.imports(path, source):
            assert target in modules, f"{path} imports {target}, which is not in the bundle"
        assert source == (STATIC / path).read_text(encoding="utf-8")  # the page's files, as is
    assert (
        bundle.imports("vendor/d3-7.9.0/d3.esm.min.js", modules["vendor/d3-7.9.0/d3.esm.min.js"])
        == []
    )


def test_the_esm_is_self_contained() -> None:
    esm = bundle.esm()
    assert "__NNGUIDE_BUNDLE__" not in esm
    assert esm.count("export default") >= 1
    payload = json.loads(re.search(r"const BUNDLE = (\{.*\});\n", esm).group(1))
    assert payload["modules"] == bundle.modules() and payload["entry"] == bundle.ENTRY
    # Every language travels with the widget: a notebook works offline in any of them.
    assert set(payload["catalogs"]) >= {"en", "fr", "es", "ar"}
    assert all(c["page.section_failed"] for c in payload["catalogs"].values())
    # Nothing is fetched: no module names a URL to load from (d3's own docs links aside).
    for path, source in bundle.modules().items():
        if "vendor" not in path:
            assert not re.search(r"(?:from|import)\s*\(?\s*[\"'`]https?:", source), path
    loader = (Path(bundle.__file__).parent / "loader.js").read_text(encoding="utf-8")
    assert "fetch(" not in loader and "http" not in loader.replace("https://nnguide.invalid/", "")
    css = bundle.css()
    rules = [r for r in re.findall(r"(?m)^([^@\s/*}][^{]*)\{", css)]
    assert rules and all(all(s.strip().startswith(".nnguide") for s in r.split(",")) for r in rules)


def _view_code(path: Path) -> str:
    """A view's code, and that of every component it hands its ``{api, state}`` to (the
    Network widget mounts section 11's shape explorer): their calls and keys are the view's."""
    code = _code(path)
    handed = set(re.findall(r"\b(\w+)\(\s*\w+,\s*\{\s*api,\s*state\s*\}\s*\)", code))
    for names, target in re.findall(r"import\s*\{([^}]*)\}\s*from\s*\"(\.[^\"]+)\"", code):
        if handed & {n.strip() for n in names.split(",")}:
            code += _view_code((path.parent / target).resolve())
    return code


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
def test_views_call_only_what_their_kernel_answers(widget) -> None:  # noqa: ANN001
    view = widget._view
    path = STATIC / "js" / view["dir"] / f"{view['name']}.js"
    code = _view_code(path)
    calls = {f"{g}.{f}" for g, f in re.findall(r"\bapi\.(\w+)\.(\w+)\(", code)}
    assert calls and calls <= set(widget._calls), calls - set(widget._calls)
    keys = set(re.findall(r"state\.(?:get|spec|on\??\.?)\(\"(\w+)\"", code))
    for patch in re.findall(r"state\.set\(\{([^}]*)\}\)", code):
        keys |= set(re.findall(r"(\w+):", patch))
    assert keys <= set(view["keys"]), keys - set(view["keys"])
    for key, trait in view["keys"].items():
        assert widget.has_trait(trait) and widget.trait_metadata(trait, "sync"), (key, trait)


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
def test_registry_pointers_name_fields_the_kernel_gives(widget) -> None:  # noqa: ANN001
    fields = widget._fields
    for key, spec in widget._view["registry"].items():
        for value in spec.values():
            if isinstance(value, dict) and "pointer" in value:
                endpoint, field = value["pointer"].split(":")
                assert value["use"] in fields[endpoint][field], (key, value)
