"""A classroom's load on ``nnguide serve --workers N``, next to a bare Starlette ceiling.

Simulated learners (wrk connections, each one request in flight at a time) drag sliders
(POST /api/regression/evaluate, 70 %) and press the gradient-descent buttons (POST
/api/regression/train with 1, 10 or 100 steps, 30 %) on 127.0.0.1 only, for a fixed time;
then the same traffic goes to a bare Starlette endpoint under the same uvicorn settings.

The hostile mix: the same, but 5 % of the learners (a second wrk) send, back to back, the
most expensive request the API admits (found at the start of each run: each candidate is
timed once and the slowest one answered with 200 wins). The other learners' latency is the
cheap requests' latency; a probe fetches ``GET /`` twice a second throughout.
Everything is bounded (learners, seconds, runs) and stops by itself.

The load generator is wrk (Debian: ``apt-get install -y wrk``) with one thread: a C event
loop that leaves the most CPU for the server on a two-core machine. Results: requests/s,
p50/p99 latency, errors (socket errors plus non-2xx answers), median over the runs.

    .venv/bin/python benchmarks/load.py --workers 2 --duration 60 --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
HOST = "127.0.0.1"  # loopback only, always
MAX_LEARNERS, MAX_SECONDS, MAX_RUNS = 512, 300, 10


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _wait_until_up(proc: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with code {proc.returncode}")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("server did not start within 60 s")


def _start(kind: str, workers: int, port: int) -> subprocess.Popen[bytes]:
    if kind == "nnguide":
        cmd = [sys.executable, "-m", "nnguide", "serve", "--no-browser"]
        cmd += ["--host", HOST, "--port", str(port), "--workers", str(workers)]
    else:  # the same uvicorn settings nnguide uses, on a bare app
        cmd = [sys.executable, "-m", "uvicorn", "bare_app:app", "--app-dir", str(HERE)]
        cmd += ["--host", HOST, "--port", str(port), "--workers", str(workers)]
        cmd += ["--log-level", "warning", "--no-server-header"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, start_new_session=True)
    _wait_until_up(proc, port)
    return proc


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _warm(port: int) -> None:
    """A few requests so every worker has imported numpy and built its caches."""
    body = b'{"weights":[0.1],"bias":1,"steps":10}'
    for _ in range(20):
        with socket.create_connection((HOST, port), timeout=10) as sock:
            sock.sendall(
                b"POST /api/regression/train HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                b"Content-Type: application/json\r\nContent-Length: "
                + str(len(body)).encode()
                + b"\r\n\r\n"
                + body
            )
            while sock.recv(65536):
                pass


def _wrk_cmd(port: int, learners: int, seconds: int, script: Path) -> list[str]:
    cmd = ["wrk", "-t1", f"-c{learners}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    return [*cmd, "-s", str(script), f"http://{HOST}:{port}"]


def _result(stdout: str) -> dict:
    line = next(ln for ln in stdout.splitlines() if ln.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    result["rps"] = result["requests"] / result["seconds"]
    result["error_count"] = sum(result.pop("errors").values())
    return result


def _wrk(port: int, learners: int, seconds: int) -> dict:
    cmd = _wrk_cmd(port, learners, seconds, HERE / "load.lua")
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=seconds + 60)
    return _result(out.stdout)


def candidates() -> list[tuple[str, dict]]:
    """The worst request each endpoint admits today, as benchmarks/request_cost.py builds them
    from the lessons' limits (so a lower limit never leaves this list asking for refused work)."""
    from fastapi.testclient import TestClient
    from request_cost import cases

    from nnguide.web import create_app

    with TestClient(create_app(), base_url="http://127.0.0.1") as client:
        return [(path, body) for path, body in cases(client).values() if body is not None]


def _post(port: int, path: str, body: dict, timeout: float = 60) -> int:
    req = urllib.request.Request(
        f"http://{HOST}:{port}{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Host": "localhost"},
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as err:
        return int(err.code)
    except (urllib.error.URLError, ConnectionError):
        return 0  # refused before its body was read (too large): not admitted


def costliest(port: int, limit: float = 20) -> tuple[str, dict, float]:
    """The admitted candidate that takes longest to answer, timed once each on a quiet server.

    One still running after ``limit`` seconds counts as admitted and costs ``limit``.
    """
    timed = []
    for path, body in candidates():
        start = time.perf_counter()
        try:
            status = _post(port, path, body, timeout=limit)
        except TimeoutError:
            status = 200
        if status == 200:
            timed.append((time.perf_counter() - start, path, body))
    seconds, path, body = max(timed, key=lambda t: t[0])
    return path, body, seconds


def _hostile_script(path: str, body: dict) -> Path:
    text = json.dumps(body).replace("\\", "\\\\").replace('"', '\\"')
    lua = (HERE / "load.lua").read_text().split("request = function()")[0]
    lua += f'request = function()\n  return wrk.format("POST", "{path}", headers, "{text}")\nend\n'
    lua += "done" + (HERE / "load.lua").read_text().split("\ndone", 1)[1]
    fd, name = tempfile.mkstemp(suffix=".lua")
    with os.fdopen(fd, "w") as fh:
        fh.write(lua)
    return Path(name)


class PageProbe(threading.Thread):
    """``GET /`` twice a second on a fresh connection: latency of each, and failures."""

    def __init__(self, port: int) -> None:
        super().__init__(daemon=True)
        self.port, self.times, self.failures = port, [], 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.5):
            start = time.perf_counter()
            try:
                req = urllib.request.Request(f"http://{HOST}:{self.port}/")
                with urllib.request.urlopen(req, timeout=10) as response:
                    response.read()
                    ok = response.status == 200
            except OSError:
                ok = False
            if ok:
                self.times.append(time.perf_counter() - start)
            else:
                self.failures += 1


def run_hostile(workers: int, learners: int, seconds: int) -> dict:
    port = _free_port()
    proc = _start("nnguide", workers, port)
    try:
        _warm(port)
        path, body, alone = costliest(port)
        hostile = max(1, round(learners * 0.05))
        script = _hostile_script(path, body)
        try:
            attack = subprocess.Popen(
                _wrk_cmd(port, hostile, seconds, script), stdout=subprocess.PIPE, text=True
            )
            probe = PageProbe(port)
            probe.start()
            mix = _wrk(port, learners - hostile, seconds)
            out, _ = attack.communicate(timeout=seconds + 60)
            probe.stop.set()
            probe.join()
        finally:
            script.unlink()
        bad = _result(out)
        page = sorted(probe.times)
        return {
            **mix,
            "hostile_request": f"{path} {json.dumps(body)}",
            "hostile_alone_s": alone,
            "hostile_learners": hostile,
            "hostile_answers": bad["requests"],
            "hostile_p50_ms": bad["p50_ms"],
            "hostile_refused_or_failed": bad["error_count"],
            "page_p50_ms": 1000 * page[len(page) // 2] if page else float("nan"),
            "page_max_ms": 1000 * page[-1] if page else float("nan"),
            "page_failures": probe.failures,
        }
    finally:
        _stop(proc)


def run(kind: str, workers: int, learners: int, seconds: int) -> dict:
    if kind == "hostile":
        return run_hostile(workers, learners, seconds)
    port = _free_port()
    proc = _start(kind, workers, port)
    try:
        _warm(port) if kind == "nnguide" else None
        return _wrk(port, learners, seconds)
    finally:
        _stop(proc)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--learners", type=int, default=64, help="concurrent connections")
    parser.add_argument("--duration", type=int, default=60, help="seconds per measurement")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=["nnguide", "bare", "hostile"])
    args = parser.parse_args()
    if not (
        1 <= args.learners <= MAX_LEARNERS
        and 1 <= args.duration <= MAX_SECONDS
        and 1 <= args.runs <= MAX_RUNS
    ):
        parser.error(f"learners ≤ {MAX_LEARNERS}, duration ≤ {MAX_SECONDS} s, runs ≤ {MAX_RUNS}")
    if shutil.which("wrk") is None:
        parser.error("needs wrk: apt-get install -y wrk")
    kinds = [args.only] if args.only else ["bare", "nnguide", "hostile"]
    results: dict[str, list[dict]] = {k: [] for k in kinds}
    for i in range(args.runs):
        for kind in kinds:
            r = run(kind, args.workers, args.learners, args.duration)
            results[kind].append(r)
            print(
                f"run {i + 1} {kind:8} {r['rps']:8.0f} req/s  p50 {r['p50_ms']:6.2f} ms  "
                f"p99 {r['p99_ms']:6.2f} ms  errors {r['error_count']}",
                flush=True,
            )
            if kind == "hostile":
                print(
                    f"      hostile: {r['hostile_learners']} learners sending "
                    f"{r['hostile_request'][:100]} ({r['hostile_alone_s']:.2f} s alone): "
                    f"{r['hostile_answers']} answers, {r['hostile_refused_or_failed']} refused "
                    f"or failed; GET / p50 {r['page_p50_ms']:.1f} ms, max "
                    f"{r['page_max_ms']:.1f} ms, failures {r['page_failures']}",
                    flush=True,
                )
    keys = ("rps", "p50_ms", "p99_ms", "error_count")
    extra = ("hostile_answers", "page_p50_ms", "page_max_ms", "page_failures")
    summary = {
        kind: {
            key: statistics.median(r[key] for r in runs)
            for key in keys + (extra if kind == "hostile" else ())
        }
        for kind, runs in results.items()
    }
    print(json.dumps({"workers": args.workers, "learners": args.learners, **summary}, indent=1))
    if "bare" in summary and "nnguide" in summary:
        print(f"nnguide / bare Starlette: {summary['nnguide']['rps'] / summary['bare']['rps']:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
