"""Section 8's API: stateless training reaches the quality bar; bad images are refused."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnguide.core.drawing import to_digits_image, to_mnist_image

TRAIN, PREDICT = "/api/digits/train", "/api/digits/predict"


def test_info_describes_the_default_set(client) -> None:
    info = client.get("/api/digits/info").json()
    assert (info["side"], info["n_train"], info["n_test"]) == (8, 1347, 450)
    assert info["steps_per_epoch"] == 27 and info["start"]["test_loss"] == pytest.approx(
        math.log(10)
    )
    assert info["pixel_spread"] == pytest.approx(6.02, abs=0.01)
    # Untrained, ties go to digit 0: the matrix has one full column, matching the accuracy.
    start = np.asarray(info["start_confusion"])
    assert start.sum() == 450 and start[:, 0].sum() == 450
    assert start[0, 0] / 450 == info["start"]["test_accuracy"]


def test_pixels_share_one_spread() -> None:
    """No pixel is divided by its own tiny spread: a rarely inked one stays a small input."""
    from nnguide.lessons.digits import digits_problem

    p = digits_problem()
    assert np.all(p.scaler.scale == p.spread)
    assert np.abs(p.train.X).max() < 3 and np.abs(p.X_test).max() < 3


def test_default_training_in_chunks_reaches_96_percent(client) -> None:
    """The page's way: one epoch per request, weights round-tripped as JSON."""
    info = client.get("/api/digits/info").json()
    state: dict = {}
    step = 0
    for _ in range(info["epochs"]):
        body = client.post(TRAIN, json={**state, "step": step, "steps": 27}).json()
        assert not body["diverged"]
        state, step = {"weights": body["weights"], "bias": body["bias"]}, body["step"]
    last = body["history"][-1]
    assert step == 972 and last["epoch"] == 36
    assert last["test_accuracy"] >= 0.96
    assert sum(map(sum, body["confusion"])) == 450
    correct = sum(body["confusion"][i][i] for i in range(10))
    assert correct / 450 == last["test_accuracy"]
    for m in body["misclassified"]:
        assert m["label"] != m["predicted"] and len(m["image"]) == 64
        assert sum(m["probabilities"]) == pytest.approx(1)
        assert int(np.argmax(m["probabilities"])) == m["predicted"]


def test_training_resumes_exactly_where_it_stopped(client) -> None:
    one = client.post(TRAIN, json={"steps": 40}).json()
    first = client.post(TRAIN, json={"steps": 15}).json()
    rest = client.post(
        TRAIN, json={"weights": first["weights"], "bias": first["bias"], "step": 15, "steps": 25}
    ).json()
    np.testing.assert_allclose(rest["weights"], one["weights"], rtol=1e-12, atol=1e-12)
    assert len(one["history"]) == 20 and one["history"][-1]["step"] == 40
    assert [p[0] for p in one["batch_losses"]] == list(range(1, 41))


def test_a_huge_learning_rate_diverges_without_nan(client) -> None:
    res = client.post(TRAIN, json={"steps": 200, "learning_rate": 1e6})
    assert res.status_code == 200
    body = res.json()  # the client parses strict JSON: NaN would not survive
    assert all(math.isfinite(v) for row in body["weights"] for v in row)


def test_predict_gives_ten_probabilities(client) -> None:
    trained = client.post(TRAIN, json={"steps": 100}).json()
    model = {"weights": trained["weights"], "bias": trained["bias"]}
    from nnguide.data.digits import digits_arrays

    X, y = digits_arrays()
    body = client.post(PREDICT, json={**model, "image": X[0].tolist()}).json()
    assert len(body["probabilities"]) == 10 and sum(body["probabilities"]) == pytest.approx(1)
    assert body["predicted"] == y[0]
    ink = np.zeros((64, 64))
    ink[8:56, 30:35] = 1.0  # a one, drawn as a vertical stroke
    drawn = client.post(PREDICT, json={**model, "ink": ink.tolist()}).json()
    assert drawn["image"] == to_digits_image(ink).tolist()
    assert max(drawn["image"]) >= 8 and sum(drawn["probabilities"]) == pytest.approx(1)


BAD_PREDICT = [
    ({"image": [0] * 63}, "exactly 64 pixels"),
    ({"image": [0] * 784}, "exactly 64 pixels"),
    ({"image": [0] * 63 + [17]}, "from 0 to 16"),
    ({"image": [0] * 63 + [-1]}, "from 0 to 16"),
    ({"image": [0] * 63 + [float("nan")]}, "finite number"),
    ({"image": [0] * 63 + [float("inf")]}, "finite number"),
    ({"image": [0] * 63 + ["NaN"]}, "valid number"),
    ({"ink": [[0.5] * 8] * 7 + [[float("nan")] * 8]}, "finite number"),
    ({"image": [0] * 63 + ["x"]}, "number"),
    ({}, "either image or ink"),
    ({"image": [0] * 64, "ink": [[0] * 8] * 8}, "either image or ink"),
    ({"ink": [[0] * 8] * 7}, "square grid"),
    ({"ink": [[0] * 200] * 200}, "at most 128 items"),
    ({"ink": [[2] * 8] * 8}, "from 0 to 1"),
    ({"image": [0] * 64, "weights": [[0] * 10] * 63, "bias": [0] * 10}, "64 rows"),
    ({"image": [0] * 64, "weights": [[0] * 10] * 64}, "weights and bias"),
    ({"image": [0] * 64, "weights": [[0] * 10] * 64, "bias": [0] * 9}, "10 numbers"),
    ({"image": [0] * 64, "dataset": "cifar"}, "dataset"),
    ({"image": [0] * 64, "colour": "red"}, "colour"),
]


@pytest.mark.parametrize(("body", "expect"), BAD_PREDICT)
def test_bad_predict_requests_are_422_with_a_clear_message(client, body, expect) -> None:
    import json

    res = client.post(
        PREDICT, content=json.dumps(body), headers={"Content-Type": "application/json"}
    )
    assert res.status_code == 422
    assert expect in res.json()["detail"]


@pytest.mark.parametrize(
    ("body", "expect"),
    [
        ({"steps": 2_001}, "less than or equal to 2000"),
        ({"steps": 0}, "greater than or equal to 1"),
        ({"learning_rate": -1}, "greater than 0"),
        ({"batch_size": 0}, "greater than or equal to 1"),
        ({"weights": [[1e13] * 10] * 64, "bias": [0] * 10}, "less than or equal to"),
        ({"step": -5}, "greater than or equal to 0"),
        # The batch is capped at all 1,347 rows, but 10,000 such steps (~8 s of CPU) are far
        # past one request's budget: the answer says how many steps fit.
        ({"steps": 2_000, "batch_size": 60_000, "dataset": "digits"}, "too much work"),
        ({"steps": 2_000, "batch_size": 1347}, "at most 187 steps of batch size 1347"),
        ({"hidden": 64}, "send layers"),
        ({"hidden": 64, "layers": [{"weights": [[0.0]], "bias": [0.0]}] * 2}, "do not fit"),
        ({"hidden": 64, "dataset": "mnist"}, "8×8 digits only"),
    ],
)
def test_bad_train_requests_are_422(client, body, expect) -> None:
    res = client.post(TRAIN, json=body)
    assert res.status_code == 422 and expect in res.json()["detail"]


def test_the_largest_admitted_request_is_taken_whole(client) -> None:
    info = client.get("/api/digits/info").json()
    steps = info["max_steps_per_request"]
    res = client.post(TRAIN, json={"steps": steps})
    assert res.status_code == 200 and res.json()["steps_taken"] == steps
    assert client.post(TRAIN, json={"steps": steps + 1}).status_code == 422


def test_a_hidden_layer_trains_from_its_seeded_start(client) -> None:
    info = client.get("/api/digits/info").json()
    deep = info["deep"]
    assert deep["hidden"] == 256 and deep["n_parameters"] == 64 * 256 + 256 + 256 * 10 + 10
    layers = client.post("/api/digits/start", json={"hidden": 32, "seed": 3}).json()
    assert [len(layers[0]["weights"]), len(layers[0]["bias"]), len(layers[1]["bias"])] == [
        64,
        32,
        10,
    ]
    body = {"hidden": 32, "layers": layers, "steps": deep["steps_per_epoch"]}
    res = client.post(TRAIN, json=body)
    assert res.status_code == 200
    trained = res.json()
    assert trained["weights"] is None and len(trained["layers"]) == 2
    assert trained["history"][-1]["test_accuracy"] > 0.85  # one epoch of a small hidden layer
    image = [0.0] * 64
    pred = client.post(PREDICT, json={"hidden": 32, "layers": trained["layers"], "image": image})
    assert pred.status_code == 200 and sum(pred.json()["probabilities"]) == pytest.approx(1)


def test_mnist_without_files_is_a_clear_404(client, monkeypatch, tmp_path) -> None:
    from nnguide.lessons import digits as digits_problem

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("NNGUIDE_MNIST", raising=False)
    digits_problem.mnist_problem.cache_clear()
    res = client.post(PREDICT, json={"dataset": "mnist", "image": [0] * 784})
    assert res.status_code == 404 and "never downloads" in res.json()["detail"]


def test_drawing_is_prepared_like_the_training_images() -> None:
    ink = np.zeros((40, 40))
    ink[5:35, 18:21] = 1.0
    image = to_digits_image(ink).reshape(8, 8)
    assert image.max() <= 16 and image.min() == 0
    assert image[:, 0].sum() == 0 and image.sum(axis=1).min() > 0  # centred, full height
    assert to_digits_image(np.zeros((16, 16))).sum() == 0
    # A drawing as wide as it is tall keeps the outer columns blank, as every training digit
    # (nearly) does: it is squeezed to the middle 6 columns and stretched to all 8 rows.
    block = to_digits_image(np.ones((20, 20))).reshape(8, 8)
    assert block[:, [0, 7]].sum() == 0 and np.all(block[:, 1:7] == 16)
    wide = to_digits_image(np.pad(np.ones((10, 40)), 5)).reshape(8, 8)
    assert wide[:, [0, 7]].sum() == 0 and wide.sum(axis=1).min() > 0
    # A bare stroke is widened to about 3 columns, like the set's narrower 1s.
    stroke = to_digits_image(np.pad(np.ones((40, 2)), 4)).reshape(8, 8)
    assert (stroke.max(axis=0) >= 4).sum() in (3, 4)
    mnist = to_mnist_image(ink).reshape(28, 28)
    assert mnist[:4].sum() == 0 and mnist[4:24].sum(axis=1).min() > 0  # 20-pixel box in 28


def test_mnist_when_the_files_are_configured(client, monkeypatch, tmp_path) -> None:
    from nnguide.lessons import digits as digits_problem

    rng = np.random.default_rng(0)
    for stem, n in (("train", 40), ("t10k", 20)):
        y = np.arange(n) % 10
        images = np.zeros((n, 28, 28), np.uint8)
        for i, digit in enumerate(y):
            images[i, 2 * digit : 2 * digit + 3, 4:24] = rng.integers(150, 256, (3, 20))
        for kind, arr in (("images-idx3", images), ("labels-idx1", y.astype(np.uint8))):
            header = (0x0800 | arr.ndim).to_bytes(4, "big")
            header += b"".join(d.to_bytes(4, "big") for d in arr.shape)
            (tmp_path / f"{stem}-{kind}-ubyte").write_bytes(header + arr.tobytes())
    monkeypatch.setenv("NNGUIDE_MNIST", str(tmp_path))
    digits_problem.mnist_problem.cache_clear()
    try:
        info = client.get("/api/digits/info", params={"dataset": "mnist"}).json()
        assert (info["side"], info["n_train"], info["n_test"]) == (28, 40, 20)
        body = client.post(TRAIN, json={"dataset": "mnist", "steps": 30}).json()
        assert len(body["weights"]) == 784 and body["history"][-1]["test_accuracy"] == 1.0
        model = {"dataset": "mnist", "weights": body["weights"], "bias": body["bias"]}
        image = np.zeros((28, 28))
        image[6:9, 4:24] = 1.0  # digit 3's band, as a 0–1 image
        res = client.post(PREDICT, json={**model, "image": image.ravel().tolist(), "pixel_max": 1})
        assert res.json()["predicted"] == 3 and max(res.json()["image"]) == 255
        bad = client.post(PREDICT, json={**model, "image": [0] * 64})
        assert bad.status_code == 422 and "784 pixels" in bad.json()["detail"]
        over = client.post(PREDICT, json={**model, "image": [256] + [0] * 783})
        assert over.status_code == 422 and "0 to 255" in over.json()["detail"]
        short = client.post(
            TRAIN, json={"dataset": "mnist", "weights": [[0] * 10] * 64, "bias": [0] * 10}
        )
        assert short.status_code == 422 and "784 rows" in short.json()["detail"]
    finally:
        digits_problem.mnist_problem.cache_clear()
