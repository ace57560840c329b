"""nnguide in JupyterLab's launcher, through jupyter-server-proxy (when that is installed).

jupyter-server-proxy finds :func:`setup_nnguide` through the ``jupyter_serverproxy_servers``
entry point, starts ``nnguide serve`` on a port it picks when the guide is first opened,
and serves it at ``<jupyter base url>/nnguide/`` with that prefix stripped, which the page's
relative URLs are made for. The launcher opens it in a JupyterLab tab, an iframe on
Jupyter's own origin, so the guide lets its own origin frame it (``--allow-embedding self``).
"""

from __future__ import annotations

import sys
from importlib import resources
from typing import Any


def setup_nnguide() -> dict[str, Any]:
    icon = resources.files("nnguide.web").joinpath("static", "icon.svg")
    return {
        "command": [
            sys.executable,
            "-m",
            "nnguide",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "{port}",
            "--no-browser",
            "--allow-embedding",
            "self",
        ],  # fmt: skip
        "timeout": 60,
        "absolute_url": False,
        "new_browser_tab": False,
        "launcher_entry": {"enabled": True, "title": "nnguide", "icon_path": str(icon)},
    }
