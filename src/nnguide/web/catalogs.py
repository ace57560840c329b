"""The page's languages: one catalog file per language in ``static/i18n/<code>.json``.

Adding a language is adding its file: each catalog names itself (``lang.name``, in its own
language), its direction (``lang.dir``) and the Intl locale its numbers follow
(``lang.locale``). Nothing here knows the web stack; the app and the notebook widgets both
read it.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

#: The language every other one falls back to, key by key.
DEFAULT = "en"
_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


def _folder() -> Any:
    return resources.files("nnguide.web").joinpath("static", "i18n")


@cache
def catalogs() -> dict[str, dict[str, str]]:
    """Every shipped catalog, by language code (English first, then by code)."""
    found: dict[str, dict[str, str]] = {}
    for entry in sorted(_folder().iterdir(), key=lambda e: e.name):
        name = entry.name
        if not name.endswith(".json") or not _CODE.match(name[: -len(".json")]):
            continue
        data = json.loads(entry.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("lang.name"), str):
            raise ValueError(f"static/i18n/{name} is not a catalog: it must name its language")
        found[name[: -len(".json")]] = {str(k): str(v) for k, v in data.items()}
    if DEFAULT not in found:
        raise ValueError("static/i18n/en.json is missing: every language falls back to it")
    return {DEFAULT: found.pop(DEFAULT), **found}


def languages() -> list[dict[str, str]]:
    """[{code, name, dir, locale}] for the language menu, English first."""
    return [
        {
            "code": code,
            "name": cat["lang.name"],
            "dir": "rtl" if cat.get("lang.dir") == "rtl" else "ltr",
            "locale": cat.get("lang.locale", code),
        }
        for code, cat in catalogs().items()
    ]
