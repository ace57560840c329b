"""The regression API reproduces SPEC's numbers and refuses bad input clearly."""

from __future__ import annotations

import json

import numpy as np
import pytest


def evaluate(client, **body):
    return client.post("/api/regression/evaluate", json=body)


def test_error_table_numbers(client) -> None:
    r = evaluate(client, dataset="houses-3", weights=[0.18], bias=0)
    assert r.status_code == 200
    body = r.json()
    assert [round(row["prediction"]) for row in body["rows"]] == [379, 288, 432]
    assert [round(row["error"]) for row in body["rows"]] == [21, 42, -63]
    assert [round(row["squared"]) for row in body["rows"]] == [449, 1756, 3969]
    assert body["mse"] == pytest.approx(2057.734, abs=1e-3)


def test_gradient_matches_finite_differences(client) -> None:
    w, b, h = 0.1, 100.0, 1e-6
    g = evaluate(client, weights=[w], bias=b).json()["gradient"]

    def mse(w_: float, b_: float) -> float:
        return evaluate(client, weights=[w_], bias=b_).json()["mse"]

    assert g["weights"][0] == pytest.approx((mse(w + h, b) - mse(w - h, b)) / (2 * h), rel=1e-4)
    assert g["bias"] == pytest.approx((mse(w, b + 1e-3) - mse(w, b - 1e-3)) / 2e-3, rel=1e-4)


def test_dataset_info_optimum_and_no_bias(client) -> None:
    info = client.get("/api/regression/datasets/houses-3").json()
    assert info["optimum"]["mse"] == pytest.approx(447.29, abs=0.005)
    assert info["optimum"]["weights"][0] == pytest.approx(0.058488, abs=1e-6)
    assert info["optimum"]["bias"] == pytest.approx(247.263, abs=1e-3)
    assert info["no_bias_optimum"]["weights"][0] == pytest.approx(0.17689, abs=1e-5)
    assert info["no_bias_optimum"]["mse"] == pytest.approx(2016.7, abs=0.05)
    assert info["price_per_area"] * 1000 == pytest.approx(180.01, abs=0.005)
    two = client.get("/api/regression/datasets/houses-10").json()["optimum"]
    assert two["weights"] == pytest.approx([0.18613, -10.0124], abs=1e-4)
    assert two["bias"] == pytest.approx(3.5754, abs=1e-3)
    assert two["mse"] == pytest.approx(1406.05, abs=0.005)


def test_predict_2000_sqft(client) -> None:
    r = client.post("/api/regression/predict", json={"weights": [0.18], "inputs": [[2000]]})
    assert r.json()["predictions"] == [pytest.approx(360.0)]


def test_train_lowers_error_and_returns_the_path(client) -> None:
    r = client.post("/api/regression/train", json={"weights": [0], "bias": 0, "steps": 100})
    body = r.json()
    assert r.status_code == 200 and not body["diverged"]
    assert len(body["path"]) == 101 and body["steps_taken"] == 100
    losses = [p["mse"] for p in body["path"]]
    assert losses[0] == pytest.approx(134972, abs=1) and losses[-1] < 799
    assert body["mse"] == pytest.approx(losses[-1])


def test_standardized_training_reaches_the_optimum(client) -> None:
    body = client.post(
        "/api/regression/train",
        json={
            "weights": [0, 0],
            "bias": 0,
            "steps": 2000,
            "dataset": "houses-10",
            "standardize": True,
            "learning_rate_weights": 0.1,
            "learning_rate_bias": 0.1,
        },
    ).json()
    assert body["mse"] == pytest.approx(1406.05, abs=0.01)
    assert body["weights"] == pytest.approx([0.18613, -10.0124], abs=1e-3)


def test_divergence_is_reported_with_finite_numbers(client) -> None:
    r = client.post(
        "/api/regression/train",
        json={"weights": [0], "bias": 0, "steps": 1000, "learning_rate_bias": 1},
    )
    assert r.status_code == 200
    body = r.json()
    assert body["diverged"] and body["steps_taken"] < 1000
    assert "Diverged" in body["message"]
    text = r.text
    assert "NaN" not in text and "Infinity" not in text
    json.loads(text)  # valid JSON


def test_compare_shows_standardizing_needs_fewer_steps(client) -> None:
    body = client.post("/api/regression/compare", json={"weights": [0], "bias": 0}).json()
    assert body["raw"]["steps_to_target"] == [2, 352, 1088]
    assert body["standardized"]["steps_to_target"] == [14, 18, 25]


def test_landscape_grid(client) -> None:
    body = client.post("/api/regression/landscape", json={"resolution": 5}).json()
    assert len(body["weights"]) == 5 and len(body["mse"]) == 5
    assert body["mse"][0][0] == pytest.approx(134972.0, abs=1)  # w = 0, b = 0


@pytest.mark.parametrize(
    ("path", "body", "fragment"),
    [
        ("/api/regression/evaluate", {"weights": [0.1, 0.2], "bias": 0}, "needs 1 weight"),
        ("/api/regression/evaluate", {"weights": [], "bias": 0}, "weights"),
        ("/api/regression/evaluate", {"weights": [1e13]}, "weights"),
        ("/api/regression/evaluate", {"weights": [0.1], "extra": 1}, "extra"),
        ("/api/regression/evaluate", {"weights": [0.1], "dataset": "nope"}, "dataset"),
        ("/api/regression/train", {"weights": [0.1], "steps": 0}, "steps"),
        ("/api/regression/train", {"weights": [0.1], "steps": 10_001}, "steps"),
        ("/api/regression/train", {"weights": [0.1], "learning_rate_bias": -1}, "learning_rate"),
        ("/api/regression/landscape", {"weight_min": 1, "weight_max": 0}, "min < max"),
        ("/api/regression/landscape", {"resolution": 100000}, "resolution"),
    ],
)
def test_invalid_input_is_a_clear_422(client, path, body, fragment) -> None:
    r = client.post(path, json=body)
    assert r.status_code == 422
    assert fragment in r.json()["detail"]


def test_nan_in_body_is_refused(client) -> None:
    raw = '{"weights": [NaN], "bias": 0}'
    r = client.post(
        "/api/regression/evaluate", content=raw, headers={"content-type": "application/json"}
    )
    assert r.status_code == 422


def test_huge_parameters_do_not_overflow(client) -> None:
    # Predictions of ~2e15 square to ~4e30: large, but finite, so they are reported exactly.
    r = evaluate(client, weights=[1e12], bias=1e12)
    assert r.status_code == 200
    assert "NaN" not in r.text and "Infinity" not in r.text
    body = r.json()
    assert body["rows"][0]["prediction"] == pytest.approx(2104e12 + 1e12)
    assert body["mse"] == pytest.approx(
        np.mean([(x * 1e12 + 1e12) ** 2 for x in (2104, 1600, 2400)]), rel=1e-9
    )


def test_a_rate_that_bounces_across_the_valley_is_explained(client) -> None:
    body = client.post(
        "/api/regression/train",
        json={
            "weights": [0],
            "bias": 0,
            "steps": 10,
            "standardize": True,
            "learning_rate_weights": 1,
            "learning_rate_bias": 1,
        },
    ).json()
    assert not body["diverged"]
    assert "not going down" in body["message"]


def test_steps_at_the_optimum_are_not_called_bouncing(client) -> None:
    body = client.post(
        "/api/regression/train",
        json={"weights": [0.0584879], "bias": 247.26327, "steps": 10},
    ).json()
    assert "not going down" not in body["message"]
