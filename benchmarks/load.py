"""A classroom's load on ``nnguide serve --workers N``, next to a bare Starlette ceiling.

Simulated learners (wrk connections, each one request in flight at a time) drag sliders
(POST /api/regression/evaluate, 70 %) and press the gradient-descent buttons (POST
/api/regression/train with 1, 10 or 100 steps, 30 %) on 127.0.0.1 only, for a fixed time;
then the same traffic goes to a bare Starlette endpoint under the same uvicorn settings.
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
import time
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
                b"POST /api/regression/train HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                b"Content-Type: application/json\r\nContent-Length: "
                + str(len(body)).encode()
                + b"\r\n\r\n"
                + body
            )
            while sock.recv(65536):
                pass


def _wrk(port: int, learners: int, seconds: int) -> dict:
    cmd = ["wrk", "-t1", f"-c{learners}", f"-d{seconds}s", "--timeout", "5s", "--latency"]
    cmd += ["-s", str(HERE / "load.lua"), f"http://{HOST}:{port}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=seconds + 60)
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    result["rps"] = result["requests"] / result["seconds"]
    result["error_count"] = sum(result.pop("errors").values())
    return result


def run(kind: str, workers: int, learners: int, seconds: int) -> dict:
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
    parser.add_argument("--only", choices=["nnguide", "bare"])
    args = parser.parse_args()
    if not (
        1 <= args.learners <= MAX_LEARNERS
        and 1 <= args.duration <= MAX_SECONDS
        and 1 <= args.runs <= MAX_RUNS
    ):
        parser.error(f"learners ≤ {MAX_LEARNERS}, duration ≤ {MAX_SECONDS} s, runs ≤ {MAX_RUNS}")
    if shutil.which("wrk") is None:
        parser.error("needs wrk: apt-get install -y wrk")
    kinds = [args.only] if args.only else ["bare", "nnguide"]
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
    summary = {
        kind: {
            key: statistics.median(r[key] for r in runs)
            for key in ("rps", "p50_ms", "p99_ms", "error_count")
        }
        for kind, runs in results.items()
    }
    print(json.dumps({"workers": args.workers, "learners": args.learners, **summary}, indent=1))
    if "bare" in summary and "nnguide" in summary:
        print(f"nnguide / bare Starlette: {summary['nnguide']['rps'] / summary['bare']['rps']:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
