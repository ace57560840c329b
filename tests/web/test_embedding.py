"""Framing, the root path and /docs' policy, without a browser (the browser tests show them work).

Framing is refused unless origins are named; a named origin goes into frame-ancestors as
given, checked so that nothing else can ride along into the header; ``--root-path`` routes a
proxy's unstripped prefix; /docs is the only page that allows inline styles, and none allows
inline scripts.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from nnguide.web import create_app
from nnguide.web.embedding import frame_ancestor, root_path
from nnguide.web.settings import Settings

STATIC = Path(__file__).resolve().parents[2] / "src" / "nnguide" / "web" / "static"
LOCAL = "http://127.0.0.1"  # a name the Host guard answers to
SWAGGER = STATIC / "vendor" / "swagger-ui-5.35.0"


def csp(response) -> dict[str, str]:  # noqa: ANN001 - an httpx response
    parts = [
        p.strip().split(" ", 1) for p in response.headers["content-security-policy"].split(";")
    ]
    return {p[0]: p[1] if len(p) > 1 else "" for p in parts}


def test_framing_is_refused_by_default() -> None:
    client = TestClient(create_app(Settings()), base_url=LOCAL)
    for path in ("/", "/docs", "/api/health", "/static/js/api.js"):
        r = client.get(path)
        assert r.headers["x-frame-options"] == "DENY"
        assert csp(r)["frame-ancestors"] == "'none'"


def test_named_origins_may_frame_the_guide() -> None:
    client = TestClient(
        create_app(Settings(frame_ancestors="https://lms.example.edu 'self'")), base_url=LOCAL
    )
    r = client.get("/")
    assert "x-frame-options" not in r.headers  # it cannot name origins; CSP does
    assert csp(r)["frame-ancestors"] == "https://lms.example.edu 'self'"


@pytest.mark.parametrize(
    ("given", "source"),
    [
        ("https://lms.example.edu", "https://lms.example.edu"),
        ("HTTPS://LMS.Example.edu/", "https://lms.example.edu"),
        ("http://127.0.0.1:8888", "http://127.0.0.1:8888"),
        ("https://*.example.edu", "https://*.example.edu"),
        ("self", "'self'"),
    ],
)
def test_origins_become_csp_sources(given: str, source: str) -> None:
    assert frame_ancestor(given) == source


@pytest.mark.parametrize(
    "bad",
    [
        "*",
        "'none'",
        "lms.example.edu",
        "javascript:alert(1)",
        "https://lms.example.edu/course/3",
        "https://a.example; script-src *",
        "https://a.example https://b.example",
        "https://a.example\r\nX-Evil: 1",
        "data:",
        "",
    ],
)
def test_anything_but_an_origin_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="not an origin"):
        frame_ancestor(bad)


def test_settings_carry_both_to_the_workers() -> None:
    settings = Settings.for_serve(
        "127.0.0.1", allow_embedding=["https://LMS.example.edu/", "self"], root_path="guide/"
    )
    assert settings.frame_ancestors == "https://lms.example.edu 'self'"
    assert settings.root_path == "/guide"
    assert Settings.from_env(settings.to_env()) == settings
    with pytest.raises(ValueError, match="not an origin"):
        Settings.for_serve("127.0.0.1", allow_embedding=["*"])


def test_an_origin_that_got_into_the_environment_unchecked_still_fails() -> None:
    with pytest.raises(ValueError, match="not an origin"):
        create_app(Settings(frame_ancestors="https://a.example; script-src *"))


def test_serve_refuses_a_bad_origin_before_starting() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "nnguide", "serve", "--no-browser", "--allow-embedding", "*"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode != 0
    assert "--allow-embedding" in run.stderr and "not an origin" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("given", "prefix"),
    [("", ""), ("/", ""), ("/nnguide", "/nnguide"), ("course/guide/", "/course/guide")],
)
def test_root_paths(given: str, prefix: str) -> None:
    assert root_path(given) == prefix


@pytest.mark.parametrize("bad", ["/a b", "/a//b", "/a?b", "/a#b", '/"x"', "/<script>"])
def test_bad_root_paths(bad: str) -> None:
    with pytest.raises(ValueError, match="not a URL path"):
        root_path(bad)


def test_root_path_routes_the_unstripped_prefix() -> None:
    client = TestClient(create_app(Settings(root_path="/course/guide")), base_url=LOCAL)
    assert client.get("/course/guide/api/health").json()["status"] == "ok"
    assert client.get("/course/guide/").status_code == 200
    assert client.get("/course/guide/static/js/api.js").status_code == 200
    r = client.get("/course/guide/docs")
    assert r.status_code == 200 and "unsafe-inline" in csp(r)["style-src"]
    assert client.get("/course/guide/openapi.json").json()["servers"] == [{"url": "/course/guide"}]
    assert client.get("/course/guided/api/health").status_code == 404
    assert client.get("/api/health").status_code == 200  # a stripping proxy still works


def test_only_docs_allows_inline_styles_and_nothing_allows_inline_scripts() -> None:
    client = TestClient(create_app(Settings()), base_url=LOCAL)
    docs, page = csp(client.get("/docs")), csp(client.get("/"))
    assert docs["style-src"] == "'self' 'unsafe-inline'" and page["style-src"] == "'self'"
    for policy in (docs, page):
        assert policy["script-src"] == "'self'" and policy["default-src"] == "'self'"
        assert policy["connect-src"] == "'self'"
        assert not any("http" in v for v in policy.values())  # no CDN anywhere


def test_docs_is_the_vendored_swagger_ui_with_relative_urls() -> None:
    html = TestClient(create_app(), base_url=LOCAL).get("/docs").text
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls and all(u.startswith("static/") or u == "data:," for u in urls), urls
    assert "<script>" not in html  # no inline script
    for url in urls:
        if url.startswith("static/"):
            assert (STATIC / url.removeprefix("static/")).is_file(), url
    readme = (SWAGGER / "README.md").read_text()
    for name in ("swagger-ui-bundle.js", "swagger-ui.css"):
        digest = hashlib.sha256((SWAGGER / name).read_bytes()).hexdigest()
        assert f"| {name} | {digest} |" in readme
    assert "Apache License" in (SWAGGER / "LICENSE").read_text()
    assert "SmartBear" in (SWAGGER / "NOTICE").read_text()
