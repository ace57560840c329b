"""The kernel side of the widgets' api, message in → answer out, with hostile messages.

Whatever a page (or anyone with the notebook's comm) sends, the answer is one JSON-ready
object with the call's id and either the data or one readable sentence: the same refusals
the HTTP API gives (NaN, infinity, wrong types, wrong shapes, unknown fields, huge bodies),
never a traceback, never NaN in the answer.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnguide.core import SoftmaxClassifier
from nnguide.lessons.regions import MAX_WORK
from nnguide.web.routers.regression import LandscapeRequest
from nnguide.widgets import Classifier, DigitsPad, GradientDescent, Network
from nnguide.widgets.dispatch import INTERNAL, MAX_MESSAGE_BYTES, Dispatcher, Endpoint
from nnguide.widgets.requests import Describe, RegionsTrainRequest

X3, Y3 = [1400, 1600, 2600], [280, 300, 450]


def _fuzzed() -> list:
    rng = np.random.default_rng(2)
    X = rng.normal(size=(30, 2))
    pad_model = SoftmaxClassifier(max_steps=2).fit(rng.uniform(0, 16, (20, 64)), np.arange(20) % 10)
    return [
        GradientDescent(X3, Y3),
        Classifier(X, np.arange(30) % 3),
        Network(),
        DigitsPad(pad_model),
    ]


#: One widget of each kind, for the fuzz test at the end.
FUZZED = _fuzzed()


@pytest.fixture(scope="module")
def descent() -> GradientDescent:
    return GradientDescent(X3, Y3)


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    rng = np.random.default_rng(1)
    X = rng.normal(size=(60, 2)) + np.repeat([[0, 0], [3, 0], [0, 3]], 20, axis=0)
    return Classifier(X, np.repeat([0, 1, 2], 20))


def ask(widget, name: str, args=None, **extra):  # noqa: ANN001, ANN201
    """The widget's reply to one call, as the page receives it (checked to be plain JSON)."""
    reply = widget._dispatcher.answer({"id": 7, "name": name, "args": args, **extra})
    json.dumps(reply, allow_nan=False)
    return reply


def refused(reply: dict, *words: str) -> None:
    assert reply["ok"] is False, reply
    error = reply["error"]
    assert "\n" not in error and "Traceback" not in error and len(error) < 600
    for word in words:
        assert word in error, error


def test_an_answer_carries_the_id_and_the_lessons_numbers(descent: GradientDescent) -> None:
    reply = ask(descent, "regression.evaluate", {"weights": [0.15], "bias": 50.0})
    assert reply["id"] == 7 and reply["ok"] is True
    data = reply["data"]
    # 0.15·x + 50 against y: errors 20, 10, 10 → MSE (400 + 100 + 100) / 3.
    assert data["mse"] == pytest.approx(200.0)
    assert [r["error"] for r in data["rows"]] == pytest.approx([20.0, 10.0, 10.0])


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ({"weights": [float("nan")], "bias": 0.0}, ["weights.0", "finite"]),
        ({"weights": [0.1], "bias": float("inf")}, ["bias", "finite"]),
        ({"weights": ["NaN"], "bias": 0.0}, ["weights.0", "number"]),
        ({"weights": [0.1], "bias": "0"}, ["bias"]),
        ({"weights": [0.1, 0.2], "bias": 0.0}, ["1 input", "1 weight"]),
        ({"weights": [], "bias": 0.0}, ["weights"]),
        ({"weights": [1e13], "bias": 0.0}, ["weights.0", "less than or equal"]),
        ({"weights": [0.1], "bias": 0.0, "colour": "red"}, ["colour", "not permitted"]),
        ({"weights": [0.1], "bias": 0.0, "standardize": 1}, ["standardize", "boolean"]),
        ({"weights": [0.1], "bias": 0.0, "learning_rate_bias": 0}, ["learning_rate_bias"]),
        ({"weights": [0.1], "bias": 0.0, "dataset": "portland"}, ["dataset", "its own"]),
        ({"bias": 0.0}, ["weights", "required"]),
    ],
)
def test_hostile_arguments_get_the_http_apis_refusals(
    descent: GradientDescent, args: dict, words: list[str]
) -> None:
    refused(ask(descent, "regression.evaluate", args), *words)


def test_refusals_list_where_and_why(descent: GradientDescent) -> None:
    reply = ask(descent, "regression.evaluate", {"weights": [float("nan")], "bias": 0.0, "x": 1})
    assert {tuple(e["loc"]) for e in reply["errors"]} == {("weights", 0), ("x",)}


def test_huge_arguments_are_refused_before_validation(descent: GradientDescent) -> None:
    big = [0.0] * (MAX_MESSAGE_BYTES // 4)
    refused(ask(descent, "regression.evaluate", {"weights": big, "bias": 0.0}), "too large")


def test_training_has_bounded_work(descent: GradientDescent, classifier: Classifier) -> None:
    base = {"weights": [0.0], "bias": 0.0}
    refused(ask(descent, "regression.train", {**base, "steps": 10_001}), "steps")
    refused(ask(descent, "regression.train", {**base, "steps": 0}), "steps")
    # The classifier's work is points × classes × steps: past MAX_WORK it says how far to go.
    most = MAX_WORK // (60 * 3)
    args = {
        "weights": [[0, 0, 0], [0, 0, 0]],
        "bias": [0, 0, 0],
        "x_range": [-3, 6],
        "y_range": [-3, 6],
        "steps": most + 1,
    }
    if most + 1 <= 10_000:
        refused(ask(classifier, "regions.train", args), f"at most {most} steps")
    assert ask(classifier, "regions.train", {**args, "steps": 5})["ok"]


def test_a_walk_that_blows_up_stops_at_its_last_finite_point(descent: GradientDescent) -> None:
    reply = ask(
        descent,
        "regression.train",
        {"weights": [0.0], "bias": 0.0, "steps": 50, "learning_rate_weights": 1e6},
    )
    assert reply["ok"] and reply["data"]["diverged"] is True  # last finite point, flagged
    assert all(math.isfinite(p["mse"]) for p in reply["data"]["path"])


def test_classifier_shapes_follow_the_data(classifier: Classifier) -> None:
    good = {
        "weights": [[0, 0, 0], [0, 0, 0]],
        "bias": [0, 0, 0],
        "x_range": [-3, 6],
        "y_range": [-3, 6],
    }
    assert ask(classifier, "regions.evaluate", good)["ok"]
    refused(ask(classifier, "regions.evaluate", {**good, "bias": [0, 0]}), "3 classes")
    refused(ask(classifier, "regions.evaluate", {**good, "weights": [[0, 0, 0]]}), "weights")
    refused(ask(classifier, "regions.evaluate", {**good, "x_range": [6, -3]}), "low < high")
    refused(ask(classifier, "regions.evaluate", {**good, "loss": "hinge"}), "loss")
    refused(ask(classifier, "regions.evaluate", {**good, "resolution": 10_000}), "resolution")


def test_bound_fields_cannot_be_sent() -> None:
    model = SoftmaxClassifier(max_steps=5).fit(
        np.random.default_rng(0).uniform(0, 16, size=(40, 64)), np.arange(40) % 10
    )
    pad = DigitsPad(model)
    ink = [[0.0] * 8 for _ in range(8)]
    ink[3][3] = 1.0
    assert ask(pad, "digits.predict", {"ink": ink})["ok"]
    refused(ask(pad, "digits.predict", {"ink": ink, "weights": [[0.0] * 10] * 64}), "weights")
    refused(ask(pad, "digits.predict", {"ink": ink, "dataset": "mnist"}), "dataset")
    refused(ask(pad, "digits.predict", {"ink": [[2.0] * 8] * 8}), "0 to 1")
    refused(ask(pad, "digits.predict", {"ink": [[0.5] * 9] * 8}), "square")


@pytest.mark.parametrize(
    ("message", "words"),
    [
        ("not an object", ["name and args"]),
        ({"id": 1, "name": "nope.nothing", "args": {}}, ["no call named"]),
        ({"id": 1, "name": ["regression", "evaluate"], "args": {}}, ["no call named"]),
        ({"id": 1, "name": "regression.evaluate", "args": [0.1, 0.0]}, ["args must be an object"]),
        ({"id": 1, "name": "regression.evaluate", "args": {}, "eval": "x"}, ["eval"]),
    ],
)
def test_malformed_messages(descent: GradientDescent, message: object, words: list[str]) -> None:
    reply = descent._dispatcher.answer(message)
    refused(reply, *words)
    assert reply["id"] in (1, None)


def test_odd_ids_are_not_echoed() -> None:
    d = Network()._dispatcher
    for ident in ({"a": 1}, [1], True, None, 1.5):
        assert d.answer({"id": ident, "name": "x"})["id"] is None
    assert d.answer({"id": "view:3", "name": "x"})["id"] == "view:3"


def test_a_crash_is_one_sentence_and_a_log_line(caplog: pytest.LogCaptureFixture) -> None:
    def boom(_req: Describe) -> None:
        raise RuntimeError("secret internals /etc/passwd")

    def nan(_req: Describe) -> dict:
        return {"value": float("nan")}

    d = Dispatcher({"x.boom": Endpoint(Describe, boom), "x.nan": Endpoint(Describe, nan)})
    reply = d.answer({"id": 1, "name": "x.boom"})
    assert reply == {"id": 1, "ok": False, "error": INTERNAL}
    assert "secret internals" in caplog.text  # for whoever runs the kernel, not the page
    refused(d.answer({"id": 2, "name": "x.nan"}), "not a finite number")


def test_the_comm_round_trip(descent: GradientDescent, monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[dict] = []
    monkeypatch.setattr(descent, "send", lambda content, buffers=None: sent.append(content))
    call = {"type": "nnguide:call", "id": "v:1", "name": "regression.evaluate"}
    descent._on_message(descent, {**call, "args": {"weights": [0.1], "bias": 0.0}}, [])
    descent._on_message(descent, {"type": "something else", "id": 2}, [])  # not ours: ignored
    assert len(sent) == 1
    assert sent[0]["type"] == "nnguide:answer" and sent[0]["id"] == "v:1" and sent[0]["ok"]


def test_fields_are_the_request_models_less_what_the_kernel_fills(
    descent: GradientDescent, classifier: Classifier
) -> None:
    fields = descent._fields
    assert "dataset" not in fields["regression.evaluate"]
    assert fields["regression.evaluate"]["learning_rate_bias"]["default"] == 0.5
    landscape = LandscapeRequest.model_json_schema()["properties"]["resolution"]
    assert fields["regression.landscape"]["resolution"]["maximum"] == landscape["maximum"]
    assert Network()._fields["shapes.parameters"]["features"]["maximum"] == 1000
    train = classifier._fields["regions.train"]
    assert train["loss"]["enum"] == ["cross-entropy", "mse"] and train["loss"]["default"]
    assert (
        train["steps"]["maximum"]
        == RegionsTrainRequest.model_json_schema()["properties"]["steps"]["maximum"]
    )


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=12), inner, max_size=6)
    ),
    max_leaves=30,
)
_FIELDS = ["weights", "bias", "steps", "line_x", "standardize", "learning_rate_weights",
           "loss", "x_range", "y_range", "resolution", "features", "classes", "hidden", "ink",
           "dataset"]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(
        [
            "regression.evaluate",
            "regression.train",
            "regression.landscape",
            "regions.train",
            "regions.evaluate",
            "shapes.parameters",
            "digits.predict",
            "nope",
        ]
    ),  # fmt: skip
    args=st.dictionaries(st.sampled_from(_FIELDS) | st.text(max_size=8), _json, max_size=6),
)
def test_any_message_gets_one_plain_answer(name: str, args: dict) -> None:
    for widget in FUZZED:
        reply = widget._dispatcher.answer({"id": 1, "name": name, "args": args})
        json.dumps(reply, allow_nan=False)
        assert reply["id"] == 1 and isinstance(reply["ok"], bool)
        if not reply["ok"]:
            assert reply["error"] != INTERNAL, (name, args)
            assert "Traceback" not in reply["error"] and "\n" not in reply["error"]
