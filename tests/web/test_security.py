"""Security: headers on every answer, a page that needs no inline code, static files that
stay in their folder, no directory listings, no stack traces, loopback by default."""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from nnguide import cli
from nnguide.web import create_app, server
from nnguide.web.app import STATIC_DIR

REQUIRED = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


def _boom() -> None:
    raise RuntimeError("secret-detail /home/someone/app.py line 42")


@pytest.fixture(scope="module")
def crashing() -> TestClient:
    """The real app plus one route that crashes, answered as a real server would."""
    app = create_app()
    app.add_api_route("/api/boom", _boom)
    return TestClient(app, base_url="http://localhost", raise_server_exceptions=False)


def _assert_headers(headers: Any) -> None:
    for name, value in REQUIRED.items():
        assert headers.get(name) == value, name
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert "server" not in headers


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/", 200),
        ("GET", "/static/css/guide.css", 200),
        ("GET", "/static/js/main.js", 200),
        ("GET", "/api/health", 200),
        ("GET", "/openapi.json", 200),
        ("GET", "/docs", 200),
        ("GET", "/no/such/page", 404),
        ("GET", "/static/nope.js", 404),
        ("GET", "/static/", 404),
        ("DELETE", "/api/health", 405),
        ("POST", "/api/regression/evaluate", 422),
        ("POST", "/api/boom", 405),
        ("GET", "/api/boom", 500),
    ],
)
def test_security_headers_on_every_response(
    crashing: TestClient, method: str, path: str, status: int
) -> None:
    response = crashing.request(method, path, json={} if method == "POST" else None)
    assert response.status_code == status
    _assert_headers(response.headers)


def test_security_headers_on_413(client: TestClient) -> None:
    response = client.post(
        "/api/regression/evaluate",
        content=b"[" + b"0," * 600_000 + b"0]",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    _assert_headers(response.headers)


def test_page_csp_forbids_inline_code(client: TestClient) -> None:
    csp = client.get("/").headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    for name in ("default-src", "script-src", "style-src"):
        assert directives[name] == "'self'", name
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in csp


def test_page_needs_no_inline_script_or_style() -> None:
    """The strict CSP would block these, so the page must not depend on any."""
    html = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    for script in re.finditer(r"<script\b([^>]*)>(.*?)</script>", html, re.S | re.I):
        assert "src=" in script.group(1), "inline <script>"
        assert not script.group(2).strip(), "inline script body"
    assert not re.search(r"<style\b", html, re.I), "inline <style>"
    assert not re.search(r"\sstyle\s*=", html, re.I), "style= attribute"
    assert not re.search(r"\son[a-z]+\s*=", html, re.I), "inline event handler"
    assert "javascript:" not in html.lower()
    for path in (STATIC_DIR / "js").rglob("*.js"):
        code = path.read_text(encoding="utf-8")
        assert not re.search(r"""\sstyle=["'$]""", code), f"inline style markup in {path.name}"
        assert "eval(" not in code and "new Function" not in code, path.name


def test_no_stack_trace_in_a_500(crashing: TestClient) -> None:
    response = crashing.get("/api/boom")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail"}
    for leak in ("Traceback", "secret-detail", "RuntimeError", ".py", "line 42"):
        assert leak not in response.text


@pytest.mark.parametrize(
    "body",
    [b"{", b"\xff\xfe", b'{"weights": [1e999999]}', b"[]", b'"x"', b"null", b"{" * 5000],
)
def test_malformed_bodies_get_one_line_and_no_trace(client: TestClient, body: bytes) -> None:
    response = client.post(
        "/api/regression/evaluate", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code in (400, 422)
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail and "\n" not in detail
    assert "Traceback" not in response.text and 'File "' not in response.text


def _raw_get(app: FastAPI, path: str, raw_path: bytes | None = None) -> tuple[int, bytes]:
    """Send one GET straight into the ASGI app, exactly as given: no client-side URL cleanup.

    ``path`` is what an ASGI server passes after percent-decoding once; ``raw_path`` the
    bytes on the wire.
    """
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": raw_path if raw_path is not None else path.encode("latin-1"),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"localhost")],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
    }
    sent: list[dict[str, Any]] = []
    requests = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive() -> dict[str, Any]:
        if requests:
            return requests.pop()
        await asyncio.Event().wait()  # the client never hangs up; the app stops listening
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    # In a thread of its own: Playwright's sync API (browser tests, same session) keeps an
    # event loop running in the main thread, where asyncio.run() refuses to start.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


#: (decoded path, bytes on the wire): every way out of /static we could think of.
ESCAPES = [
    ("/static/../app.py", b"/static/../app.py"),
    ("/static/../../web/app.py", b"/static/../../web/app.py"),
    ("/static/js/../../app.py", b"/static/js/../../app.py"),
    ("/static/../app.py", b"/static/%2e%2e/app.py"),
    ("/static/../app.py", b"/static/%2E%2E%2Fapp.py"),
    ("/static/..%2fapp.py", b"/static/..%252fapp.py"),
    ("/static/%2e%2e/app.py", b"/static/%252e%252e/app.py"),
    ("/static/..\\app.py", b"/static/..%5capp.py"),
    ("/static/..\\..\\web\\app.py", b"/static/..%5c..%5cweb%5capp.py"),
    ("/static//etc/passwd", b"/static//etc/passwd"),
    ("/static/" + str(Path(__file__).resolve()), b"/static/" + str(Path(__file__)).encode()),
    ("/static/C:\\Windows\\win.ini", b"/static/C:%5cWindows%5cwin.ini"),
    ("/static/css/../../../../../../etc/passwd", b"/static/css/../../../../../../etc/passwd"),
    ("/static/\x00../app.py", b"/static/%00../app.py"),
]


@pytest.mark.parametrize(("path", "raw"), ESCAPES, ids=[r.decode() for _, r in ESCAPES])
def test_static_files_cannot_escape_their_folder(path: str, raw: bytes) -> None:
    status, body = _raw_get(create_app(), path, raw)
    assert status in (400, 404)
    for secret in (b"create_app", b"root:", b"[fonts]", b"def test_"):
        assert secret not in body


def test_static_files_still_served() -> None:
    status, body = _raw_get(create_app(), "/static/css/guide.css")
    assert status == 200 and body


@pytest.mark.parametrize("path", ["/static", "/static/", "/static/js/", "/static/vendor/"])
def test_no_directory_listings(client: TestClient, path: str) -> None:
    response = client.get(path)  # "/static" redirects to "/static/", which is a 404
    assert response.status_code == 404
    assert "main.js" not in response.text and "d3" not in response.text


def test_default_bind_is_loopback() -> None:
    assert cli.build_parser().parse_args(["serve"]).host == "127.0.0.1"
    assert server.serve.__defaults__ is not None and server.serve.__defaults__[0] == "127.0.0.1"


@pytest.mark.parametrize(
    ("host", "notice"), [("127.0.0.1", False), ("localhost", False), ("0.0.0.0", True)]
)
@pytest.mark.usefixtures("isolated_env")
def test_other_interfaces_only_when_asked_with_a_notice(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], host: str, notice: bool
) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda *a, **kw: calls.append(kw))
    monkeypatch.setattr(server, "find_port", lambda h, p: p)
    assert cli.main(["serve", "--host", host, "--port", "8123", "--no-browser"]) == 0
    out = capsys.readouterr().out
    assert calls[0]["host"] == host and calls[0]["port"] == 8123
    assert ("Notice: listening on" in out) is notice
    assert "server_header" in calls[0] and calls[0]["server_header"] is False


@pytest.mark.usefixtures("isolated_env")
def test_server_uses_an_import_string_factory(monkeypatch: pytest.MonkeyPatch) -> None:
    """Several workers need an import string, not an app object; all get the same factory,
    our guarded protocol and bounded keep-alive and shutdown waits."""
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    monkeypatch.setattr("uvicorn.run", lambda *a, **kw: calls.append((a, kw)))
    monkeypatch.setattr(server, "find_port", lambda h, p: p)
    cli.main(["serve", "--workers", "3", "--no-browser"])
    (args, kwargs) = calls[0]
    assert args == ("nnguide.web.server:worker_app",) and kwargs["factory"] is True
    assert kwargs["workers"] == 3 and kwargs["host"] == "127.0.0.1"
    assert kwargs["http"] == "nnguide.web.protocol:GuardedProtocol"
    assert 0 < kwargs["timeout_keep_alive"] <= 10
    assert 0 < kwargs["timeout_graceful_shutdown"] <= 5
