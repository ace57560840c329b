"""/api/data: a learner's own table over HTTP — stateless, bounded, and hostile-input safe."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from nnguide.lessons import table as tables
from nnguide.lessons import workbench as wb
from nnguide.web import create_app
from nnguide.web.security import MAX_BODY_BYTES
from nnguide.web.settings import Settings

IRIS = ["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"]


@pytest.fixture(scope="module")
def iris(client: TestClient) -> dict[str, Any]:
    res = client.get("/api/data/datasets/iris")
    assert res.status_code == 200
    return res.json()


def choice(inspection: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "table": inspection["table"],
        "target": inspection["target"],
        "features": inspection["features"],
        **extra,
    }


def finite(value: Any) -> bool:
    if isinstance(value, float):
        return bool(np.isfinite(value))
    if isinstance(value, dict):
        return all(finite(v) for v in value.values())
    if isinstance(value, list):
        return all(finite(v) for v in value)
    return True


def test_the_offered_datasets_have_sources_and_fit_the_page(client: TestClient) -> None:
    entries = client.get("/api/data/datasets").json()
    names = [e["name"] for e in entries]
    assert {"iris", "penguins", "portland", "houses-labelled"} <= set(names)
    assert "digits" not in names  # 64 features: for the command line
    iris = next(e for e in entries if e["name"] == "iris")
    assert "Fisher" in iris["source"] and "CC BY 4.0" in iris["licence"]
    assert all(e["kind"] == "bundled" for e in entries)
    # The page words each description from its code (the name) and the numbers it mentions.
    assert iris["description_code"] == {"code": "iris", "params": {"rows": 150}}
    assert all(e["description_code"]["code"] == e["name"] for e in entries)
    assert client.get("/api/data/datasets/digits").status_code == 404
    missing = client.get("/api/data/datasets/nope")
    assert missing.status_code == 404 and "iris" in missing.json()["detail"]


def test_start_train_view_export_is_a_stateless_round_trip(client: TestClient, iris) -> None:
    body = choice(iris)
    started = client.post("/api/data/start", json=body).json()
    setup = started["setup"]
    assert setup["classes"] == ["setosa", "versicolor", "virginica"]
    assert (setup["n_train"], setup["n_test"], setup["sizes"]) == (114, 36, [4, 3])
    assert started["start"]["train_loss"] == pytest.approx(np.log(3))
    res = client.post(
        "/api/data/train",
        json={**body, "layers": started["layers"], "steps": 200, "learning_rate": 1.0},
    )
    trained = res.json()
    assert res.status_code == 200 and trained["step"] == 200 and trained["steps_taken"] == 200
    assert trained["message_code"] == {"code": "steps_taken", "params": {"steps": 200}}
    assert trained["points"][-1]["test_loss"] < np.log(3)
    view = client.post("/api/data/view", json={**body, "layers": trained["layers"]}).json()
    assert view["scores"]["test_accuracy"] >= 0.9 and view["regions"] is None
    assert sum(map(sum, view["confusion"])) == 36 and view["confusion_rows"] == "test"
    assert [r["feature"] for r in view["weights"]["rows"]] == IRIS
    ex = client.post("/api/data/export", json={**body, "layers": trained["layers"]}).json()
    assert json.loads(ex["model_file"])["format"] == "nnguide-model"
    assert (
        ex["python"].startswith("#!/usr/bin/env python3") and "import numpy as np" in ex["python"]
    )
    for answer in (started, trained, view):
        assert finite(answer)


def test_inspect_reads_text_and_bytes_like_the_cli(client: TestClient) -> None:
    ok = client.post("/api/data/inspect", json={"text": "a,b,y\n1,2,x\n3,4,z\n", "name": "t.csv"})
    assert ok.status_code == 200 and ok.json()["task"] == "classification"
    ragged = client.post("/api/data/inspect", json={"text": "a,b,y\n1,2,3\n4,5\n", "name": "t.csv"})
    assert ragged.status_code == 422
    assert ragged.json()["detail"] == "t.csv, line 3: 2 values but the header has 3 columns"
    latin = "a,b,y\n1,2,3\ncafé,8,9\n".encode("latin-1")
    res = client.post(
        "/api/data/inspect", json={"base64": base64.b64encode(latin).decode(), "name": "l.csv"}
    )
    assert res.json()["detail"] == (
        "l.csv, line 3: the data is not UTF-8 text (byte 0xe9); save it as UTF-8 CSV"
    )
    for bad in ({}, {"text": "a,b\n1,2\n", "base64": "YQ=="}):
        res = client.post("/api/data/inspect", json=bad)
        assert res.status_code == 422 and "one of the two" in res.json()["detail"]
    res = client.post("/api/data/inspect", json={"base64": "a!b"})
    assert res.status_code == 422 and "base64" in res.json()["detail"]


def _body(iris: dict[str, Any], **change: Any) -> dict[str, Any]:
    return choice(iris) | change


HOSTILE = [
    # (what to change in the request, a fragment of the answer's detail)
    ({"target": "zz"}, "no column 'zz'"),
    ({"features": ["species"]}, "cannot also be a feature"),
    ({"features": ["sepal_length_cm", "sepal_length_cm"]}, "listed twice"),
    ({"task": "regression"}, "its values are categories"),
    ({"hidden": [33]}, "less than or equal to 32"),
    ({"hidden": [4, 4, 4, 4]}, "at most 3 items"),
    ({"test_size": 0.6}, "less than or equal to 0.5"),
    ({"seed": -1}, "greater than or equal to 0"),
    ({"activation": "softplus"}, "activation"),
    ({"features": [f"f{i}" for i in range(51)]}, "at most 50 items"),
    ({"standardize": 1}, "valid boolean"),
    ({"extra": True}, "Extra inputs are not permitted"),
]


@pytest.mark.parametrize(("change", "expect"), HOSTILE)
def test_bad_choices_are_422_with_one_clear_line(client: TestClient, iris, change, expect) -> None:
    res = client.post("/api/data/start", json=_body(iris, **change))
    assert res.status_code == 422
    assert expect in res.json()["detail"]


def _table(columns: list[dict[str, Any]], lines: list[int] | None = None) -> dict[str, Any]:
    n = len(columns[0].get("numbers") or columns[0].get("text"))
    return {"name": "t.csv", "columns": columns, "lines": lines or list(range(2, n + 2))}


TABLES = [
    (
        _table([{"name": "a", "numbers": [1, 2, 3]}, {"name": "y", "numbers": [1, 2]}]),
        "one value per row",
    ),
    (_table([{"name": "a", "numbers": [1, 2]}, {"name": "y", "numbers": [3, 4]}], [2]), "lines"),
    (_table([{"name": "a", "numbers": [1, 2]}, {"name": "a", "numbers": [3, 4]}]), "twice"),
    (_table([{"name": "a", "text": [1, "x"]}, {"name": "y", "numbers": [3, 4]}]), "text"),
    (_table([{"name": "a", "numbers": [1, "x"]}, {"name": "y", "numbers": [3, 4]}]), "numbers"),
    (
        _table([{"name": "a", "numbers": [1], "text": ["1"]}, {"name": "y", "numbers": [3]}]),
        "one of the two",
    ),
    (_table([{"name": "a", "numbers": [1e200, 2]}, {"name": "y", "numbers": [3, 4]}]), "1e+200"),
    (_table([{"name": "a", "numbers": [1, 2]}, {"name": "y", "numbers": [3, 4]}], [0, 1]), "lines"),
    (
        _table([{"name": "a", "numbers": [1, 2]}, {"name": "y", "numbers": [3.5, 4]}])
        | {"name": "x" * 201},
        "at most 200 characters",
    ),
    (
        _table([{"name": "a", "text": ["1"] * 5001}, {"name": "y", "numbers": [3.0] * 5001}]),
        "at most 5000 items",
    ),
]


@pytest.mark.parametrize(("table", "expect"), TABLES)
def test_hostile_tables_are_refused_clearly(client: TestClient, table, expect) -> None:
    res = client.post("/api/data/start", json={"table": table, "target": "y", "features": ["a"]})
    assert res.status_code == 422, res.text
    assert expect in res.json()["detail"]


def test_parameters_that_do_not_fit_or_overflow_are_refused(client: TestClient, iris) -> None:
    body = choice(iris)
    start = client.post("/api/data/start", json=body).json()
    wrong = [{"weights": [[0.0]], "bias": [0.0]}]
    res = client.post("/api/data/view", json={**body, "layers": wrong})
    assert res.status_code == 422 and "do not fit" in res.json()["detail"]
    huge = [{"weights": [[1e12] * 3] * 4, "bias": [1e12] * 3}]
    for path in ("/api/data/view", "/api/data/export"):
        res = client.post(path, json={**body, "layers": huge})
        assert res.status_code in (200, 422) and finite(res.json())
    res = client.post(
        "/api/data/train",
        json={**body, "layers": start["layers"], "steps": 5, "learning_rate": 1e6},
    )
    assert res.status_code == 200 and finite(res.json())  # huge steps: still finite JSON


def test_a_request_is_held_to_its_counted_steps(client: TestClient) -> None:
    penguins = client.get("/api/data/datasets/penguins").json()
    body = choice(penguins, hidden=[32, 32, 32])
    start = client.post("/api/data/start", json=body).json()
    most = start["setup"]["max_steps_per_request"]
    assert 1 <= most < 2000  # fewer than the schema's cap: the counted work decides
    ok = client.post("/api/data/train", json={**body, "layers": start["layers"], "steps": most})
    assert ok.status_code == 200 and ok.json()["steps_taken"] == most
    over = client.post(
        "/api/data/train", json={**body, "layers": start["layers"], "steps": most + 1}
    )
    assert over.status_code == 422
    assert f"at most {most:,} steps on these 256 training rows" in over.json()["detail"]


def test_a_body_past_one_megabyte_is_413(client: TestClient) -> None:
    text = "a,y\n" + "1,2\n" * (MAX_BODY_BYTES // 4)
    res = client.post("/api/data/inspect", json={"text": text})
    assert res.status_code == 413 and "limit 1024 KB" in res.json()["detail"]


def test_too_many_rows_is_a_clear_message_naming_the_limit_and_the_cli(client: TestClient) -> None:
    text = "a,y\n" + "".join(f"{i},{i % 3}\n" for i in range(5001))
    res = client.post("/api/data/inspect", json={"text": text, "name": "class.csv"})
    assert res.status_code == 422
    detail = res.json()["detail"]
    assert "more than 5,000 rows" in detail and "nnguide fit class.csv --target COLUMN" in detail


# -- cost -----------------------------------------------------------------------------------


def _worst_table() -> tables.Table:
    """The largest table a request may carry: 5,000 rows, 50 features, 20 classes."""
    rng = np.random.default_rng(0)
    n = tables.MAX_ROWS
    cols = [tables.Column(f"f{i}", rng.normal(size=n).round(4).tolist()) for i in range(50)]
    cols.append(tables.Column("y", [f"k{j}" for j in rng.integers(0, 20, n)]))
    return tables.Table("big.csv", cols, list(range(2, n + 2)))


def _cpu(fn: Any, *args: Any, **kwargs: Any) -> float:
    """CPU seconds of ``fn``, with one BLAS thread as the server's workers have (a second
    thread's spinning would count too)."""
    from threadpoolctl import threadpool_limits

    best = float("inf")
    with threadpool_limits(limits=1, user_api="blas"):
        for _ in range(2):  # the better of two: the machine may be busy with other work
            start = time.process_time()
            fn(*args, **kwargs)
            best = min(best, time.process_time() - start)
    return best


#: The budget is ~100 ms of CPU per request (issue 15); the test allows 3× for a loaded
#: machine. Measured on the reference machine (2-core VM, one BLAS thread): start 20–35 ms,
#: train 30–60 ms, view 25 ms, export 20 ms, inspect of ~1 MB 60–90 ms.
LIMIT = 0.3


@pytest.mark.parametrize("hidden", [(), (32,), (32, 32, 32)])
def test_the_worst_admitted_requests_stay_near_the_budget(hidden) -> None:
    table = _worst_table()
    c = wb.Choice("y", [f"f{i}" for i in range(50)], hidden=hidden)
    started = wb.start(table, c)
    params = [(layer.weights, layer.bias) for layer in started.layers]
    steps = started.setup.max_steps_per_request
    assert _cpu(wb.start, table, c) < LIMIT
    assert _cpu(wb.train, table, c, params, step=0, steps=steps, learning_rate=0.1) < LIMIT
    assert _cpu(wb.view, table, c, params) < LIMIT
    assert _cpu(wb.export, table, c, params) < LIMIT


def test_inspecting_a_megabyte_stays_near_the_budget() -> None:
    row = ",".join(["1.25"] * 40) + ",k\n"
    text = ",".join(f"c{i}" for i in range(40)) + ",y\n" + row * 5000
    assert 0.9e6 < len(text) < MAX_BODY_BYTES
    assert _cpu(tables.inspect_text, text, "big.csv") < LIMIT


# -- a teacher's file: nnguide serve --data ---------------------------------------------------


def test_the_servers_own_file_comes_first_in_the_list(tmp_path: Path) -> None:
    path = tmp_path / "class.csv"
    path.write_text("hours,score,passed\n1,50,no\n5,80,yes\n2,55,no\n6,90,yes\n", encoding="utf-8")
    app = create_app(Settings(data_path=str(path), data_target="score"))
    c = TestClient(app, base_url="http://localhost")
    entries = c.get("/api/data/datasets").json()
    assert entries[0]["name"] == "class.csv" and entries[0]["kind"] == "server"
    assert entries[0]["target"] == "score" and entries[0]["n_rows"] == 4
    assert entries[0]["description_code"] == {
        "code": "server_file",
        "params": {"file": "class.csv"},
    }
    ins = c.get("/api/data/datasets/class.csv").json()
    assert ins["target"] == "score" and ins["task"] == "regression"
    assert ins["features"] == ["hours"]
    path.write_text("hours,score\n1,2\n3\n", encoding="utf-8")  # edited since: told, not 500
    res = c.get("/api/data/datasets/class.csv")
    assert res.status_code == 422 and "line 3" in res.json()["detail"]
