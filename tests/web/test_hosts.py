"""DNS rebinding: the server answers only to the names it was started with.

A page on ``evil.example`` whose DNS the attacker re-points at 127.0.0.1 is, for the
browser, same-origin with our server; only the ``Host`` header gives it away.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient

from nnguide import cli
from nnguide.web import create_app, server
from nnguide.web.settings import Settings

ALLOWED = ["localhost", "localhost:8000", "LOCALHOST", "localhost.", "127.0.0.1:1", "[::1]:8000"]
REFUSED = [
    "evil.example",
    "evil.example:8000",
    "localhost.evil.example",
    "127.0.0.1.nip.io",
    "localhostx",
    "localhost:evil",
    "[::1].evil.example",
    "",
]


@pytest.fixture(scope="module")
def app() -> Any:
    return create_app(Settings())


@pytest.mark.parametrize("host", ALLOWED)
def test_loopback_names_are_answered(app: Any, host: str) -> None:
    response = TestClient(app).get("/api/health", headers={"host": host})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("host", REFUSED)
@pytest.mark.parametrize("path", ["/", "/api/health", "/static/js/main.js", "/docs"])
def test_other_names_get_400_in_our_shape(app: Any, host: str, path: str) -> None:
    response = TestClient(app).get(path, headers={"host": host})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert "host name" in response.json()["detail"]
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_a_post_to_another_name_does_no_work(app: Any) -> None:
    body = {"weights": [0.1], "bias": 1, "steps": 10}
    response = TestClient(app).post(
        "/api/regression/train", json=body, headers={"host": "evil.example"}
    )
    assert response.status_code == 400 and "path" not in response.text


@pytest.mark.parametrize(
    ("bind", "extra", "host", "ok"),
    [
        ("127.0.0.1", [], "evil.example", False),
        ("127.0.0.1", [], "192.168.1.10", False),
        ("teacher.lan", [], "teacher.lan:8000", True),
        ("teacher.lan", [], "TEACHER.LAN.", True),
        ("192.168.1.10", [], "192.168.1.10:8000", True),
        ("192.168.1.10", [], "192.168.1.11", False),
        ("0.0.0.0", [], "192.168.1.10:8000", True),  # an address cannot be re-pointed
        ("0.0.0.0", [], "[fe80::1]:8000", True),
        ("0.0.0.0", [], "teacher.lan", False),  # a name must be listed
        ("0.0.0.0", ["teacher.lan", "guide.school.example"], "guide.school.example", True),
        ("::", ["Teacher.LAN"], "teacher.lan", True),
        ("::1", [], "[::1]:8000", True),
    ],
)
def test_serve_settings_allow_the_names_given(
    bind: str, extra: list[str], host: str, ok: bool
) -> None:
    settings = Settings.for_serve(bind, extra)
    assert settings.host_allowed(host) is ok
    assert Settings.from_env(settings.to_env()).host_allowed(host) is ok  # as workers see it


@pytest.mark.usefixtures("isolated_env")
def test_allowed_host_flag_reaches_the_workers(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("uvicorn.run", lambda *a, **kw: None)
    monkeypatch.setattr(server, "find_port", lambda h, p: p)
    args = ["serve", "--host", "0.0.0.0", "--no-browser", "--allowed-host", "teacher.lan"]
    assert cli.main([*args, "--allowed-host", "guide.example"]) == 0
    settings = Settings.from_env()
    assert settings.allowed_hosts == {"teacher.lan", "guide.example"}
    assert settings.allow_ip_hosts
    assert "--allowed-host" in capsys.readouterr().out


# -- a real browser, a rebinding-style name mapping -------------------------------------------

READ_API = """async () => {
  const out = {};
  for (const path of ["/api/health", "/", "/static/js/main.js"]) {
    try {
      const r = await fetch(path);
      out[path] = [r.status, (await r.text()).slice(0, 300)];
    } catch (e) {
      out[path] = [0, String(e)];
    }
  }
  return out;
}"""


def _chromium() -> str | None:
    for name in (os.environ.get("NNGUIDE_CHROMIUM"), "/usr/bin/chromium"):
        if name and os.path.exists(name):
            return name
    return shutil.which("chromium")


@pytest.mark.browser
@pytest.mark.parametrize("guarded", [True, False], ids=["guarded", "control-unguarded"])
def test_a_rebound_page_cannot_read_the_api(live_server: Any, guarded: bool) -> None:
    """Chromium resolves evil.example to 127.0.0.1, as after a rebinding; a script in that
    origin tries to read the API. The control run allows the name, to show that the same
    browser and script do read everything when the server does not check the Host."""
    settings = Settings() if guarded else Settings(allowed_hosts=frozenset({"evil.example"}))
    live = live_server(create_app(settings), settings)
    # In a thread of its own: the browser tests' Playwright may own this thread's event loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_attack, live.port, guarded).result(timeout=120)


def _attack(port: int, guarded: bool) -> None:
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP evil.example 127.0.0.1"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=_chromium(), headless=True, args=args)
        try:
            _read_as_attacker(browser, port, guarded)
        finally:
            browser.close()


def _read_as_attacker(browser: Any, port: int, guarded: bool) -> None:
    evil = f"http://evil.example:{port}"
    context = browser.new_context()
    try:
        page = context.new_page()
        opened = page.goto(f"{evil}/")
        assert opened is not None and opened.status == (400 if guarded else 200)
        stolen = page.evaluate(READ_API)  # the attacker's script, same origin
        for path, (status, text) in stolen.items():
            if guarded:
                assert status == 400, (path, status, text)
                assert "host name" in text and '"version"' not in text and "import" not in text
            else:
                assert status == 200, (path, status, text)
        if not guarded:
            assert '"version"' in stolen["/api/health"][1]

        page.goto(f"http://localhost:{port}/")  # the real name always works
        mine = page.evaluate(READ_API)
        assert mine["/api/health"][0] == 200 and '"version"' in mine["/api/health"][1]
    finally:
        context.close()
