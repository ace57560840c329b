"""The drawing pad reads clean drawn digits.

Digits are drawn as pen strokes (polylines through points given as fractions
of the pad), rasterised into the same ink grid the page sends (56 × 56 cells,
coverage 0–1, round pen 1/8 of the pad wide), and read through the same
``ink`` → image path of ``/api/digits/predict``, by a model trained through
``/api/digits/train`` the page's way: one epoch per request.
"""

from __future__ import annotations

import numpy as np
import pytest
from fastapi.testclient import TestClient
from numpy.typing import NDArray

TRAIN, PREDICT = "/api/digits/train", "/api/digits/predict"
GRID = 56  # pad.js: cells a side
PEN = 1 / 8  # pad.js: line width as a share of the pad

Stroke = list[tuple[float, float]]


def rasterise(strokes: list[Stroke], grid: int = GRID, pen: float = PEN) -> NDArray[np.float64]:
    """How much of each cell a round pen covers along the polylines (4 × 4 samples a cell)."""
    n = grid * 4
    centres = (np.arange(n) + 0.5) / n
    yy, xx = np.meshgrid(centres, centres, indexing="ij")
    inked = np.zeros((n, n), bool)
    for points in strokes:
        pts = np.asarray(points if len(points) > 1 else points * 2, float)
        for (x0, y0), (x1, y1) in zip(pts[:-1], pts[1:], strict=True):
            dx, dy = x1 - x0, y1 - y0
            length2 = dx * dx + dy * dy or 1.0
            t = np.clip(((xx - x0) * dx + (yy - y0) * dy) / length2, 0, 1)
            inked |= (xx - x0 - t * dx) ** 2 + (yy - y0 - t * dy) ** 2 <= (pen / 2) ** 2
    coverage = inked.reshape(grid, 4, grid, 4).mean(axis=(1, 3))
    return np.round(coverage, 2)  # the page sends two decimals


def arc(cx: float, cy: float, rx: float, ry: float, start: float, end: float) -> Stroke:
    """Points along an ellipse; angles in turns, 0 at the top, going clockwise."""
    t = np.linspace(start, end, 40) * 2 * np.pi
    return list(zip((cx + rx * np.sin(t)).tolist(), (cy - ry * np.cos(t)).tolist(), strict=True))


DRAWN: dict[str, tuple[int, list[Stroke]]] = {
    "0": (0, [arc(0.5, 0.5, 0.22, 0.35, 0, 1)]),
    "wide 0": (0, [arc(0.5, 0.5, 0.3, 0.35, 0, 1)]),  # ink would reach the blank edge columns
    "1": (1, [[(0.5, 0.15), (0.5, 0.85)]]),
    "7": (7, [[(0.25, 0.2), (0.75, 0.2), (0.45, 0.85)]]),
    "2": (2, [arc(0.5, 0.35, 0.22, 0.18, -0.25, 0.375) + [(0.27, 0.82), (0.75, 0.82)]]),
    "3": (3, [arc(0.5, 0.32, 0.2, 0.17, -0.175, 0.5) + arc(0.5, 0.67, 0.22, 0.18, 0, 0.65)]),
    "4": (4, [[(0.6, 0.15), (0.25, 0.6), (0.78, 0.6)], [(0.62, 0.35), (0.62, 0.85)]]),
    "5": (5, [[(0.72, 0.18), (0.32, 0.18), (0.3, 0.45)] + arc(0.5, 0.63, 0.22, 0.2, -0.3, 0.675)]),
    "6": (6, [[(0.62, 0.15), (0.46, 0.3), (0.36, 0.5)] + arc(0.52, 0.67, 0.17, 0.18, -0.25, 0.75)]),
    "9": (9, [arc(0.5, 0.33, 0.2, 0.18, 0, 1), [(0.7, 0.33), (0.65, 0.85)]]),
}
# Known limits, not tested as failures: a "1" drawn with a flag reads as 3 and an "8" of two
# round loops as 9 after the default training. A linear model on 8×8 pixels has no notion of
# strokes, and those drawings put ink where the training pictures of another digit have theirs.


@pytest.fixture(scope="module")
def models(client: TestClient) -> dict[int, dict]:
    """Weights after 1 epoch and after the default 36, trained one epoch per request."""
    info = client.get("/api/digits/info").json()
    state: dict = {}
    step, kept = 0, {}
    for epoch in range(1, info["epochs"] + 1):
        body = client.post(
            TRAIN, json={**state, "step": step, "steps": info["steps_per_epoch"]}
        ).json()
        state, step = {"weights": body["weights"], "bias": body["bias"]}, body["step"]
        if epoch in (1, info["epochs"]):
            kept[epoch] = state
    assert body["history"][-1]["test_accuracy"] >= 0.96
    return kept


def read(client: TestClient, model: dict, strokes: list[Stroke]) -> tuple[int, float, list]:
    body = client.post(PREDICT, json={**model, "ink": rasterise(strokes).tolist()}).json()
    probs = body["probabilities"]
    return body["predicted"], probs[body["predicted"]], body["image"]


@pytest.mark.parametrize("name", list(DRAWN))
def test_a_clean_drawing_is_read_right_after_default_training(
    client: TestClient, models: dict[int, dict], name: str
) -> None:
    digit, strokes = DRAWN[name]
    predicted, p, image = read(client, models[36], strokes)
    assert (predicted, name) == (digit, name)
    assert p > 0.5
    pixels = np.asarray(image).reshape(8, 8)
    assert pixels[:, 0].sum() == 0 and pixels[:, 7].sum() == 0  # blank edges, as in training


@pytest.mark.parametrize("name", ["0", "wide 0", "1", "7"])
def test_zero_one_and_seven_are_read_right_after_one_epoch(
    client: TestClient, models: dict[int, dict], name: str
) -> None:
    digit, strokes = DRAWN[name]
    assert read(client, models[1], strokes)[0] == digit
