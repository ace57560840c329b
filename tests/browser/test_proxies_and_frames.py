"""The guide behind a proxy that keeps its prefix, in other sites' frames, and /docs offline.

* ``nnguide serve --root-path /course/guide`` behind a real proxy that passes the prefix
  through unchanged: the whole page works, every request under the prefix, no 404.
* Framing is refused by default; ``--allow-embedding ORIGIN`` lets a page from that origin
  (and only that one) show the guide in an iframe, where it draws and answers.
* ``/docs`` is the vendored Swagger UI: with every request off the server aborted, it lists
  every operation of the app's OpenAPI, and the page's policy reports no violation.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Browser, Page, expect
from tests.browser.proxy import proxy_handler

pytestmark = pytest.mark.browser

PREFIX = "/course/guide"
#: The whole guide drawing inside a frame, or Swagger UI on a busy machine: more than 5 s.
SLOW = 30_000


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_guide(*args: str) -> tuple[subprocess.Popen, str]:
    """``nnguide serve`` with extra arguments; its origin once it answers."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "nnguide", "serve", "--port", str(port), "--no-browser", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    origin = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{origin}/api/health", timeout=1):
                return proc, origin
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                out = proc.stdout.read().decode() if proc.stdout else ""
                raise RuntimeError(f"nnguide serve {args} did not start:\n{out}") from None
            time.sleep(0.05)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(timeout=10)


def serve_in_thread(handler: type[BaseHTTPRequestHandler]) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def prefixed() -> Iterator[str]:
    proc, origin = start_guide("--root-path", PREFIX)
    yield origin
    stop(proc)


def test_root_path_behind_a_proxy_that_keeps_the_prefix(
    browser: Browser, prefixed: str, drawn
) -> None:
    # Forwards PREFIX/... to the guide *unchanged*, as a proxy without path rewriting does.
    handler = proxy_handler(prefixed, PREFIX, strip=False)
    server, proxy = serve_in_thread(handler)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    answers: list[tuple[int, str]] = []
    errors: list[str] = []
    page.on("response", lambda r: answers.append((r.status, r.url)))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(f"{proxy}{PREFIX}/")
        drawn(page)
        gd = page.locator("#gd")
        gd.get_by_role("button", name="10 GD steps, one input", exact=True).click()
        expect(gd).to_have_attribute("data-steps", "10", timeout=SLOW)
        page.goto(f"{proxy}{PREFIX}/docs")
        expect(page.locator(".opblock").first).to_be_visible(timeout=SLOW)
        # The app's OpenAPI names the prefix, so /docs' "Try it out" goes through the proxy.
        with urllib.request.urlopen(f"{proxy}{PREFIX}/openapi.json") as r:
            assert b'"servers":[{"url":"/course/guide"}]' in r.read()
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert errors == [] and handler.outside == []
    assert [(s, u) for s, u in answers if s >= 400] == []
    paths = {urllib.parse.urlsplit(u).path for _, u in answers if u.startswith("http")}
    assert all(p.startswith(PREFIX + "/") for p in paths), paths


class CoursePage(BaseHTTPRequestHandler):
    """A course page on its own origin that puts the guide in an iframe."""

    guide = ""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        body = (
            "<!doctype html><title>course</title><h1>Week 3</h1>"
            f'<iframe src="{self.guide}/" width="1200" height="800" title="nnguide"></iframe>'
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _course(browser: Browser, guide: str) -> tuple[Page, ThreadingHTTPServer, str]:
    server, origin = serve_in_thread(type("Course", (CoursePage,), {"guide": guide}))
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    return page, server, origin


def refused(page: Page) -> None:
    """The browser refused to show the guide in the page's iframe: Chromium puts its own
    error page there instead (the guide's answer arrived, with its frame-ancestors)."""
    deadline = time.monotonic() + 15
    while True:
        frames = [f for f in page.frames if f != page.main_frame]
        if frames and frames[0].url.startswith("chrome-error://"):
            break
        assert time.monotonic() < deadline, [f.url for f in frames]
        page.wait_for_timeout(50)
    expect(page.frame_locator("iframe").locator("#train")).to_have_count(0)


def test_framing_is_refused_by_default(browser: Browser, server_url: str) -> None:
    page, server, origin = _course(browser, server_url)
    try:
        page.goto(origin)
        expect(page.locator("h1")).to_have_text("Week 3")
        refused(page)
    finally:
        page.context.close()
        server.shutdown()
        server.server_close()


def test_allow_embedding_lets_that_origin_frame_the_guide(browser: Browser) -> None:
    course_port = _free_port()
    proc, guide = start_guide("--allow-embedding", f"http://127.0.0.1:{course_port}")
    handler = type("Course", (CoursePage,), {"guide": guide})
    server = ThreadingHTTPServer(("127.0.0.1", course_port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        with urllib.request.urlopen(f"{guide}/") as r:
            assert r.headers["x-frame-options"] is None
            assert (
                f"frame-ancestors http://127.0.0.1:{course_port}"
                in r.headers["content-security-policy"]
            )
        page.goto(f"http://127.0.0.1:{course_port}/")
        frame = page.frame_locator("iframe")
        error = frame.locator("#train").get_by_label("Error", exact=True)
        expect(error).not_to_be_empty(timeout=SLOW)
        frame.locator("#gd").get_by_role("button", name="GD step, one input", exact=True).click()
        expect(frame.locator("#gd")).to_have_attribute("data-steps", "1", timeout=SLOW)
        # Another origin (the same host on the guide's own port is not the course) is refused.
        page.goto(f"http://localhost:{course_port}/")
        refused(page)
    finally:
        context.close()
        server.shutdown()
        server.server_close()
        stop(proc)


def test_docs_list_every_operation_with_the_network_off(browser: Browser, server_url: str) -> None:
    with urllib.request.urlopen(f"{server_url}/openapi.json") as r:
        import json

        spec = json.load(r)
    operations = {(method.upper(), path) for path, ops in spec["paths"].items() for method in ops}
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    blocked: list[str] = []

    def only_the_server(route) -> None:  # noqa: ANN001 - a Playwright route
        if route.request.url.startswith(server_url + "/"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_server)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on(
        "console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None
    )
    try:
        page.goto(f"{server_url}/docs")
        blocks = page.locator(".opblock")
        expect(blocks).to_have_count(len(operations), timeout=SLOW)
        shown = set()
        for i in range(blocks.count()):
            block = blocks.nth(i)
            method = block.locator(".opblock-summary-method").inner_text().strip()
            path = block.locator(".opblock-summary-path").get_attribute("data-path")
            shown.add((method, path))
        assert shown == operations
        expect(page.locator(".info .title")).to_contain_text("nnguide")
    finally:
        context.close()
    assert blocked == []
    assert [p for p in problems if "Content Security Policy" in p or "Refused" in p] == []
