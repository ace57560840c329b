"""The layers stay honest: lessons import nothing from the web stack, web loads lazily."""

from __future__ import annotations

import subprocess
import sys

import pytest

WEB_STACK = ("fastapi", "starlette", "pydantic", "uvicorn")


def _modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return set(out.split())


@pytest.mark.parametrize(
    "module",
    [
        "nnguide.lessons",
        "nnguide.lessons.regression",
        "nnguide.lessons.classification",
        "nnguide.lessons.softmax",
        "nnguide.lessons.shapes",
        "nnguide.lessons.digits",
        "nnguide.lessons.table",
        "nnguide.lessons.workbench",
        "nnguide.data.export",
        "nnguide.core",
    ],
)
def test_lessons_and_core_import_no_web_stack(module: str) -> None:
    loaded = _modules_after(f"import {module}")
    assert module in loaded
    leaked = sorted(m for m in loaded if m.split(".")[0] in WEB_STACK)
    assert leaked == [], f"{module} pulls in {leaked[:5]}"


def test_importing_nnguide_web_does_not_build_the_app() -> None:
    loaded = _modules_after("import nnguide.web")
    assert "nnguide.web.app" not in loaded
    assert "fastapi" not in loaded
