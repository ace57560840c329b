"""Limits every endpoint must enforce, read from the app's own OpenAPI so new endpoints are
held to them the moment they are added: bounded numbers, lists, strings and steps; NaN and
Infinity refused; bodies over 1 MB refused with 413; no non-finite number in any answer."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from nnguide.lessons.limits import MAX_RACE_STEPS, MAX_STEPS_PER_REQUEST
from nnguide.web import create_app
from nnguide.web.security import MAX_BODY_BYTES

SCHEMA = create_app().openapi()
COMPONENTS = SCHEMA["components"]["schemas"]
POSTS = sorted(path for path, ops in SCHEMA["paths"].items() if "post" in ops)

#: Gaps in other engineers' routers, reported to them (the 1 MB body limit still bounds
#: these). Remove an entry once it is fixed; add none without a reason.
KNOWN_GAPS: set[str] = set()


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = COMPONENTS[node["$ref"].rsplit("/", 1)[1]]
    return node


def _fields(node: dict[str, Any], where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every leaf and list in a request schema, with a dotted name."""
    node = _resolve(node)
    for option in node.get("anyOf", []) + node.get("oneOf", []) + node.get("allOf", []):
        yield from _fields(option, where)
    if node.get("type") == "object":
        for name, sub in node.get("properties", {}).items():
            yield from _fields(sub, f"{where} {name}".strip())
    elif node.get("type") == "array":
        yield where, node
        yield from _fields(node.get("items", {}), where + "[]")
    elif "type" in node:
        yield where, node


def _request_schema(path: str) -> dict[str, Any]:
    body = SCHEMA["paths"][path]["post"]["requestBody"]["content"]["application/json"]
    return body["schema"]


def _unbounded(path: str) -> set[str]:
    gaps = set()
    for name, node in _fields(_request_schema(path), path):
        kind = node["type"]
        if kind == "array" and "maxItems" not in node:
            gaps.add(name)
        if (
            kind in ("number", "integer")
            and not {"enum", "const"} & node.keys()
            and not (
                ("maximum" in node or "exclusiveMaximum" in node)
                and ("minimum" in node or "exclusiveMinimum" in node)
            )
        ):
            gaps.add(name)
        if kind == "string" and not {"enum", "const", "maxLength"} & node.keys():
            gaps.add(name)
    return gaps


def test_there_are_endpoints_to_check() -> None:
    assert "/api/regression/evaluate" in POSTS and "/api/regression/train" in POSTS


@pytest.mark.parametrize("path", POSTS)
def test_every_request_field_is_bounded(path: str) -> None:
    gaps = {g for g in _unbounded(path) if g.split("[")[0] not in KNOWN_GAPS}
    assert not gaps, f"unbounded request fields: {sorted(gaps)}"


@pytest.mark.parametrize("path", POSTS)
def test_step_counts_are_capped(path: str) -> None:
    for name, node in _fields(_request_schema(path), path):
        if name.rsplit(" ", 1)[-1].endswith("steps"):
            assert node["type"] == "integer"
            # Section 4's race keeps no snapshots: cheaper steps, a larger cap of its own.
            cap = MAX_RACE_STEPS if path.endswith("/compare") else MAX_STEPS_PER_REQUEST
            assert node["maximum"] <= cap, name


def _not_null(node: dict[str, Any]) -> dict[str, Any]:
    node = _resolve(node)
    options = [o for o in node.get("anyOf", []) if _resolve(o).get("type") != "null"]
    return _resolve(options[0]) if len(options) == 1 else node


def _number_fields(path: str) -> Iterator[tuple[str, int]]:
    """Top-level fields holding numbers, and how deeply they are nested in lists."""
    root = _resolve(_request_schema(path))
    for name, node in root.get("properties", {}).items():
        depth = 0
        node = _not_null(node)
        while node.get("type") == "array":
            node, depth = _not_null(node.get("items", {})), depth + 1
        if node.get("type") == "number":
            yield name, depth


NON_FINITE = ["NaN", "Infinity", "-Infinity", "1e999"]
CASES = [
    (path, name, depth, bad)
    for path in POSTS
    for name, depth in _number_fields(path)
    for bad in NON_FINITE
]


@pytest.mark.parametrize(("path", "name", "depth", "bad"), CASES)
def test_non_finite_numbers_are_refused(
    client: TestClient, path: str, name: str, depth: int, bad: str
) -> None:
    value = "[" * depth + bad + "]" * depth
    response = client.post(
        path, content=f'{{"{name}": {value}}}', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert any(e["loc"][1] == name and e["type"] == "finite_number" for e in errors), errors


def test_steps_over_the_cap_are_refused(client: TestClient) -> None:
    body = {"weights": [0.1], "steps": MAX_STEPS_PER_REQUEST + 1}
    response = client.post("/api/regression/train", json=body)
    assert response.status_code == 422
    assert "steps" in response.json()["detail"]


@pytest.mark.parametrize("length", [3, 10_000])
def test_long_lists_are_refused(client: TestClient, length: int) -> None:
    response = client.post("/api/regression/evaluate", json={"weights": [0.1] * length})
    assert response.status_code == 422
    assert "weights" in response.json()["detail"]


def _big(size: int) -> bytes:
    return b'{"weights": [' + b" " * (size - 16) + b"0]}"


def test_body_at_the_limit_is_read(client: TestClient) -> None:
    body = _big(MAX_BODY_BYTES)
    assert len(body) == MAX_BODY_BYTES
    response = client.post(
        "/api/regression/evaluate", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 200


def test_body_over_the_limit_with_content_length(client: TestClient) -> None:
    response = client.post(
        "/api/regression/evaluate",
        content=_big(MAX_BODY_BYTES + 1),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]


@pytest.mark.parametrize("chunk", [1, 64 * 1024, MAX_BODY_BYTES + 1])
def test_chunked_body_over_the_limit(client: TestClient, chunk: int) -> None:
    """No Content-Length (chunked transfer): counted as it arrives, refused past the limit."""
    body = _big(MAX_BODY_BYTES + 1)
    chunks = [body[i : i + chunk] for i in range(0, len(body), chunk)] if chunk > 1 else []
    if chunk == 1:  # one small piece, then the rest: the limit is crossed mid-stream
        chunks = [body[:10], body[10:]]

    response = client.post(
        "/api/regression/evaluate",
        content=iter(chunks),
        headers={"content-type": "application/json"},
    )
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]


def test_chunked_body_under_the_limit_is_fine(client: TestClient) -> None:
    response = client.post(
        "/api/regression/evaluate",
        content=iter([b'{"weights"', b": [0.18]}"]),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 200


def _strict_json(text: str) -> Any:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in a response")

    return json.loads(text, parse_constant=refuse)


EXTREMES = [
    ("/api/regression/evaluate", {"weights": [1e12], "bias": -1e12}),
    ("/api/regression/evaluate", {"weights": [-1e12], "learning_rate_weights": 1e6}),
    ("/api/regression/train", {"weights": [1e12], "learning_rate_weights": 1e6, "steps": 2_000}),
    ("/api/regression/train", {"weights": [0.0], "learning_rate_bias": 1e6, "steps": 50}),
    ("/api/regression/train", {"dataset": "houses-10", "weights": [1e12, -1e12], "steps": 100}),
    ("/api/regression/predict", {"weights": [1e12, 1e12], "inputs": [[1e12, 1e12]] * 100}),
    ("/api/regression/landscape", {"weight_min": -1e12, "weight_max": 1e12, "resolution": 101}),
    ("/api/softmax", {"values": [1e12, -1e12, 0.0] + [5e-324] * 17}),
]


@pytest.mark.parametrize(("path", "body"), EXTREMES)
def test_extreme_values_give_finite_answers_or_a_reason(
    client: TestClient, path: str, body: dict[str, Any]
) -> None:
    response = client.post(path, json=body)
    assert response.status_code in (200, 422), response.text
    payload = _strict_json(response.text)
    if response.status_code == 422:
        assert isinstance(payload["detail"], str) and payload["detail"]


def test_an_unexpected_non_finite_becomes_a_clean_422() -> None:
    """The guard for what validation cannot foresee: a route that computes a NaN."""
    app = create_app()

    @app.get("/api/nan")
    def nan() -> dict[str, list[float]]:
        return {"values": [1.0, math.inf, math.nan]}

    response = TestClient(app, base_url="http://localhost").get("/api/nan")
    assert response.status_code == 422
    assert "not a finite number" in _strict_json(response.text)["detail"]
