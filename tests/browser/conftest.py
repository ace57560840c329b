"""Browser tests: the real server in a subprocess, driven by Playwright in headless Chromium.

Chromium is found at $NNGUIDE_CHROMIUM, then the usual system paths (Debian's
/usr/bin/chromium here); if none exists, Playwright's own browser is used.
`make test` installs one first, so these tests never skip.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = pytest.mark.browser


def _chromium() -> str | None:
    env = os.environ.get("NNGUIDE_CHROMIUM")
    if env:
        return env
    for name in ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"):
        if os.path.exists(name):
            return name
    return shutil.which("chromium")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "nnguide", "serve", "--port", str(port), "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=1) as response:
                if response.status == 200:
                    break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read().decode() if proc.stdout else ""
                proc.kill()
                raise RuntimeError(f"server did not start:\n{out}") from None
            time.sleep(0.05)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        # The page follows the browser's language: English unless a test asks for another
        # (a context's locale), whatever the machine's own locale is.
        "--lang=en-US",
    ]
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=_chromium(), headless=True, args=args)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, server_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    pg.set_default_timeout(15_000)
    pg.base_url = server_url  # type: ignore[attr-defined]
    yield pg
    context.close()
    assert not errors, f"the page reported errors: {errors}"


# A shared, busy 2-core machine can take more than Playwright's default 5 s to draw the whole
# page; waiting longer hides no failure (a wrong value still fails, only later).
def _patient_expect() -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)


_patient_expect()


def wait_until_drawn(page: Page) -> None:
    """Every section of the page has drawn its first answer from the API."""
    from playwright.sync_api import expect

    for section in ("train", "gd", "two"):
        expect(page.locator(f"#{section}").get_by_label("Error", exact=True)).not_to_be_empty()
    expect(page.locator("#intro")).to_contain_text("2,000 sq ft × $180")
    expect(page.locator("#error table.data")).to_contain_text("2,058")
    expect(page.locator("#gd [data-slot=compare]")).to_contain_text("standardized")
    expect(page.locator(".softmax-table tbody td.prob")).to_have_count(2)
    expect(page.locator("#classify [data-slot=verdict]")).to_contain_text("Right now")
    expect(page.locator("#generalise [data-slot=loo]")).to_contain_text("of 10")
    expect(page.locator("#shapes").get_by_label("Parameters")).to_have_text("6")
    expect(page.locator("#digits .digits-readout")).to_contain_text("step 0")
    expect(page.locator("#your-data").get_by_label("Test accuracy")).to_have_text("33.3%")
    for section in (
        "hidden",
        "activation",
        "layers",
        "backprop",
        "deeper",
    ):  # Part 2: each network drawn
        expect(page.locator(f"#{section}")).to_have_attribute("data-busy", "no")
    expect(page.locator("#backprop table.slopes tbody tr").first).to_be_visible()


@pytest.fixture
def drawn():  # noqa: ANN201 - returns the helper above
    """``drawn(page)`` waits until every section has drawn its first answer."""
    return wait_until_drawn


@pytest.fixture
def screenshot():  # noqa: ANN201 - returns the helper below
    """``screenshot(page, name, selector=None)`` saves a PNG under test-artifacts/."""

    def take(page: Page, name: str, selector: str | None = None) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        if selector:
            page.locator(selector).screenshot(path=str(path))
        else:
            page.screenshot(path=str(path), full_page=True)
        return path

    return take
