"""Replaying a learner's history (issue 13, bug 1): a schedule of runs, each with its own
rates, gives exactly what the learner saw step by step; the answers also name a good point
to go back to after a divergence, and whether a digit prediction is only a tie-break."""

from __future__ import annotations

import pytest

from nnguide.lessons.limits import MAX_STEPS_PER_REQUEST

ZERO = {"weights": [[0, 0], [0, 0]], "bias": [0, 0]}


def test_classifier_schedule_replays_a_rate_change_exactly(client) -> None:
    """100 steps at 0.5 then 10 at 10 give 8/10 (loss 0.7174); 110 at 10 would give 7/10."""
    first = client.post("/api/classify/train", json={**ZERO, "steps": 100}).json()
    then = client.post(
        "/api/classify/train",
        json={"weights": first["weights"], "bias": first["bias"], "steps": 10, "learning_rate": 10},
    ).json()
    assert then["correct"] == 8 and then["loss"] == pytest.approx(0.7174, abs=5e-5)
    replay = client.post(
        "/api/classify/train",
        json={
            **ZERO,
            "learning_rate": 10,
            "schedule": [{"steps": 100, "learning_rate": 0.5}, {"steps": 10, "learning_rate": 10}],
        },
    ).json()
    assert replay["correct"] == 8 and replay["loss"] == pytest.approx(then["loss"], rel=1e-9)
    assert len(replay["path"]) == 111 and replay["steps_taken"] == 110
    for got, want in zip(replay["weights"], then["weights"], strict=True):
        assert got == pytest.approx(want, rel=1e-9)
    all_at_10 = client.post(
        "/api/classify/train", json={**ZERO, "steps": 110, "learning_rate": 10}
    ).json()
    assert all_at_10["correct"] == 7 and all_at_10["loss"] == pytest.approx(1.6589, abs=5e-5)


def test_classifier_schedule_segments_keep_their_own_loss(client) -> None:
    body = client.post(
        "/api/classify/train",
        json={
            **ZERO,
            "loss": "mse",
            "schedule": [{"steps": 5, "loss": "cross-entropy"}, {"steps": 5, "loss": "mse"}],
        },
    ).json()
    # At zero weights every P is ½: cross-entropy ln 2, MSE (½² + ½²)/2 = ¼.
    assert body["path"][0]["loss"] == pytest.approx(0.6931, abs=1e-4)
    assert body["loss"] < 0.25  # reported with the loss asked for, MSE


def test_regression_schedule_replays_rate_changes_exactly(client) -> None:
    base = {"dataset": "houses-3", "weights": [0], "bias": 0}
    a = client.post("/api/regression/train", json={**base, "steps": 3}).json()
    b = client.post(
        "/api/regression/train",
        json={**base, "weights": a["weights"], "bias": a["bias"], "steps": 5,
              "learning_rate_bias": 0.1},
    ).json()  # fmt: skip
    replay = client.post(
        "/api/regression/train",
        json={**base, "learning_rate_bias": 0.1,
              "schedule": [{"steps": 3}, {"steps": 5, "learning_rate_bias": 0.1}]},
    ).json()  # fmt: skip
    assert replay["mse"] == pytest.approx(b["mse"], rel=1e-12)
    assert len(replay["path"]) == 9
    assert replay["first_below_goal"] == 2  # "below 799 after 2 steps", as the learner saw it
    assert [p["mse"] for p in replay["path"][3:]] == pytest.approx([p["mse"] for p in b["path"]])


def test_a_schedule_continues_after_a_divergence_from_the_last_finite_point(client) -> None:
    base = {"dataset": "houses-3", "weights": [0], "bias": 0}
    body = client.post(
        "/api/regression/train",
        json={**base, "schedule": [{"steps": 100, "learning_rate_bias": 1.0}, {"steps": 10}]},
    ).json()
    assert not body["diverged"]  # the last run, at 0.5, did not
    assert all(p["mse"] < 1e30 for p in body["path"])


def test_lowest_step_is_the_best_point_to_go_back_to(client) -> None:
    """10 good steps at 0.5, then a rate of 1 that overshoots: step 10 is the one to go back to."""
    body = client.post(
        "/api/regression/train",
        json={"dataset": "houses-3", "weights": [0], "bias": 0, "learning_rate_bias": 1.0,
              "schedule": [{"steps": 10}, {"steps": 200, "learning_rate_bias": 1.0}]},
    ).json()  # fmt: skip
    assert body["diverged"]
    errors = [p["mse"] for p in body["path"]]
    assert body["lowest_step"] == errors.index(min(errors))
    assert errors[body["lowest_step"]] < 799 < errors[-1]


@pytest.mark.parametrize("path", ["/api/regression/train", "/api/classify/train"])
def test_a_schedule_is_bounded_like_one_request(client, path: str) -> None:
    body = {"weights": [0], "bias": 0} if "regression" in path else dict(ZERO)
    too_long = {**body, "schedule": [{"steps": MAX_STEPS_PER_REQUEST}, {"steps": 1}]}
    r = client.post(path, json=too_long)
    assert r.status_code == 422 and f"at most {MAX_STEPS_PER_REQUEST} steps" in r.text
    many = {**body, "schedule": [{"steps": 1}] * 41}
    assert client.post(path, json=many).status_code == 422


def test_digits_say_when_the_answer_is_only_a_tie_break(client) -> None:
    info = client.get("/api/digits/info").json()
    assert info["start_tie"] is True and info["start_predicted"] == 0
    zero = [[0.0] * 10 for _ in range(64)]
    untrained = client.post(
        "/api/digits/predict", json={"weights": zero, "bias": [0.0] * 10, "image": [0.0] * 64}
    ).json()
    assert untrained["tie"] is True
    bias = [0.0] * 10
    bias[3] = 1.0
    leaning = client.post(
        "/api/digits/predict", json={"weights": zero, "bias": bias, "image": [0.0] * 64}
    ).json()
    assert leaning["tie"] is False and leaning["predicted"] == 3
