"""Numbers the page used to work out itself now come from the API (issue 9, item 4).

Each test pins a number the page shows: the model's line, section 3's verdicts and
goal, the first step below the goal, the guide's 0.180, the classifier's count of
Bad houses, the softmax sum and difference, the digits model's size, its untrained
answer and a mistake's top guesses.
"""

from __future__ import annotations

import pytest

from nnguide.lessons import regression


def test_line_endpoints_at_the_asked_areas(client) -> None:
    body = client.post(
        "/api/regression/evaluate",
        json={"weights": [0.18], "bias": 10, "line_x": [1400, 2600]},
    ).json()
    assert body["line"] == [[1400, pytest.approx(262.0)], [2600, pytest.approx(478.0)]]
    # Without line_x, or for two inputs, there is no line.
    assert client.post("/api/regression/evaluate", json={"weights": [0.18]}).json()["line"] is None
    two = client.post(
        "/api/regression/evaluate",
        json={"dataset": "houses-10", "weights": [0.1, 0], "line_x": [0, 1]},
    ).json()
    assert two["line"] is None


def test_line_x_needs_two_finite_areas(client) -> None:
    for bad in ([1], [1, 2, 3], [0, "1"]):
        r = client.post("/api/regression/evaluate", json={"weights": [0.18], "line_x": bad})
        assert r.status_code == 422


@pytest.mark.parametrize(
    ("weight", "bias", "code", "threshold"),
    [
        (0.18, 0, "goal", 799),  # 2,058
        (0.06, 245, "outstanding", 450),  # just above the optimum's 447.29
        (0.4, 460, "nowhere", 800_000),
        (0.0, 0, "far_off", 100_000),  # 134,972
    ],
)
def test_section_3_feedback_codes(client, weight, bias, code, threshold) -> None:
    body = client.post("/api/regression/evaluate", json={"weights": [weight], "bias": bias}).json()
    assert body["goal"] == 799
    assert (body["feedback"], body["feedback_threshold"]) == (code, threshold)


@pytest.mark.parametrize(
    ("mse", "code", "threshold"),
    [
        (798.99, "goal_reached", 799),
        (799.0, "goal", 799),
        (749.0, "nice", 750),
        (599.0, "great", 600),
        (499.0, "excellent", 500),
        (100_000, "far_off", 100_000),
        (800_000, "nowhere", 800_000),
    ],
)
def test_feedback_thresholds_follow_the_spec(mse: float, code: str, threshold: float) -> None:
    assert regression.feedback(mse) == code
    assert regression.feedback_threshold(code) == threshold


def test_first_step_below_the_goal(client) -> None:
    body = client.post(
        "/api/regression/train", json={"weights": [0], "bias": 0, "steps": 10}
    ).json()
    assert body["first_below_goal"] == 2  # "Below 799 after 2 steps" (SPEC §4, raw rates)
    assert body["path"][2]["mse"] < 799 <= body["path"][1]["mse"]
    slow = client.post("/api/regression/train", json={"weights": [0], "bias": 0, "steps": 1}).json()
    assert slow["first_below_goal"] is None


def test_the_guides_first_weight_is_0_180(client) -> None:
    info = client.get("/api/regression/datasets/houses-3").json()
    assert info["rounded_price_per_area"] == 0.18
    assert info["goal"] == 799


def test_classifier_counts_its_answers(client) -> None:
    start = client.post("/api/classify/evaluate", json={}).json()
    assert start["predicted_counts"] == [10, 0]  # a tie is scored as Good
    trained = client.post("/api/classify/train", json={"steps": 100}).json()
    bad = sum(1 for h in trained["houses"] if h["predicted"] == "Bad")
    assert trained["predicted_counts"] == [10 - bad, bad]
    assert bad == 2  # the browser test's "calls 2 of the ten houses Bad"


def test_softmax_sums_and_difference(client) -> None:
    body = client.post("/api/softmax", json={"values": [2, 4]}).json()
    assert body["probability_sum"] == pytest.approx(1.0)
    assert body["exponentials_sum"] == pytest.approx(1 + 2.718281828**-2)
    assert body["difference"] == 2
    ref = client.get("/api/softmax/reference").json()
    assert all(r["probability_sum"] == pytest.approx(1.0) for r in ref)


def test_digits_info_gives_the_model_size_and_its_untrained_answer(client) -> None:
    info = client.get("/api/digits/info").json()
    assert (info["n_features"], info["n_classes"], info["n_parameters"]) == (64, 10, 650)
    assert info["start_probabilities"] == [pytest.approx(0.1)] * 10
    assert info["start_predicted"] == 0


def test_a_mistake_lists_its_top_two_guesses(client) -> None:
    body = client.post("/api/digits/train", json={"steps": 27, "n_misclassified": 3}).json()
    assert body["misclassified"]
    for m in body["misclassified"]:
        p = m["probabilities"]
        first, second = m["top_guesses"]
        assert first == m["predicted"] and p[first] >= p[second]
        assert p[second] == max(v for i, v in enumerate(p) if i != first)
