"""Your own data: read a CSV, train a network on it, take the model away.

Stateless like every router, and nothing is stored: ``/inspect`` parses CSV text with the
CLI's loader and answers with the table; every later request carries the table's columns
it uses, the learner's choices and the network's parameters. Limits: a body of at most
1 MB (the app's), 5,000 rows, 50 features, 20 classes; each request's steps are counted
and bounded (``max_steps_per_request``), so longer training is a chain of requests.

Answers are rendered in the compute pool (a table of 5,000 rows is too much JSON to write
on the event loop), so each endpoint returns its response itself; ``response_model``
still documents it.
"""

from __future__ import annotations

import binascii
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Request
from fastapi import Path as PathParam
from pydantic import BaseModel, Field, model_validator

from nnguide.data.bundled import BUNDLED
from nnguide.errors import DataError
from nnguide.lessons import table as tables
from nnguide.lessons import workbench as lesson
from nnguide.web import compute
from nnguide.web.answers import answer
from nnguide.web.responses import ErrorBody, FiniteJSONResponse
from nnguide.web.schemas import MessageCode, Param, Rate, Steps, Strict
from nnguide.web.security import MAX_BODY_BYTES

router = APIRouter(
    prefix="/api/data",
    tags=["your data"],
    responses={404: {"model": ErrorBody, "description": "no dataset of that name here"}},
)

#: Bundled tables the page offers: small enough for it (digits has 64 features).
OFFERED = [
    name
    for name, info in BUNDLED.items()
    if info.n_rows <= tables.MAX_ROWS and len(info.columns) <= tables.MAX_FEATURES + 1
]

Name = Annotated[str, Field(min_length=1, max_length=tables.MAX_NAME)]
#: A cell of a numeric column: finite. Its size is checked by the lesson, which names the
#: cell as the CLI does (values beyond ±1e150 are refused); the schema states the bound
#: without a per-cell constraint, which would double the cost of validating 250,000 cells.
Number = Annotated[
    float, Field(allow_inf_nan=False, json_schema_extra={"minimum": -1e300, "maximum": 1e300})
]
Text = Annotated[str, Field(max_length=tables.MAX_CELL)]
Line = Annotated[int, Field(ge=1, le=100_000_000)]
Neurons = Annotated[int, Field(ge=1, le=lesson.MAX_NEURONS)]
Width = max(tables.MAX_FEATURES, lesson.MAX_NEURONS)
Outputs = max(tables.MAX_CLASSES, lesson.MAX_NEURONS)


# -- requests ---------------------------------------------------------------------------------


class InspectRequest(Strict):
    text: str | None = Field(None, max_length=MAX_BODY_BYTES, description="the CSV file's text")
    base64: str | None = Field(
        None,
        max_length=MAX_BODY_BYTES,
        description="or the file's bytes in base64, for a file that is not UTF-8 text",
    )
    name: Name = Field("pasted data", description="the file's name, for messages")

    @model_validator(mode="after")
    def _one(self) -> InspectRequest:
        if (self.text is None) == (self.base64 is None):
            raise ValueError("send the CSV as text or as base64, one of the two")
        return self

    def inspection(self) -> tables.Inspection:
        if self.text is not None:
            return tables.inspect_text(self.text, self.name)
        try:
            raw = binascii.a2b_base64(self.base64 or "", strict_mode=True)
        except binascii.Error:
            raise tables.LessonError("base64: not valid base64 text") from None
        return tables.inspect_bytes(raw, self.name)


class ColumnIn(Strict):
    """A numeric column's ``numbers``, or any other column's cells as ``text``: two fields,
    not one of two types, which is four times cheaper to validate."""

    name: Name
    numbers: list[Number] | None = Field(None, min_length=1, max_length=tables.MAX_ROWS)
    text: list[Text] | None = Field(None, min_length=1, max_length=tables.MAX_ROWS)

    @model_validator(mode="after")
    def _one(self) -> ColumnIn:
        if (self.numbers is None) == (self.text is None):
            raise ValueError(f"column {self.name!r}: send its numbers or its text, one of the two")
        return self

    def column(self) -> tables.Column:
        values: list[float] | list[str] = (
            self.numbers if self.numbers is not None else self.text or []
        )
        return tables.Column(self.name, values)


class TableIn(Strict):
    """The columns a request uses, as /inspect gave them."""

    name: Name = "data"
    columns: list[ColumnIn] = Field(min_length=2, max_length=tables.MAX_FEATURES + 1)
    lines: list[Line] = Field(
        max_length=tables.MAX_ROWS, description="each row's line in the file, for messages"
    )
    from_file: bool = Field(True, description="messages say 'line' (else 'row')")

    def table(self) -> tables.Table:
        return tables.Table(
            self.name,
            [c.column() for c in self.columns],
            list(self.lines),
            self.from_file,
        )


class ChoiceRequest(Strict):
    table: TableIn
    target: Name
    features: list[Name] = Field(min_length=1, max_length=tables.MAX_FEATURES)
    task: Literal["regression", "classification"] | None = Field(
        None, description="default: detected from the target, as nnguide fit does"
    )
    standardize: bool = True
    hidden: list[Neurons] = Field(
        default_factory=list,
        max_length=lesson.MAX_HIDDEN_LAYERS,
        description="neurons in each hidden layer; [] for none",
    )
    activation: Literal["tanh", "relu", "sigmoid"] = "tanh"
    test_size: float = Field(0.25, ge=0, le=0.5, allow_inf_nan=False)
    seed: int = Field(0, ge=0, le=2**32 - 1)

    def choice(self) -> lesson.Choice:
        return lesson.Choice(
            target=self.target,
            features=list(self.features),
            task=self.task,
            standardize=self.standardize,
            hidden=tuple(self.hidden),
            activation=self.activation,
            test_size=self.test_size,
            seed=self.seed,
        )


class LayerIn(Strict):
    weights: list[Annotated[list[Param], Field(min_length=1, max_length=Outputs)]] = Field(
        min_length=1, max_length=Width, description="(inputs, neurons)"
    )
    bias: list[Param] = Field(min_length=1, max_length=Outputs)


class ModelRequest(ChoiceRequest):
    layers: list[LayerIn] = Field(
        min_length=1,
        max_length=lesson.MAX_HIDDEN_LAYERS + 1,
        description="the network's parameters for the scaled inputs, as /start and /train give",
    )

    def pairs(self) -> list[tuple[list[list[float]], list[float]]]:
        return [(layer.weights, layer.bias) for layer in self.layers]


class TrainRequest(ModelRequest):
    step: int = Field(0, ge=0, le=1_000_000_000, description="steps taken since the start")
    steps: Steps = 1
    learning_rate: Rate = 0.1


# -- answers ----------------------------------------------------------------------------------


class ColumnOut(BaseModel):
    name: str
    numbers: list[float] | None = None
    text: list[str] | None = None


class TableOut(BaseModel):
    name: str
    columns: list[ColumnOut]
    lines: list[int]
    from_file: bool


class Problem(BaseModel):
    line: int
    value: str


class ColumnInfo(BaseModel):
    name: str
    kind: Literal["number", "text", "mixed"]
    n_numbers: int
    n_empty: int
    n_other: int
    n_distinct: int
    min: float | None
    max: float | None
    examples: list[str]
    first_problem: Problem | None


class Inspection(BaseModel):
    name: str
    n_rows: int
    from_file: bool
    columns: list[ColumnInfo]
    table: TableOut
    target: str
    features: list[str]
    task: str | None
    source: str
    licence: str
    description: str


class DatasetEntry(BaseModel):
    name: str
    description: str
    description_code: MessageCode = Field(
        description="the description as a code (the dataset's name, or server_file) and the "
        "numbers it mentions, for the page to word in the reader's language"
    )
    n_rows: int
    columns: list[str]
    target: str
    source: str
    licence: str
    kind: Literal["bundled", "server"]


class Layer(BaseModel):
    weights: list[list[float]]
    bias: list[float]


class Point(BaseModel):
    step: int
    train_loss: float
    test_loss: float | None


class Setup(BaseModel):
    name: str
    task: str
    detected_task: str | None
    target: str
    features: list[str]
    classes: list[str] | None
    n_rows: int
    n_train: int
    n_test: int
    sizes: list[int]
    n_parameters: int
    loss: str
    max_steps_per_request: int


class Started(BaseModel):
    setup: Setup
    layers: list[Layer]
    start: Point


class Trained(BaseModel):
    layers: list[Layer]
    step: int
    steps_taken: int
    diverged: bool
    message: str
    message_code: MessageCode
    points: list[Point]


class Scores(BaseModel):
    train_loss: float
    test_loss: float | None
    train_accuracy: float | None
    test_accuracy: float | None
    train_error: float | None
    test_error: float | None
    test_rmse: float | None


class Regions(BaseModel):
    x: list[float]
    y: list[float]
    winner: list[list[int]]
    confidence: list[list[float]]


class RowPoint(BaseModel):
    line: int
    test: bool
    x: list[float]
    actual: float
    predicted: float


class Residual(BaseModel):
    line: int
    inputs: list[float]
    actual: float
    predicted: float
    residual: float


class WeightRow(BaseModel):
    feature: str
    weights: list[float]
    per_spread: list[float]
    spread: float


class Weights(BaseModel):
    columns: list[str]
    rows: list[WeightRow]
    bias: list[float]
    layer: str


class View(BaseModel):
    setup: Setup
    scores: Scores
    confusion: list[list[int]] | None
    confusion_rows: str | None
    regions: Regions | None
    points: list[RowPoint]
    n_points_left_out: int
    residuals: list[Residual]
    residual_rows: str | None
    weights: Weights


class Export(BaseModel):
    basename: str
    model_file: str = Field(description="the JSON nnguide fit --save writes")
    python: str = Field(description="a self-contained numpy script")
    snippet: str = Field(description="Python that reloads the model file with nnguide")


# -- endpoints --------------------------------------------------------------------------------


def _json(body: Any) -> FiniteJSONResponse:
    return FiniteJSONResponse(body)


def _inspection(result: tables.Inspection) -> FiniteJSONResponse:
    """An inspection, its table's columns in the shape requests send them back."""
    body = answer(result)
    body["table"]["columns"] = [
        {"name": c.name, "numbers" if c.numeric else "text": c.values} for c in result.table.columns
    ]
    return _json(body)


def _server_file(request: Request) -> tuple[str, Path, str | None] | None:
    """The teacher's ``nnguide serve --data FILE`` as (name, path, target), if any."""
    settings = request.app.state.settings
    path = getattr(settings, "data_path", "")
    if not path:
        return None
    name = Path(path).name
    if name in BUNDLED:
        name = f"server-{name}"
    return name, Path(path), getattr(settings, "data_target", "") or None


@cache
def _load_server_file(path: Path, target: str | None, mtime: float) -> tables.Inspection:
    from nnguide.data import load_csv

    try:
        return tables.inspect_dataset(load_csv(path), target)
    except DataError as err:
        raise tables.LessonError(str(err), "data") from None


@router.get("/datasets", response_model=list[DatasetEntry])
@compute.offload
def datasets(request: Request) -> Any:
    """The tables the page offers: bundled ones (with source and licence), and the file the
    server was started with (``nnguide serve --data FILE``)."""
    entries = [
        DatasetEntry(
            name=info.name,
            description=info.description,
            description_code=MessageCode(code=info.name, params={"rows": info.n_rows}),
            n_rows=info.n_rows,
            columns=list(info.columns),
            target=info.target,
            source=info.source,
            licence=info.licence,
            kind="bundled",
        ).model_dump()
        for info in (BUNDLED[name] for name in OFFERED)
    ]
    served = _server_file(request)
    if served is not None:
        name, path, target = served
        inspection = _inspect_server(path, target)
        entries.insert(
            0,
            {
                "name": name,
                "description": f"{path.name}, from your teacher's server",
                "description_code": {"code": "server_file", "params": {"file": path.name}},
                "n_rows": inspection.n_rows,
                "columns": [c.name for c in inspection.columns],
                "target": inspection.target,
                "source": "",
                "licence": "",
                "kind": "server",
            },
        )
    return _json(entries)


def _inspect_server(path: Path, target: str | None) -> tables.Inspection:
    try:
        mtime = path.stat().st_mtime
    except OSError as err:
        raise HTTPException(404, f"{path.name}: cannot read the file ({err.strerror})") from None
    return _load_server_file(path, target, mtime)


@router.get("/datasets/{name}", response_model=Inspection)
@compute.offload
def dataset(request: Request, name: Annotated[str, PathParam(max_length=tables.MAX_NAME)]) -> Any:
    """One offered table, described and ready to train on, as /inspect describes a file."""
    served = _server_file(request)
    if served is not None and name == served[0]:
        return _inspection(_inspect_server(served[1], served[2]))
    if name not in OFFERED:
        raise HTTPException(404, f"no dataset {name!r} here; choose one of {', '.join(OFFERED)}")
    from nnguide.data import load_dataset

    return _inspection(tables.inspect_dataset(load_dataset(name)))


@router.post("/inspect", response_model=Inspection)
@compute.offload
def inspect(req: InspectRequest) -> Any:
    """Parse CSV text as ``nnguide fit`` reads a file: every column's type, range and missing
    values, and the table to train on; or the loader's one-line message naming the line."""
    return _inspection(req.inspection())


@router.post("/start", response_model=Started)
@compute.offload
def start(req: ChoiceRequest) -> Any:
    """Check the target and features (the CLI's messages) and give the starting network."""
    return _json(answer(lesson.start(req.table.table(), req.choice())))


@router.post("/train", response_model=Trained)
@compute.offload
def train(req: TrainRequest) -> Any:
    """Full-batch gradient-descent steps; at most ``max_steps_per_request`` at a time."""
    return _json(
        answer(
            lesson.train(
                req.table.table(),
                req.choice(),
                req.pairs(),
                step=req.step,
                steps=req.steps,
                learning_rate=req.learning_rate,
                on_step=compute.checkpoint,
            )
        )
    )


@router.post("/view", response_model=View)
@compute.offload
def view(req: ModelRequest) -> Any:
    """Scores, confusion matrix, decision regions, predicted against actual, weights."""
    return _json(answer(lesson.view(req.table.table(), req.choice(), req.pairs())))


@router.post("/export", response_model=Export)
@compute.offload
def export(req: ModelRequest) -> Any:
    """The model file (as ``nnguide fit --save`` writes it) and a numpy-only script."""
    return _json(answer(lesson.export(req.table.table(), req.choice(), req.pairs())))
