"""The workbench lesson: a learner's table, checked as the CLI checks it, trained statelessly,
shown from the model the learner takes away, and compared with scikit-learn."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from tests.conftest import MALFORMED, CsvCase

from nnguide import cli
from nnguide.data import load_dataset
from nnguide.lessons import table as tables
from nnguide.lessons import workbench as wb
from nnguide.lessons.messages import LessonError

linear_model = pytest.importorskip("sklearn.linear_model")

CSV = "width,height,colour,shade,label\n1,2,red,0.5,a\n2,1,blue,,b\n3,3,red,NA,a\n4,2,blue,1.5,b\n"


def layers(result) -> list[tuple[list[list[float]], list[float]]]:
    return [(layer.weights, layer.bias) for layer in result.layers]


def trained(table: tables.Table, choice: wb.Choice, steps: int, lr: float):
    """``steps`` steps from the start, in requests as large as the lesson allows."""
    started = wb.start(table, choice)
    params, step = layers(started), 0
    limit = started.setup.max_steps_per_request
    while step < steps:
        res = wb.train(
            table, choice, params, step=step, steps=min(limit, steps - step), learning_rate=lr
        )
        assert not res.diverged
        params, step = layers(res), res.step
    return params


def iris() -> tables.Table:
    return tables.inspect_dataset(load_dataset("iris")).table


def penguins() -> tables.Table:
    return tables.inspect_dataset(load_dataset("penguins")).table


IRIS = ["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"]
PENGUIN = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm"]


# -- reading and describing -------------------------------------------------------------------


def test_inspect_describes_every_column_as_read() -> None:
    ins = tables.inspect_text(CSV, "shapes.csv")
    kinds = {c.name: c.kind for c in ins.columns}
    assert kinds == {
        "width": "number",
        "height": "number",
        "colour": "text",
        "shade": "mixed",
        "label": "text",
    }
    width, _, colour, shade, _ = ins.columns
    assert (width.min, width.max, width.n_empty, width.n_other) == (1.0, 4.0, 0, 0)
    assert colour.examples == ["red", "blue"] and colour.n_distinct == 2
    # "shade" is numbers with gaps: one empty cell, one "NA"; the first gap is line 3.
    assert (shade.n_numbers, shade.n_empty, shade.n_other) == (2, 1, 1)
    assert (shade.min, shade.max) == (0.5, 1.5)
    assert shade.first_problem == tables.Problem(3, "")
    # The last column is the suggested target; its words make it classification; the text
    # column is left out of the features, the one with gaps is kept (so its message shows).
    assert (ins.target, ins.task) == ("label", "classification")
    assert ins.features == ["width", "height", "shade"]
    assert ins.table.lines == [2, 3, 4, 5] and ins.n_rows == 4
    assert ins.table.columns[0].values == [1.0, 2.0, 3.0, 4.0]
    assert ins.table.columns[3].values == ["0.5", "", "NA", "1.5"]


def test_a_bundled_table_is_described_with_its_source() -> None:
    ins = tables.inspect_dataset(load_dataset("penguins"))
    assert ins.target == "body_mass_g" and ins.task == "regression"
    assert ins.features == PENGUIN
    assert "CC0" in ins.licence and "Palmer" in ins.source
    assert ins.table.from_file is False and ins.table.lines[:3] == [1, 2, 3]


def _cli_message(capsys: pytest.CaptureFixture[str], args: list[str]) -> str:
    assert cli.main(args) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("nnguide: error: ")
    return err.removeprefix("nnguide: error: ")


CONTENT_CASES = [c for c in MALFORMED if c.content is not None]


@pytest.mark.parametrize("case", CONTENT_CASES, ids=[c.id for c in CONTENT_CASES])
def test_every_malformed_csv_gets_the_clis_own_message(
    case: CsvCase, malformed_files: dict[str, tuple[Path, CsvCase]], capsys
) -> None:
    """What the page shows for a broken file is what `nnguide fit` prints, word for word."""
    path, _ = malformed_files[case.id]
    expected = _cli_message(capsys, case.cli_args(path))
    with pytest.raises(LessonError) as caught:
        ins = tables.inspect_bytes(path.read_bytes(), str(path))
        names = [c.name for c in ins.columns]
        features = list(case.features) if case.features else [n for n in names if n != case.target]
        wb.start(ins.table, wb.Choice(case.target, features, case.task))
    assert str(caught.value) == expected
    for fragment in case.expect:
        assert fragment in str(caught.value)


def test_past_the_pages_limits_the_message_names_the_limit_and_the_cli() -> None:
    text = "x,y\n" + "".join(f"{i},{i % 7}\n" for i in range(tables.MAX_ROWS + 1))
    with pytest.raises(LessonError, match="5,000 rows") as caught:
        tables.inspect_text(text, "big.csv")
    assert "nnguide fit big.csv --target COLUMN" in str(caught.value)
    assert caught.value.code == "too_big"
    assert tables.inspect_text(text[: text.rindex("5000,")], "ok.csv").n_rows == tables.MAX_ROWS
    wide = ",".join(f"c{i}" for i in range(tables.MAX_COLUMNS + 1)) + "\n"
    with pytest.raises(LessonError, match="101 columns"):
        tables.inspect_text(wide + wide.replace("c", "1").replace("1", "2", 1), "wide.csv")


def test_more_than_twenty_classes_is_for_the_cli() -> None:
    rows = "".join(f"{i},{i * 2 % 5},k{i % 21}\n" for i in range(84))
    ins = tables.inspect_text("a,b,kind\n" + rows, "kinds.csv")
    with pytest.raises(LessonError, match="21 classes; the page takes at most 20"):
        wb.start(ins.table, wb.Choice("kind", ["a", "b"]))


def test_more_than_fifty_features_is_for_the_cli() -> None:
    ins = tables.inspect_text(",".join(f"c{i}" for i in range(52)) + "\n" + "1," * 51 + "2\n", "x")
    with pytest.raises(LessonError, match="51 features chosen"):
        wb.start(ins.table, wb.Choice("c51", [f"c{i}" for i in range(51)]))


# -- training -------------------------------------------------------------------------------


def test_the_split_is_stratified_and_seeded() -> None:
    table = iris()
    p = wb.prepare(table, wb.Choice("species", IRIS, test_size=0.25, seed=3))
    assert (len(p.train), len(p.test)) == (114, 36)
    assert p.labels is not None and np.bincount(p.labels[p.test]).tolist() == [12, 12, 12]
    again = wb.prepare(table, wb.Choice("species", IRIS, test_size=0.25, seed=3))
    assert np.array_equal(p.test, again.test)
    other = wb.prepare(table, wb.Choice("species", IRIS, test_size=0.25, seed=4))
    assert not np.array_equal(p.test, other.test)


@pytest.mark.parametrize("hidden", [(), (6,), (5, 4)])
def test_many_small_requests_take_the_path_of_one_large_one(hidden) -> None:
    """Full-batch descent is deterministic: the page may chain requests of any size."""
    table, choice = iris(), wb.Choice("species", IRIS, hidden=hidden, seed=2)
    start = layers(wb.start(table, choice))
    one = wb.train(table, choice, start, step=0, steps=60, learning_rate=0.3)
    params, step = start, 0
    for size in (1, 9, 20, 30):
        res = wb.train(table, choice, params, step=step, steps=size, learning_rate=0.3)
        params, step = layers(res), res.step
    assert step == 60 and layers(one) == params  # exactly, float for float
    assert one.points[-1].step == 60 and len(one.points) == wb.MAX_POINTS_PER_REQUEST


def test_a_too_large_rate_diverges_with_the_last_finite_weights() -> None:
    table = penguins()
    choice = wb.Choice("body_mass_g", PENGUIN, standardize=False)
    res = wb.train(
        table, choice, layers(wb.start(table, choice)), step=0, steps=50, learning_rate=1.0
    )
    assert res.diverged and res.steps_taken < 50 and res.message.code == "diverged"
    assert all(np.all(np.isfinite(np.asarray(W))) for W, _ in layers(res))


def test_one_request_is_bounded_by_counted_work() -> None:
    rng = np.random.default_rng(0)
    n = tables.MAX_ROWS
    columns = [tables.Column(f"f{i}", rng.normal(size=n).tolist()) for i in range(50)]
    columns.append(tables.Column("y", [f"k{j}" for j in rng.integers(0, 20, n)]))
    table = tables.Table("big.csv", columns, list(range(2, n + 2)))
    for hidden in [(), (32,), (32, 32, 32)]:
        p = wb.prepare(table, wb.Choice("y", [f"f{i}" for i in range(50)], hidden=hidden))
        steps = wb.max_steps(p)
        assert steps >= 1 and wb.work(p, steps) <= wb.MAX_WORK or steps == 1
        params = layers(wb.start(table, p.choice))
        with pytest.raises(LessonError, match=f"at most {steps:,} steps"):
            wb.train(table, p.choice, params, step=0, steps=steps + 1, learning_rate=0.1)
    small = wb.prepare(iris(), wb.Choice("species", IRIS))
    assert wb.max_steps(small) >= 1000  # a small table trains a thousand steps at a time


# -- what the page shows is what the learner takes away ---------------------------------------


def _run_script(script: str, csv_path: Path, tmp_path: Path) -> dict:
    path = tmp_path / "model.py"
    path.write_text(script, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(path), str(csv_path), "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(out.stdout)


@pytest.mark.parametrize(
    ("data", "target", "features", "hidden", "activation"),
    [
        ("iris", "species", IRIS, (), "tanh"),
        ("iris", "species", IRIS[2:], (6,), "tanh"),
        ("iris", "species", IRIS, (5, 3), "relu"),
        ("penguins", "body_mass_g", PENGUIN, (), "tanh"),
        ("penguins", "body_mass_g", PENGUIN, (4,), "sigmoid"),
    ],
)
def test_the_script_reproduces_the_pages_predictions_exactly(
    data, target, features, hidden, activation, tmp_path
) -> None:
    ds = load_dataset(data)
    table = tables.inspect_dataset(ds).table
    choice = wb.Choice(target, features, hidden=hidden, activation=activation, seed=1)
    params = trained(table, choice, 300, 0.1)
    p = wb.prepare(table, choice)
    page = wb.portable(p, wb._flat(p, params)).outputs(p.selection.X)
    csv_path = tmp_path / "rows.csv"
    csv_path.write_text(
        ",".join(features)
        + "\n"
        + "".join(",".join(repr(float(v)) for v in row) + "\n" for row in p.selection.X),
        encoding="utf-8",
    )
    out = _run_script(wb.export(table, choice, params).python, csv_path, tmp_path)
    if p.task == "classification":
        assert out["probabilities"] == page.tolist()  # bit for bit
        assert out["classes"] == p.selection.classes
    else:
        assert out["predictions"] == page[:, 0].tolist()
    # The view's scores come from that same model.
    view = wb.view(table, choice, params)
    if p.task == "classification":
        labels = np.argmax(page, axis=1)
        assert view.scores.test_accuracy == pytest.approx(
            float(np.mean(labels[p.test] == p.labels[p.test])), abs=0
        )
    else:
        y = np.asarray(p.selection.y, dtype=np.float64)
        assert view.scores.test_error == float(np.mean((page[p.test, 0] - y[p.test]) ** 2))


@pytest.mark.parametrize("hidden", [(), (5,), (4, 3)])
def test_the_model_file_is_the_one_fit_save_writes(tmp_path, hidden) -> None:
    from nnguide.data.modelfile import load_model

    table, choice = iris(), wb.Choice("species", IRIS, hidden=hidden, activation="relu")
    params = trained(table, choice, 200, 0.5)
    ex = wb.export(table, choice, params)
    assert ex.basename == "iris-model"
    path = tmp_path / "iris-model.json"
    path.write_text(ex.model_file, encoding="utf-8")
    saved = load_model(path)
    assert saved.classes == ["setosa", "versicolor", "virginica"] and saved.features == IRIS
    assert saved.hidden_sizes == list(hidden)
    assert saved.activation == ("relu" if hidden else "identity")
    p = wb.prepare(table, choice)
    assert np.array_equal(
        saved.outputs(p.selection.X), wb.portable(p, wb._flat(p, params)).outputs(p.selection.X)
    )
    assert 'load_model("iris-model.json")' in ex.snippet


# -- against scikit-learn --------------------------------------------------------------------


def test_iris_reaches_scikit_learns_unpenalized_optimum() -> None:
    sel = load_dataset("iris").select()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = linear_model.LogisticRegression(penalty=None, max_iter=100_000, tol=1e-12)
        ref.fit(sel.X, sel.y)
    table, choice = iris(), wb.Choice("species", IRIS, test_size=0)
    params = trained(table, choice, 10_000, 1.0)
    p = wb.prepare(table, choice)
    P = wb.portable(p, wb._flat(p, params)).outputs(p.selection.X)
    view = wb.view(table, choice, params)
    assert np.array_equal(np.asarray(p.selection.classes)[P.argmax(axis=1)], ref.predict(sel.X))
    assert view.scores.train_accuracy == pytest.approx(ref.score(sel.X, sel.y), abs=1e-12)
    reference_loss = float(-np.mean(np.log(ref.predict_proba(sel.X)[np.arange(150), p.labels])))
    # Gradient descent stops after 10,000 steps: within 5% of the optimum's cross-entropy.
    assert reference_loss <= view.scores.train_loss <= 1.05 * reference_loss
    np.testing.assert_allclose(P, ref.predict_proba(sel.X), rtol=0, atol=0.1)


def test_iris_test_accuracy_matches_scikit_learn_on_the_same_split() -> None:
    table, choice = iris(), wb.Choice("species", IRIS, test_size=0.25)
    p = wb.prepare(table, choice)
    X, y = p.selection.X, np.asarray(p.selection.y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = linear_model.LogisticRegression(penalty=None, max_iter=100_000, tol=1e-12)
        ref.fit(X[p.train], y[p.train])
    view = wb.view(table, choice, trained(table, choice, 5000, 1.0))
    # The same 36 rows held out; at most one judged differently.
    assert view.scores.test_accuracy == pytest.approx(
        ref.score(X[p.test], y[p.test]), abs=1 / 36 + 1e-12
    )
    assert view.confusion is not None and sum(map(sum, view.confusion)) == 36


@pytest.mark.parametrize("test_size", [0, 0.25])
def test_penguins_regression_matches_linear_regression(test_size) -> None:
    table, choice = penguins(), wb.Choice("body_mass_g", PENGUIN, test_size=test_size)
    p = wb.prepare(table, choice)
    X, y = p.selection.X, np.asarray(p.selection.y, dtype=np.float64)
    ref = linear_model.LinearRegression().fit(X[p.train], y[p.train])
    params = trained(table, choice, 2000, 0.1)
    W, b = wb.portable(p, wb._flat(p, params)).layers[0]
    np.testing.assert_allclose(W[:, 0], ref.coef_, rtol=1e-6)
    np.testing.assert_allclose(b, [ref.intercept_], rtol=1e-6)
    view = wb.view(table, choice, params)
    train_mse = float(np.mean((ref.predict(X[p.train]) - y[p.train]) ** 2))
    assert view.scores.train_error == pytest.approx(train_mse, rel=1e-9)
    if test_size:
        test_mse = float(np.mean((ref.predict(X[p.test]) - y[p.test]) ** 2))
        assert view.scores.test_error == pytest.approx(test_mse, rel=1e-6)
        assert view.scores.test_rmse == pytest.approx(np.sqrt(test_mse), rel=1e-6)
        assert len(view.residuals) == wb.RESIDUAL_ROWS
        gaps = [abs(r.residual) for r in view.residuals]
        assert gaps == sorted(gaps, reverse=True)
    else:
        assert view.scores.test_error is None and view.residual_rows == "training"


def test_two_features_draw_regions_for_three_classes() -> None:
    table, choice = iris(), wb.Choice("species", IRIS[2:], hidden=(6,), seed=0)
    view = wb.view(table, choice, trained(table, choice, 1000, 0.5))
    r = view.regions
    assert r is not None and len(r.x) == len(r.y) == wb.RESOLUTION
    assert {k for row in r.winner for k in row} == {0, 1, 2}  # every species owns a region
    assert all(1 / 3 - 1e-9 <= c <= 1 for row in r.confidence for c in row)
    assert view.scores.test_accuracy >= 32 / 36  # measured: 32 of the 36 held-out irises
    assert all(len(pt.x) == 2 for pt in view.points) and len(view.points) == 150
    assert [row.feature for row in view.weights.rows] == IRIS[2:]
    assert view.weights.columns == [f"neuron {j}" for j in range(1, 7)]
