"""The CPU cost of the most expensive request each endpoint admits (issue 15's budget).

For every endpoint that does numeric work, the worst request its schema admits (largest
steps, batch, grid, held-out list; the largest network) is sent through the real ASGI app
(`TestClient`, in-process), several times, and the CPU time of the process (all threads,
so the compute pool's work counts) is recorded: median and maximum over the runs. The
budget is 100 ms of CPU per request.

    .venv/bin/python benchmarks/request_cost.py --runs 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as `nnguide serve` runs its workers

from fastapi.testclient import TestClient  # noqa: E402

from nnguide.lessons import digits  # noqa: E402
from nnguide.lessons.limits import (  # noqa: E402
    MAX_LANDSCAPE_RESOLUTION,
    MAX_LOO_STEPS,
    MAX_RACE_STEPS,
    MAX_STEPS_PER_REQUEST,
)
from nnguide.web import create_app  # noqa: E402

BUDGET_MS = 100.0
HELD = [{"house": i, "label": "Good"} for i in range(10, 47)]


def cases(client: TestClient) -> dict[str, tuple[str, dict[str, Any] | None]]:
    n = MAX_STEPS_PER_REQUEST
    net8 = client.post("/api/network/start", json={"hidden": 8}).json()
    deep = client.post("/api/digits/start", json={"hidden": digits.MAX_HIDDEN}).json()
    most = digits.max_steps("digits", digits.MAX_HIDDEN, 16)
    return {
        "regression/train (portland)": (
            "/api/regression/train",
            {
                "dataset": "portland",
                "weights": [0.1, 1.0],
                "bias": 0.0,
                "steps": n,
                "standardize": True,
                "learning_rate_weights": 0.1,
                "learning_rate_bias": 0.1,
            },
        ),
        "regression/compare (portland)": (
            "/api/regression/compare",
            {
                "dataset": "portland",
                "weights": [0.0, 0.0],
                "bias": 0.0,
                "max_steps": MAX_RACE_STEPS,
                "targets": [1.0],
            },
        ),
        "regression/landscape": (
            "/api/regression/landscape",
            {"resolution": MAX_LANDSCAPE_RESOLUTION},
        ),
        "classify/train": (
            "/api/classify/train",
            {"steps": n, "resolution": 101, "held_out": HELD},
        ),
        "classify/leave-one-out (uncached)": (
            "/api/classify/leave-one-out",
            {"steps": MAX_LOO_STEPS},
        ),
        "digits/train (linear, largest batch)": (
            "/api/digits/train",
            {"steps": digits.max_steps("digits", 0, 1347), "batch_size": 1347},
        ),
        "digits/train (linear, batch 1)": (
            "/api/digits/train",
            {"steps": digits.max_steps("digits", 0, 1), "batch_size": 1},
        ),
        f"digits/train (hidden {digits.MAX_HIDDEN}, batch 16)": (
            "/api/digits/train",
            {"hidden": digits.MAX_HIDDEN, "layers": deep, "steps": most, "batch_size": 16},
        ),
        "digits/predict (128×128 drawing)": ("/api/digits/predict", {"ink": [[0.5] * 128] * 128}),
        "network/train (8 neurons)": (
            "/api/network/train",
            {"hidden": 8, "layers": net8, "steps": 1000},
        ),
        "network/leave-one-out (one fold)": (
            "/api/network/leave-one-out",
            {"hidden": 8, "steps": 1000, "house": 3},
        ),
        "network/backprop (8 neurons)": ("/api/network/backprop", {"hidden": 8, "layers": net8}),
        **data_cases(client),
    }


def data_cases(client: TestClient) -> dict[str, tuple[str, dict[str, Any] | None]]:
    """Your own data: the largest table a request admits (5,000 rows, 50 features, 20
    classes, in whole numbers so that it fits the 1 MB body), the deepest network."""
    from nnguide.lessons import table as tables
    from nnguide.lessons import workbench

    n, d = tables.MAX_ROWS, tables.MAX_FEATURES
    columns = [
        {"name": f"f{j}", "numbers": [(i * (j + 3)) % 97 for i in range(n)]} for j in range(d)
    ]
    columns.append({"name": "y", "text": [f"k{(i * 7) % 20}" for i in range(n)]})
    table = {"name": "big.csv", "columns": columns, "lines": list(range(2, n + 2))}
    deepest = [workbench.MAX_NEURONS] * workbench.MAX_HIDDEN_LAYERS
    body = {"table": table, "target": "y", "features": [f"f{j}" for j in range(d)]}
    out: dict[str, tuple[str, dict[str, Any] | None]] = {}
    for hidden in ([], deepest):
        choice = body | {"hidden": hidden}
        start = client.post("/api/data/start", json=choice).json()
        model = choice | {"layers": start["layers"]}
        steps = start["setup"]["max_steps_per_request"]
        tag = f"{n:,} × {d}, hidden {hidden or 'none'}"
        out[f"data/start ({tag})"] = ("/api/data/start", choice)
        out[f"data/train ({tag}, {steps} steps)"] = ("/api/data/train", model | {"steps": steps})
        out[f"data/view ({tag})"] = ("/api/data/view", model)
        out[f"data/export ({tag})"] = ("/api/data/export", model)
    row = ",".join(str(j % 10) for j in range(d)) + ",k\n"
    text = ",".join(f"f{j}" for j in range(d)) + ",y\n" + row * n
    out[f"data/inspect ({len(text) / 1e6:.2f} MB, {n:,} rows)"] = (
        "/api/data/inspect",
        {"text": text},
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    client = TestClient(create_app(), base_url="http://localhost")
    print(f"load average: {os.getloadavg()[0]:.1f}   budget: {BUDGET_MS:.0f} ms CPU\n")
    print(f"{'request':44s} {'median ms':>9s} {'max ms':>8s} {'answer kB':>9s}")
    for name, (path, body) in cases(client).items():
        times, size = [], 0
        for run in range(args.runs):
            if "uncached" in name:  # a fresh learning rate each time: no cached answer
                body = dict(body or {}, learning_rate=0.5 + run * 1e-3)
            start = time.process_time()
            response = client.post(path, json=body)
            times.append((time.process_time() - start) * 1000)
            assert response.status_code == 200, (name, response.text[:200])
            size = len(response.content)
        print(f"{name:44s} {statistics.median(times):9.1f} {max(times):8.1f} {size / 1024:9.0f}")


if __name__ == "__main__":
    main()
