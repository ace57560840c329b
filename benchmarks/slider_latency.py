# ruff: noqa: E501  (embedded JavaScript and report lines read better unwrapped)
"""Slider latency, page weight and start-up time of the guide (issue 3's benchmark).

Runs in headless Chromium against a real `nnguide serve` on loopback:

1. **Slider latency** — 300 input events on section 3's Weight/Bias sliders, one at a
   time: time from the `input` event to the animation frame in which the chart, table and
   error readout show the server's answer for that value. Reported as p50/p95/max over
   300 events, median over runs; also the time until the figures' DOM is updated (the
   paint then happens in the next animation frame, at most 16.7 ms later at 60 Hz).
2. **Peer (floor)** — in the same page and run, 300 bare `fetch` round trips to
   `/api/health`: the least any server-backed figure can cost. The ratio says how much our
   pipeline (validation, numpy, JSON, drawing) adds on top of the network hop.
3. **Drag at 60 Hz** — 300 events fired one frame apart without waiting, as a real drag
   does; coalescing keeps one request in flight and the latest value wins. Reported: how
   many answers were drawn and the input→paint latency of the values that were drawn.
4. **Page weight** — bytes transferred for the first load (gzip on), from the browser's
   resource timing.
5. **Start-up** — wall time from launching `nnguide serve` to the first 200 for `/`.

Usage:  .venv/bin/python benchmarks/slider_latency.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("NNGUIDE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

SEQUENTIAL = """async (n) => {
  const section = document.querySelector('#train');
  const w = section.querySelector('input[type=range]');
  const times = [];
  const dom = [];
  for (let i = 0; i < n; i++) {
    const value = (0.05 + (i % 300) * 0.001).toFixed(3);
    const done = new Promise((resolve) => {
      const obs = new MutationObserver(() => {
        if (section.dataset.rendered && section.dataset.rendered.startsWith(String(Number(value)) + ',')) {
          obs.disconnect();
          dom.push(performance.now() - t0);
          requestAnimationFrame((t) => resolve(t));
        }
      });
      obs.observe(section, { attributes: true, attributeFilter: ['data-rendered'] });
    });
    const t0 = performance.now();
    w.value = value;
    w.dispatchEvent(new Event('input', { bubbles: true }));
    const t1 = await done;
    times.push(t1 - t0);
  }
  return [times, dom];
}"""

FLOOR = """async (n) => {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await (await fetch('/api/health', { method: 'GET' })).json();
    times.push(performance.now() - t0);
  }
  return times;
}"""

DRAG = """async (n) => {
  const section = document.querySelector('#train');
  const w = section.querySelector('input[type=range]');
  const sent = new Map();
  const latencies = [];
  const obs = new MutationObserver(() => {
    const key = String(Number(section.dataset.rendered.split(',')[0]));
    if (sent.has(key)) {
      const t0 = sent.get(key);
      sent.delete(key);
      requestAnimationFrame((t) => latencies.push(t - t0));
    }
  });
  obs.observe(section, { attributes: true, attributeFilter: ['data-rendered'] });
  for (let i = 0; i < n; i++) {
    await new Promise((r) => requestAnimationFrame(r));
    const value = (0.05 + i * 0.001).toFixed(3);
    sent.set(String(Number(value)), performance.now());
    w.value = value;
    w.dispatchEvent(new Event('input', { bubbles: true }));
  }
  const last = String(Number((0.05 + (n - 1) * 0.001).toFixed(3)));
  while (!section.dataset.rendered.startsWith(last + ',')) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 50));
  obs.disconnect();
  return latencies;
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int) -> tuple[subprocess.Popen[bytes], float]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "nnguide", "serve", "--port", str(port), "--no-browser"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as r:
                if r.status == 200:
                    return proc, time.perf_counter() - t0
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("server exited") from None
            time.sleep(0.005)


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q / 100 * (len(s) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--events", type=int, default=300)
    args = parser.parse_args()
    rows: dict[str, list[float]] = {
        k: []
        for k in (
            "p50",
            "p95",
            "max",
            "dom_p50",
            "dom_p95",
            "floor_p50",
            "floor_p95",
            "drag_p50",
            "drag_p95",
            "drag_drawn",
            "kb",
            "startup",
        )
    }
    for run in range(args.runs):
        port = free_port()
        proc, startup = start_server(port)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(f"http://127.0.0.1:{port}/")
                page.wait_for_function("() => !!document.querySelector('#train').dataset.rendered")
                page.wait_for_function(
                    "() => document.querySelector('#gd').dataset.steps !== undefined"
                )
                page.wait_for_load_state("networkidle")
                size = page.evaluate(
                    "performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
                    ".reduce((s, e) => s + (e.transferSize || 0), 0)"
                )
                page.locator("#train").scroll_into_view_if_needed()
                seq, dom = page.evaluate(SEQUENTIAL, args.events)
                floor = page.evaluate(FLOOR, args.events)
                drag = page.evaluate(DRAG, args.events)
                browser.close()
        finally:
            proc.terminate()
            proc.wait()
        rows["p50"].append(pct(seq, 50))
        rows["p95"].append(pct(seq, 95))
        rows["max"].append(max(seq))
        rows["dom_p50"].append(pct(dom, 50))
        rows["dom_p95"].append(pct(dom, 95))
        rows["floor_p50"].append(pct(floor, 50))
        rows["floor_p95"].append(pct(floor, 95))
        rows["drag_p50"].append(pct(drag, 50))
        rows["drag_p95"].append(pct(drag, 95))
        rows["drag_drawn"].append(len(drag))
        rows["kb"].append(size / 1024)
        rows["startup"].append(startup)
        print(
            f"run {run + 1}: slider p50 {rows['p50'][-1]:.1f} ms, p95 {rows['p95'][-1]:.1f} ms; "
            f"floor p50 {rows['floor_p50'][-1]:.1f} ms; drag p95 {rows['drag_p95'][-1]:.1f} ms "
            f"({len(drag)}/{args.events} drawn); page {size / 1024:.0f} KB; start {startup:.2f} s",
            flush=True,
        )
    med = {k: statistics.median(v) for k, v in rows.items()}
    print(
        f"\nmachine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"medians over {args.runs} runs, {args.events} events each")
    print("| measure | median |\n|---|---|")
    print(f"| slider input → repaint, p50 | {med['p50']:.1f} ms |")
    print(f"| slider input → repaint, p95 | {med['p95']:.1f} ms |")
    print(f"| slider input → repaint, max | {med['max']:.1f} ms |")
    print(
        f"| slider input → figures updated (before paint), p50 / p95 | "
        f"{med['dom_p50']:.1f} / {med['dom_p95']:.1f} ms |"
    )
    print(
        f"| peer: bare fetch round trip, p50 / p95 | {med['floor_p50']:.1f} / {med['floor_p95']:.1f} ms |"
    )
    print(f"| ratio slider p50 / bare fetch p50 | {med['p50'] / med['floor_p50']:.2f}× |")
    print(f"| 60 Hz drag: answers drawn | {med['drag_drawn']:.0f} of {args.events} |")
    print(
        f"| 60 Hz drag: input → repaint p50 / p95 | {med['drag_p50']:.1f} / {med['drag_p95']:.1f} ms |"
    )
    print(f"| first load transfer size | {med['kb']:.0f} KB |")
    print(f"| `nnguide serve` → first page served | {med['startup']:.2f} s |")


if __name__ == "__main__":
    main()
