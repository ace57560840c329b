"""The widgets' ES module and CSS, built from the page's own files inside the package.

anywidget loads a widget's ``_esm`` as one module from a ``blob:`` URL, where
relative imports cannot resolve. :func:`esm` returns ``loader.js`` with every
module the widgets need embedded as text (the figures, the controls, the vendored
d3); the loader links them in the browser (see its comments). Nothing is
fetched at run time and nothing needs Node.js: the modules are the page's files,
read from the installed package.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from functools import cache
from importlib import resources

from nnguide import __version__
from nnguide.web import catalogs

#: The widget host, and every view it may mount (it loads them by name at run time).
ENTRY = "js/widgets/host.js"
VIEWS = (
    "js/widgets/neuron.js",
    "js/widgets/descent.js",
    "js/widgets/classifier.js",
    "js/widgets/pad.js",
    "js/widgets/network.js",
)
#: The same pattern as loader.js: the only import forms our modules use.
SPECIFIER = re.compile(r"""(\bfrom\s*|\bimport\s*)(["'])(\.{1,2}/[^"']+)\2""")


def _static() -> resources.abc.Traversable:
    return resources.files("nnguide.web").joinpath("static")


def _read(path: str) -> str:
    return _static().joinpath(path).read_text(encoding="utf-8")


def imports(path: str, source: str) -> list[str]:
    """The package paths of the modules ``source`` (at ``path``) imports relatively."""
    base = posixpath.dirname(path)
    return [
        posixpath.normpath(posixpath.join(base, m.group(3))) for m in SPECIFIER.finditer(source)
    ]


@cache
def modules() -> dict[str, str]:
    """Every module reachable from the host and the views: path → source."""
    found: dict[str, str] = {}
    todo = [ENTRY, *VIEWS]
    while todo:
        path = todo.pop()
        if path in found:
            continue
        found[path] = _read(path)
        todo.extend(imports(path, found[path]))
    return dict(sorted(found.items()))


@cache
def esm() -> str:
    """The one ES module every nnguide widget hands to anywidget."""
    mods = modules()
    words = catalogs.catalogs()
    digest = hashlib.sha256(json.dumps([mods, words], sort_keys=True).encode()).hexdigest()[:16]
    bundle = {
        "version": f"{__version__}-{digest}",
        "entry": ENTRY,
        "modules": mods,
        "catalogs": words,
    }
    loader = resources.files("nnguide.widgets").joinpath("loader.js").read_text(encoding="utf-8")
    # "</" never closes anything in a module, but keep the JSON safe to inline anywhere.
    text = json.dumps(bundle, ensure_ascii=False).replace("</", "<\\/")
    return loader.replace("__NNGUIDE_BUNDLE__", text, 1)


@cache
def css() -> str:
    """The guide's style sheet (every rule under ``.nnguide``) and the widgets' own rules."""
    return _read("css/guide.css") + "\n" + _read("css/widgets.css")
