"""Part 2's API: thin over the lesson, validated, bounded, no NaN."""

from __future__ import annotations

import pytest


def _start(client, hidden=3, activation="tanh", seed=0):
    r = client.post(
        "/api/network/start", json={"hidden": hidden, "activation": activation, "seed": seed}
    )
    assert r.status_code == 200
    return r.json()


def test_start_train_view_round_trip(client) -> None:
    layers = _start(client)
    assert [len(layers[0]["weights"]), len(layers[0]["bias"])] == [2, 3]
    r = client.post("/api/network/train", json={"layers": layers, "steps": 1000})
    assert r.status_code == 200
    trained = r.json()
    assert trained["correct"] == 10 and trained["steps_taken"] == 1000
    assert trained["message_code"] == {"code": "steps_taken", "params": {"steps": 1000}}
    assert len(trained["path"]) <= 200 and trained["path"][-1]["step"] == 1000
    r = client.post("/api/network/view", json={"layers": trained["layers"], "house": 3})
    assert r.status_code == 200
    view = r.json()
    assert view["correct"] == 10 and view["n_parameters"] == 17 and view["sizes"] == [2, 3, 2]
    assert view["forward"]["house"] == 3 and view["collapsed"] is None


def test_train_counts_a_held_out_list_along_its_path(client) -> None:
    layers = _start(client)
    held = [
        {"house": 10, "label": "Good"},
        {"house": 11, "label": "Bad"},
        {"house": 20, "label": "Good"},
    ]
    body = {"layers": layers, "steps": 50, "held_out": held}
    trained = client.post("/api/network/train", json=body).json()
    counts = [p["held_out_correct"] for p in trained["path"]]
    assert len(counts) == 51 and all(0 <= k <= 3 for k in counts)
    view = client.post(
        "/api/network/view", json={"layers": trained["layers"], "held_out": held}
    ).json()
    assert view["held_out_correct"] == counts[-1]
    plain = client.post("/api/network/train", json={"layers": layers, "steps": 2}).json()
    assert plain["path"][-1]["held_out_correct"] is None
    twice = {**body, "held_out": [held[0], held[0]]}
    r = client.post("/api/network/train", json=twice)
    assert r.status_code == 422 and "only once" in r.text


def test_backprop_and_a_fold(client) -> None:
    layers = _start(client, seed=1)
    bp = client.post("/api/network/backprop", json={"layers": layers}).json()
    assert bp["max_difference"] < 1e-7 and len(bp["slopes"]) == 17
    fold = client.post("/api/network/leave-one-out", json={"house": 0}).json()
    assert fold["house"] == 0 and fold["label"] == "Good"


def test_activation_curves(client) -> None:
    curves = client.get("/api/network/activations").json()
    assert [c["name"] for c in curves] == ["identity", "sigmoid", "tanh", "relu"]


def test_shapes_count_hidden_layers(client) -> None:
    r = client.get(
        "/api/shapes/parameters", params={"features": 784, "classes": 10, "hidden": "128"}
    )
    assert r.status_code == 200
    assert r.json()["parameters"] == 784 * 128 + 128 + 128 * 10 + 10 == 101_770
    r = client.get("/api/shapes/parameters", params={"features": 2, "classes": 2, "hidden": "8,4"})
    assert r.json()["parameters"] == (2 * 8 + 8) + (8 * 4 + 4) + (4 * 2 + 2)
    assert r.json()["sizes"] == [2, 8, 4, 2]
    r = client.get("/api/shapes/parameters", params={"features": 64, "classes": 10})
    assert r.json()["parameters"] == 650 and r.json()["hidden"] == []


@pytest.mark.parametrize(
    ("path", "body", "fragment"),
    [
        ("/api/network/start", {"hidden": 9}, "hidden"),
        ("/api/network/start", {"activation": "swish"}, "activation"),
        ("/api/network/start", {"seed": -1}, "seed"),
        ("/api/network/train", {"layers": [{"weights": [[1.0]], "bias": [0.0]}]}, "do not fit"),
        ("/api/network/train", {"layers": [], "steps": 1}, "layers"),
        ("/api/network/train", {"layers": [{"weights": [[1e13]], "bias": [0.0]}]}, "less than"),
        (
            "/api/network/view",
            {"layers": [{"weights": [[1.0]], "bias": [0.0]}], "house": 10},
            "house",
        ),
        ("/api/network/leave-one-out", {"house": 11}, "house"),
        ("/api/network/leave-one-out", {"house": 1, "steps": 1001}, "steps"),
        (
            "/api/network/view",
            {"layers": [{"weights": [[1.0]], "bias": [0.0]}], "extra": 1},
            "extra",
        ),
    ],
)
def test_bad_input_is_one_clear_422(client, path, body, fragment) -> None:
    r = client.post(path, json=body)
    assert r.status_code == 422
    assert fragment in r.json()["detail"]


def test_steps_per_request_are_bounded(client) -> None:
    layers = _start(client)
    r = client.post("/api/network/train", json={"layers": layers, "steps": 1001})
    assert r.status_code == 422


def test_divergence_is_reported_not_nan(client) -> None:
    layers = _start(client, activation="relu")
    r = client.post(
        "/api/network/train",
        json={"activation": "relu", "layers": layers, "steps": 300, "learning_rate": 1e6},
    )
    assert r.status_code == 200
    assert r.json()["diverged"] is True
    assert "NaN" not in r.text and "Infinity" not in r.text
