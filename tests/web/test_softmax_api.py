"""POST /api/softmax: the SPEC §6 reference table, and clear 422s for bad input."""

from __future__ import annotations

import math

import pytest

SPEC_TABLE = [
    ([1], [1.0]),
    ([1, 1], [0.5, 0.5]),
    ([0, 1], [0.2689, 0.7311]),
    ([2, 4], [0.1192, 0.8808]),
    ([5, 10], [0.0067, 0.9933]),
    ([-1, 0, 1], [0.0900, 0.2447, 0.6652]),
    ([1, 2, 4], [0.0420, 0.1142, 0.8438]),
]


@pytest.mark.parametrize(("values", "expected"), SPEC_TABLE)
def test_spec_reference_rows_round_to_the_table(client, values, expected) -> None:
    r = client.post("/api/softmax", json={"values": values})
    assert r.status_code == 200
    probs = r.json()["probabilities"]
    assert [round(p, 4) for p in probs] == expected
    assert math.isclose(sum(probs), 1.0, rel_tol=1e-12)


def test_doubling_two_to_four_multiplies_the_share_by_e_squared(client) -> None:
    body = client.post("/api/softmax", json={"values": [2, 4]}).json()
    assert body["largest"] == 1 and body["smallest"] == 0
    assert body["ratio"] == pytest.approx(math.e**2)
    assert round(body["ratio"], 1) == 7.4


def test_huge_values_stay_finite(client) -> None:
    body = client.post("/api/softmax", json={"values": [1e12, -1e12, 0]}).json()
    assert body["probabilities"] == [1.0, 0.0, 0.0]
    assert body["ratio"] is None


def test_reference_endpoint_lists_the_spec_rows(client) -> None:
    rows = client.get("/api/softmax/reference").json()
    assert [r["values"] for r in rows] == [[float(v) for v in vs] for vs, _ in SPEC_TABLE]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"values": []}, "at least 1"),
        ({"values": list(range(21))}, "at most 20"),
        ({"values": ["two"]}, "values"),
        ({"values": [1, None]}, "values"),
        ({}, "values"),
        ({"values": [1], "extra": 1}, "extra"),
    ],
)
def test_invalid_input_is_a_clear_422(client, body, fragment) -> None:
    r = client.post("/api/softmax", json=body)
    assert r.status_code == 422
    assert fragment in r.json()["detail"]


def test_non_finite_numbers_are_refused(client) -> None:
    r = client.post(
        "/api/softmax",
        content=b'{"values": [1, NaN]}',
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 422


def test_parameter_count_for_a_shape(client) -> None:
    body = client.get("/api/shapes/parameters?features=3&classes=4").json()
    assert {k: body[k] for k in ("features", "classes", "weights", "biases", "parameters")} == {
        "features": 3,
        "classes": 4,
        "weights": 12,
        "biases": 4,
        "parameters": 16,
    }
    assert body["sizes"] == [3, 4] and body["hidden"] == []
    assert client.get("/api/shapes/parameters?features=784&classes=10").json()["parameters"] == 7850


def test_parameter_count_rejects_bad_shapes(client) -> None:
    for query in (
        "features=0&classes=2",
        "features=2&classes=1001",
        "features=x&classes=2",
        "features=2&classes=2&hidden=8,x",
        "features=2&classes=2&hidden=1001",
        "features=2&classes=2&hidden=1,1,1,1,1,1,1",
    ):
        assert client.get(f"/api/shapes/parameters?{query}").status_code == 422
