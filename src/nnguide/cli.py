"""The ``nnguide`` command: thin argument parsing over the core, data and web app.

Exit status: 0 when the work is done; 1 for a problem found while doing it (the
data, a model file, training that diverged or overflowed); 2 for a usage mistake
(an unknown option, a value no run could use); 130 when interrupted. A problem is
one line on stderr, ``nnguide: error: …``, never a traceback.
"""

from __future__ import annotations

import argparse
import codecs
import json
import math
import os
import re
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any, NoReturn

from nnguide import __version__
from nnguide.console.report import fmt, print_fit
from nnguide.errors import DataError, NnguideError, TrainingError, UsageError

#: ``--json`` answers say what they are; the number changes when a key changes meaning.
FIT_FORMAT = "nnguide-fit/1"
PREDICT_FORMAT = "nnguide-predict/1"
MAX_DECIMALS = 20
MAX_SOFTMAX_NUMBERS = 100_000

EXIT_STATUS = """exit status:
  0  done
  1  a problem with the data, a model file or training (including a fit that
     diverged, unless --allow-diverged)
  2  a usage mistake: an unknown option or a value that cannot work
"""

EPILOG = (
    """examples:
  nnguide                                   open the guide in your browser
  nnguide softmax 2 4                       probabilities for the scores 2 and 4
  nnguide datasets                          the bundled datasets, with sources and licences
  nnguide fit houses-3                      the best line through the three houses
  nnguide fit houses-10 --solver gd --steps 500 --json
  nnguide fit iris --test-size 0.25         three species of iris from four measurements
  nnguide fit mydata.csv --target price --features area,rooms --save model.json
  nnguide predict model.json mydata.csv

"""
    + EXIT_STATUS
)

NEGATIVE_NUMBER = re.compile(
    r"^-(?:\d[\d_]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$|^-(?:inf|infinity|nan)$", re.IGNORECASE
)


def _finite_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def _hidden_sizes(text: str) -> tuple[int, ...]:
    """``"8,4"`` → ``(8, 4)``: one positive whole number per hidden layer."""
    parts = [p.strip() for p in text.split(",")]
    if not all(p.isdigit() and int(p) >= 1 for p in parts):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a list of layer sizes: give whole numbers ≥ 1, e.g. 8 or 8,4"
        )
    return tuple(int(p) for p in parts)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must not be negative")
    return value


def _int_between(low: int, high: int) -> Any:
    def parse(text: str) -> int:
        value = _positive_int(text) if low >= 0 else int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text!r} is not between {low} and {high}")
        return value

    return parse


# -- output that survives any terminal ------------------------------------------------------

#: What the guide's typography becomes where stdout cannot encode it (PYTHONIOENCODING=ascii,
#: LC_ALL=C without UTF-8 mode, a Windows code page).
ASCII = {
    "→": "->",
    "←": "<-",
    "×": "x",
    "…": "...",
    "–": "-",
    "—": "--",
    "−": "-",
    "≤": "<=",
    "≥": ">=",
    "≈": "~",
    "±": "+/-",
    "·": "*",
    "²": "^2",
    "³": "^3",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
}


def _to_ascii(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeEncodeError):
        raise err
    out = []
    for ch in err.object[err.start : err.end]:
        plain = (
            ASCII.get(ch) or unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
        )
        out.append(plain or "?")
    return "".join(out), err.end


codecs.register_error("nnguide-ascii", _to_ascii)


def use_ascii_where_needed() -> None:
    """Let stdout and stderr fall back to ASCII ("->" for "→") where they cannot encode."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        reconfigure = getattr(stream, "reconfigure", None)
        if not encoding or reconfigure is None:
            continue
        try:
            "→×…–".encode(encoding)
        except (UnicodeEncodeError, LookupError):
            reconfigure(errors="nnguide-ascii")


# -- the parser -----------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage mistake as one line (and exit 2) like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _fit_epilog() -> str:
    from nnguide.data import BUNDLED

    names = "\n".join(f"  {info.name:<16} {info.description}" for info in BUNDLED.values())
    return (
        "DATA is a bundled dataset (`nnguide datasets` shows sources and licences):\n"
        f"{names}\n"
        "  or a CSV file with a header row, or - to read CSV from standard input\n\n"
        "examples:\n"
        "  nnguide fit houses-3                      least squares through three houses\n"
        "  nnguide fit iris --test-size 0.25         softmax regression, 3 species\n"
        "  nnguide fit penguins --solver gd --steps 2000 --json\n"
        "  nnguide fit digits --save digits.json     8×8 digits, 96% on held-out images\n"
        "  nnguide fit my.csv --target price --features area,rooms --save model.json\n"
        "  cat my.csv | nnguide fit - --target price\n\n" + EXIT_STATUS
    )


def build_parser() -> argparse.ArgumentParser:
    from nnguide.lessons.presets import DIGITS, MNIST

    parser = _Parser(
        prog="nnguide",
        description="An interactive, visual guide to the basics of neural networks.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"nnguide {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "softmax",
        help="turn numbers into probabilities",
        description="Print softmax(NUMBER, …): probabilities that sum to 1.",
    )
    # argparse only takes "-1" and "-.5" for negative numbers, not "-1e3" or "-inf";
    # widen its (private but long-standing) pattern so those are numbers, not options.
    p._negative_number_matcher = NEGATIVE_NUMBER
    p.add_argument(
        "numbers",
        nargs="+",
        type=_finite_float,
        metavar="NUMBER",
        help=f"the scores (at most {MAX_SOFTMAX_NUMBERS:,})",
    )
    p.add_argument(
        "--decimals",
        type=_int_between(0, MAX_DECIMALS),
        default=4,
        help=f"digits after the decimal point, 0 to {MAX_DECIMALS} (default: 4)",
    )

    sub.add_parser(
        "datasets",
        help="list the bundled datasets",
        description="List the bundled datasets: shape, columns, source and licence.",
    )

    p = sub.add_parser(
        "fit",
        help="train a model on a bundled dataset or a CSV file",
        description="Train a linear model (regression) or a softmax classifier and print it.",
        epilog=_fit_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p._negative_number_matcher = NEGATIVE_NUMBER  # so "--lr -1e-3" is refused as negative
    p.add_argument(
        "data", metavar="DATA", help="a bundled dataset name, a CSV path, or - for stdin"
    )
    p.add_argument(
        "--target",
        metavar="COL",
        help="the column to predict (default: the bundled dataset's own; needed for CSV)",
    )
    p.add_argument(
        "--features",
        metavar="A,B",
        help="comma-separated input columns (default: every column but the target)",
    )
    p.add_argument(
        "--task",
        choices=["regression", "classification"],
        help="what to learn (default: classification for a target of names, else regression)",
    )
    p.add_argument(
        "--solver",
        choices=["exact", "gd"],
        help="least squares or gradient descent (default: exact for regression, else gd)",
    )
    p.add_argument(
        "--loss",
        choices=["mse", "cross-entropy"],
        help="the loss to minimise (default: mse for regression, else cross-entropy)",
    )
    p.add_argument(
        "--lr",
        type=_finite_float,
        metavar="X",
        help=f"learning rate (default: 0.1; digits {DIGITS.learning_rate:g}, "
        f"mnist {MNIST.learning_rate:g})",
    )
    p.add_argument(
        "--lr-weights",
        type=_finite_float,
        metavar="X",
        help="learning rate for the weights (default: --lr)",
    )
    p.add_argument(
        "--lr-bias",
        type=_finite_float,
        metavar="X",
        help="learning rate for the bias (default: --lr)",
    )
    p.add_argument(
        "--steps",
        type=_positive_int,
        metavar="N",
        help=f"gradient-descent steps (default: 1000; digits {DIGITS.steps}, "
        f"mnist {MNIST.steps:,})",
    )
    p.add_argument(
        "--batch-size",
        type=_positive_int,
        metavar="N",
        help=f"rows per step (default: all of them; digits {DIGITS.batch_size}, "
        f"mnist {MNIST.batch_size})",
    )
    p.add_argument(
        "--standardize",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="train gradient descent on standardized inputs (default: yes)",
    )
    p.add_argument(
        "--seed",
        type=_positive_int,
        metavar="N",
        help="seed for random init, batches and the test split (default: 0)",
    )
    p.add_argument(
        "--init",
        choices=["zeros", "normal", "glorot", "he"],
        default=None,
        help="starting weights (default: zeros for a linear model; with --hidden, seeded "
        "Glorot for tanh/sigmoid/identity and He for relu)",
    )
    p.add_argument(
        "--hidden",
        type=_hidden_sizes,
        default=(),
        metavar="SIZES",
        help="hidden layer sizes, e.g. 8 or 8,4: train a network instead of a straight "
        "line (default: none; digits with --hidden use Part 2's tuned settings)",
    )
    p.add_argument(
        "--activation",
        choices=["identity", "sigmoid", "tanh", "relu"],
        default=None,
        help="the hidden layers' activation (default: relu)",
    )
    p.add_argument(
        "--test-size",
        type=_finite_float,
        metavar="F",
        help="fraction of rows held out for testing (default: 0; digits 0.25, mnist 1/7)",
    )
    p.add_argument(
        "--mnist",
        metavar="PATH",
        help="with DATA mnist: a folder of MNIST IDX files or a mnist.npz "
        "(default: $NNGUIDE_MNIST, else the usual cache folders)",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help=f'print one JSON object, "format": "{FIT_FORMAT}" (default: text)',
    )
    p.add_argument(
        "--save",
        metavar="MODEL",
        help="write the trained model to this JSON file, checked before training "
        "(default: not saved)",
    )
    p.add_argument(
        "--allow-diverged",
        action="store_true",
        help="accept a fit that diverged: exit 0 and save its last finite values "
        "(default: a diverged fit exits 1 and saves nothing)",
    )

    p = sub.add_parser(
        "predict",
        help="apply a saved model to a dataset or CSV file",
        description="Print a saved model's predictions for every row of DATA.",
    )
    p.add_argument("model", metavar="MODEL", help="a model file written by nnguide fit --save")
    p.add_argument(
        "data", metavar="DATA", help="a bundled dataset name, a CSV path, or - for stdin"
    )
    p.add_argument(
        "--json",
        action="store_true",
        help=f'print one JSON object, "format": "{PREDICT_FORMAT}" (default: text)',
    )

    p = sub.add_parser(
        "export",
        help="write a saved model as a standalone Python script, or as JSON",
        description="Print (or write with -o) a saved model as a self-contained Python "
        "script that needs only numpy, or as the model file's JSON. The script, run on a CSV "
        "file (python model.py DATA.csv), prints the predictions nnguide predict prints.",
    )
    p.add_argument("model", metavar="MODEL", help="a model file written by nnguide fit --save")
    p.add_argument(
        "--format",
        choices=["python", "json"],
        default="python",
        help="a numpy-only script, or the model file's JSON (default: python)",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE instead of printing (default: print to standard output)",
    )

    p = sub.add_parser(
        "serve",
        help="start the guide's web page",
        description="Serve the guide's page and its API.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument(
        "--port",
        type=_int_between(1, 65535),
        default=8000,
        help="port to listen on; the next free one if taken (default: 8000)",
    )
    p.add_argument(
        "--no-browser",
        action="store_true",
        help="do not open a browser (default: open one)",
    )
    p.add_argument(
        "--workers",
        type=_int_between(1, 64),
        default=1,
        help="server processes, 1 to 64 (default: 1)",
    )
    p.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        metavar="NAME",
        help="also answer requests addressed to NAME, repeatable "
        "(default: only localhost, 127.0.0.1, [::1] and the --host name)",
    )
    p.add_argument(
        "--data",
        metavar="FILE",
        help="offer this CSV file in the page's list of datasets, for everyone who connects "
        "(default: only the bundled datasets)",
    )
    p.add_argument(
        "--target",
        metavar="COL",
        help="with --data: the column the page suggests predicting "
        "(default: the file's last column)",
    )
    p.add_argument(
        "--root-path",
        default="",
        metavar="PREFIX",
        help="the path a proxy serves the guide under without stripping it, e.g. /nnguide "
        "(default: none; a proxy that strips its prefix needs nothing)",
    )
    p.add_argument(
        "--allow-embedding",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="let pages from ORIGIN (scheme://host[:port], or self) show the guide in a frame, "
        "repeatable (default: none, no page may frame it)",
    )
    return parser


# -- commands -------------------------------------------------------------------------------


def cmd_softmax(args: argparse.Namespace) -> int:
    from nnguide.core import softmax

    if len(args.numbers) > MAX_SOFTMAX_NUMBERS:
        raise UsageError(f"at most {MAX_SOFTMAX_NUMBERS:,} numbers")
    print(" ".join(f"{p:.{args.decimals}f}" for p in softmax(args.numbers)))
    return 0


def cmd_datasets(args: argparse.Namespace) -> int:
    """List the bundled datasets from their metadata: no data is read."""
    from nnguide.data import BUNDLED

    for info in BUNDLED.values():
        cols = list(info.columns)
        shown = (
            ", ".join(cols)
            if len(cols) <= 6
            else f"{', '.join(cols[:3])}, … {cols[-1]} ({len(cols)} columns)"
        )
        size = f"{info.n_rows:>6,} rows × {len(cols):>2} columns"
        print(f"{info.name:<16} {size}  {info.description}")
        print(f"{'':<16} columns: {shown}; target: {info.target}")
        if info.source:
            print(f"{'':<16} source: {info.source}")
            print(f"{'':<16} licence: {info.licence}")
    return 0


def _feature_list(text: str | None) -> list[str] | None:
    """``--features a,b`` → ["a", "b"]; an empty list or an empty name is a mistake."""
    if text is None:
        return None
    names = [name.strip() for name in text.split(",")]
    if not any(names):
        raise UsageError(
            "--features is empty: name the input columns, e.g. --features area,bathrooms"
        )
    if not all(names):
        raise UsageError(
            f"--features {text!r} has an empty column name; separate names with single commas"
        )
    return names


def _load_fit_data(args: argparse.Namespace) -> Any:
    from nnguide.data import open_data

    if args.mnist is not None and args.data != "mnist":
        raise UsageError(
            f"--mnist only applies to the mnist dataset (nnguide fit mnist --mnist PATH), "
            f"not to {args.data!r}"
        )
    if args.data == "mnist":
        from nnguide.data.mnist import mnist_dataset

        if args.mnist is not None and not args.mnist.strip():
            raise UsageError("--mnist needs a path: a folder of MNIST IDX files or a mnist.npz")
        return mnist_dataset(args.mnist)
    return open_data(args.data)


def _divergence_error(report: dict[str, Any], saving: bool) -> TrainingError:
    steps = report["steps"]
    when = "on the first step" if steps == 0 else f"after {steps:,} step{'s' if steps > 1 else ''}"
    limit = report.get("max_stable_lr")
    advice = f"use --lr below about {limit:.2g}" if limit else "use a smaller learning rate"
    return TrainingError(
        f"training diverged {when}{'; the model was not saved' if saving else ''}; "
        f"{advice}, or --allow-diverged to accept the result"
    )


def cmd_fit(args: argparse.Namespace) -> int:
    from nnguide.console.progress import Progress
    from nnguide.data.modelfile import check_save_target, save_model
    from nnguide.lessons.fitting import FitOptions, check_options, fit_report
    from nnguide.lessons.presets import PRESETS, fit_defaults

    # digits and mnist have tuned settings (and digits with --hidden, Part 2's)
    for name, value in fit_defaults(args.data, hidden=bool(args.hidden)).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    features = _feature_list(args.features)
    if args.target is not None and not args.target.strip():
        raise UsageError("--target is empty: name the column to predict")
    test_size = args.test_size if args.test_size is not None else 0.0
    options = FitOptions(
        solver=args.solver,
        loss=args.loss,
        learning_rate=args.lr,
        learning_rate_weights=args.lr_weights,
        learning_rate_bias=args.lr_bias,
        steps=args.steps,
        batch_size=args.batch_size,
        # Pixels share one spread (see Standardizer.fit), exactly like section 8's model.
        standardize="shared" if args.standardize and args.data in PRESETS else args.standardize,
        seed=args.seed,
        init=args.init or "zeros",
        init_given=args.init is not None,
        test_size=test_size,
        hidden=args.hidden,
        activation=args.activation,
    )
    # Everything that can be checked without data is checked first: a typo or an unwritable
    # --save target should not wait for MNIST to load or for training to finish.
    check_options(options, args.task)
    if args.save:
        check_save_target(args.save)
    progress = Progress()
    try:
        progress.phase(f"loading {'standard input' if args.data == '-' else args.data}")
        dataset = _load_fit_data(args)
        progress.phase(f"preparing {dataset.n_rows:,} rows")
        selection = dataset.select(args.target, features, args.task)
        gd = (args.solver or ("exact" if selection.task == "regression" else "gd")) == "gd"
        if gd and args.steps >= 200:
            progress.start(args.steps)
        report, model = fit_report(selection, options, on_step=progress)
    finally:
        progress.close()
    report = {"format": FIT_FORMAT, "data": dataset.name, **report}
    diverged = report["diverged"]
    if args.save and (args.allow_diverged or not diverged):
        save_model(model, args.save)
        report["saved"] = args.save
    if args.json:
        print(json.dumps(report, allow_nan=False))
    else:
        print_fit(report, args)
    if diverged and not args.allow_diverged:
        raise _divergence_error(report, saving=bool(args.save))
    return 0


def cmd_predict(args: argparse.Namespace) -> int:
    import numpy as np

    from nnguide.data import open_data
    from nnguide.data.modelfile import load_model

    model = load_model(args.model)
    dataset = open_data(args.data)
    X = np.column_stack([dataset.numeric(name) for name in model.features])
    dataset.check_range(model.features, X)
    with np.errstate(all="ignore"):
        scores = model.scores(X)
    overflow = np.flatnonzero(~np.all(np.isfinite(scores), axis=1))
    if len(overflow):
        row = int(overflow[0])
        raise TrainingError(
            f"{args.model}: the model's outputs overflow float64 on {dataset.name}, "
            f"{'line' if dataset.from_file else 'row'} {dataset.line(row)}: its weights "
            f"(up to {np.abs(model.weights).max():.3g}) are too large for this data"
        )
    outputs = model.outputs_from_scores(scores)
    if model.task == "classification":
        assert model.classes is not None
        labels = [model.classes[i] for i in np.argmax(outputs, axis=1)]
        if args.json:
            answer = {
                "format": PREDICT_FORMAT,
                "classes": model.classes,
                "predictions": labels,
                "probabilities": outputs.tolist(),
            }
            print(json.dumps(answer, allow_nan=False))
        else:
            print("row  " + "prediction  " + "  ".join(f"P({c})" for c in model.classes))
            for i, (label, probs) in enumerate(zip(labels, outputs, strict=True)):
                print(f"{i:>3}  {label:<10}  " + "  ".join(f"{p:.4f}" for p in probs))
    else:
        preds = outputs[:, 0] if outputs.shape[1] == 1 else outputs
        if args.json:
            answer = {
                "format": PREDICT_FORMAT,
                "target": model.target,
                "predictions": preds.tolist(),
            }
            print(json.dumps(answer, allow_nan=False))
        else:
            print(f"row  predicted {model.target}")
            for i, p in enumerate(preds.tolist()):
                print(f"{i:>3}  {fmt(p) if isinstance(p, float) else p}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from nnguide.data.export import PortableModel, model_text, python_script
    from nnguide.data.modelfile import check_save_target, load_model

    target = check_save_target(args.output) if args.output else None
    model = PortableModel.from_saved(load_model(args.model))
    if args.format == "json":
        text = model_text(model) + "\n"
    else:
        name = target.name if target is not None else "model.py"
        text = python_script(model, filename=name, source=Path(args.model).name)
    if target is None:
        sys.stdout.write(text)
        return 0
    from nnguide.data.export import write_text

    write_text(target, text)
    print(f"{'script' if args.format == 'python' else 'model'} written to {target}")
    return 0


def _check_served_data(path: str, target: str | None) -> None:
    """Refuse a --data file the page could not use, with the page's own message, before
    the server starts."""
    from nnguide.data import load_csv
    from nnguide.lessons.messages import LessonError
    from nnguide.lessons.table import inspect_dataset

    try:
        inspect_dataset(load_csv(path), target)
    except LessonError as err:
        raise DataError(str(err)) from None


def cmd_serve(args: argparse.Namespace) -> int:
    from nnguide.web.server import serve

    if args.target is not None and args.data is None:
        raise UsageError("--target goes with --data FILE (the CSV file the page offers)")
    if args.data is not None:
        _check_served_data(args.data, args.target)
    return serve(
        host=args.host,
        port=args.port,
        open_browser=not args.no_browser,
        workers=args.workers,
        allowed_hosts=args.allowed_host,
        data=os.path.abspath(args.data) if args.data is not None else None,
        data_target=args.target,
        root_path=args.root_path,
        allow_embedding=args.allow_embedding,
    )


COMMANDS = {
    "softmax": cmd_softmax,
    "datasets": cmd_datasets,
    "fit": cmd_fit,
    "predict": cmd_predict,
    "export": cmd_export,
    "serve": cmd_serve,
}


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # a usage mistake exits 2 here, with argparse's usage line
    if args.command is None:
        args = parser.parse_args(["serve", *(argv or [])])
    return COMMANDS[args.command](args)


def _silence_stdout() -> None:
    """After a closed pipe (``nnguide … | head``), send what is left nowhere, quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    use_ascii_where_needed()
    try:
        return _run(argv)
    except NnguideError as err:
        print(f"nnguide: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("nnguide: stopped", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except MemoryError:
        print("nnguide: error: out of memory", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
