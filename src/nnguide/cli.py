"""The ``nnguide`` command: thin argument parsing over the core, data and web app."""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Sequence
from typing import Any

from nnguide import __version__
from nnguide.errors import NnguideError
from nnguide.fit_text import fmt, print_fit

EPILOG = """examples:
  nnguide                                   open the guide in your browser
  nnguide softmax 2 4                       probabilities for the scores 2 and 4
  nnguide datasets                          the bundled datasets
  nnguide fit houses-3                      the best line through the three houses
  nnguide fit houses-10 --solver gd --steps 500 --json
  nnguide fit houses-labelled --task classification --loss cross-entropy
  nnguide fit mydata.csv --target price --features area,rooms --save model.json
  nnguide predict model.json mydata.csv
"""


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


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must not be negative")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nnguide",
        description="An interactive, visual guide to the basics of neural networks.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"nnguide {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("softmax", help="turn numbers into probabilities")
    # argparse only takes "-1" and "-.5" for negative numbers, not "-1e3" or "-inf";
    # widen its (private but long-standing) pattern so those are numbers, not options.
    p._negative_number_matcher = NEGATIVE_NUMBER
    p.add_argument("numbers", nargs="+", type=_finite_float, metavar="NUMBER")
    p.add_argument("--decimals", type=_positive_int, default=4)

    sub.add_parser("datasets", help="list the bundled datasets")

    p = sub.add_parser("fit", help="train a model on a bundled dataset or a CSV file")
    p._negative_number_matcher = NEGATIVE_NUMBER  # so "--lr -1e-3" is refused as negative
    p.add_argument("data", metavar="DATA", help="a bundled dataset name or a CSV path")
    p.add_argument("--target", help="the column to predict (bundled datasets have a default)")
    p.add_argument("--features", help="comma-separated input columns (default: all others)")
    p.add_argument("--task", choices=["regression", "classification"])
    p.add_argument("--solver", choices=["exact", "gd"])
    p.add_argument("--loss", choices=["mse", "cross-entropy"])
    p.add_argument(
        "--lr", type=_finite_float, help="learning rate (default 0.1; digits 1.0, mnist 0.1)"
    )
    p.add_argument("--lr-weights", type=_finite_float, help="learning rate for the weights")
    p.add_argument("--lr-bias", type=_finite_float, help="learning rate for the bias")
    p.add_argument(
        "--steps", type=_positive_int, help="gradient-descent steps (default 1000; digits 972)"
    )
    p.add_argument(
        "--batch-size", type=_positive_int, help="mini-batch size (default: full batch; digits 50)"
    )
    p.add_argument(
        "--standardize",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="train on standardized inputs (default: yes)",
    )
    p.add_argument("--seed", type=_positive_int, help="seed for random init, batches and splits")
    p.add_argument("--init", choices=["zeros", "normal"], default="zeros")
    p.add_argument(
        "--test-size",
        type=_finite_float,
        help="fraction of rows held out for testing (default 0; 0.25 for digits)",
    )
    p.add_argument("--mnist", metavar="PATH", help="MNIST folder (IDX files) or mnist.npz")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--save", metavar="MODEL", help="write the trained model to this file")

    p = sub.add_parser("predict", help="apply a saved model to a dataset or CSV file")
    p.add_argument("model", metavar="MODEL")
    p.add_argument("data", metavar="DATA")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("serve", help="start the guide's web page")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=_positive_int, default=8000)
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.add_argument("--workers", type=_positive_int, default=1)
    return parser


def cmd_softmax(args: argparse.Namespace) -> int:
    from nnguide.core import softmax

    if len(args.numbers) > 100_000:
        raise NnguideError("at most 100,000 numbers")
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
        raise NnguideError(
            "--features is empty: name the input columns, e.g. --features area,bathrooms"
        )
    if not all(names):
        raise NnguideError(
            f"--features {text!r} has an empty column name; separate names with single commas"
        )
    return names


def _load_fit_data(args: argparse.Namespace) -> Any:
    from nnguide.data import open_data

    if args.mnist is not None and args.data != "mnist":
        raise NnguideError(
            f"--mnist only applies to the mnist dataset (nnguide fit mnist --mnist PATH), "
            f"not to {args.data!r}"
        )
    if args.data == "mnist":
        from nnguide.data.mnist import mnist_dataset

        if args.mnist is not None and not args.mnist.strip():
            raise NnguideError("--mnist needs a path: a folder of MNIST IDX files or a mnist.npz")
        return mnist_dataset(args.mnist)
    return open_data(args.data)


def cmd_fit(args: argparse.Namespace) -> int:
    from nnguide.modelio import save_model
    from nnguide.presets import PRESETS, fit_defaults
    from nnguide.progress import ProgressBar
    from nnguide.training import FitOptions, check_options, fit_report

    for name, value in fit_defaults(args.data).items():  # digits and mnist have tuned ones
        if getattr(args, name) is None:
            setattr(args, name, value)
    features = _feature_list(args.features)
    if args.target is not None and not args.target.strip():
        raise NnguideError("--target is empty: name the column to predict")
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
        init=args.init,
        test_size=test_size,
    )
    check_options(options, args.task)  # before loading data: a typo should not wait for MNIST
    dataset = _load_fit_data(args)
    selection = dataset.select(args.target, features, args.task)
    gd = (args.solver or ("exact" if selection.task == "regression" else "gd")) == "gd"
    bar = ProgressBar(args.steps) if gd and not args.json and args.steps >= 200 else None
    try:
        report, model = fit_report(selection, options, on_step=bar)
    finally:
        if bar is not None:
            bar.close()
    report["data"] = args.data
    if args.save:
        save_model(model, args.save)
        report["saved"] = args.save
    if args.json:
        print(json.dumps(report, allow_nan=False))
    else:
        print_fit(report, args)
    return 0


def cmd_predict(args: argparse.Namespace) -> int:
    import numpy as np

    from nnguide.data import open_data
    from nnguide.modelio import load_model

    model = load_model(args.model)
    dataset = open_data(args.data)
    X = np.column_stack([dataset.numeric(name) for name in model.features])
    outputs = model.outputs(X)
    if model.task == "classification":
        assert model.classes is not None
        labels = [model.classes[i] for i in np.argmax(outputs, axis=1)]
        if args.json:
            print(
                json.dumps(
                    {
                        "classes": model.classes,
                        "predictions": labels,
                        "probabilities": outputs.tolist(),
                    },
                    allow_nan=False,
                )
            )
        else:
            print("row  " + "prediction  " + "  ".join(f"P({c})" for c in model.classes))
            for i, (label, probs) in enumerate(zip(labels, outputs, strict=True)):
                print(f"{i:>3}  {label:<10}  " + "  ".join(f"{p:.4f}" for p in probs))
    else:
        preds = outputs[:, 0] if outputs.shape[1] == 1 else outputs
        if not np.all(np.isfinite(preds)):
            raise NnguideError("the model's predictions overflow on this data")
        if args.json:
            print(
                json.dumps({"target": model.target, "predictions": preds.tolist()}, allow_nan=False)
            )
        else:
            print(f"row  predicted {model.target}")
            for i, p in enumerate(preds.tolist()):
                print(f"{i:>3}  {fmt(p) if isinstance(p, float) else p}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from nnguide.web.server import serve

    return serve(
        host=args.host, port=args.port, open_browser=not args.no_browser, workers=args.workers
    )


COMMANDS = {
    "softmax": cmd_softmax,
    "datasets": cmd_datasets,
    "fit": cmd_fit,
    "predict": cmd_predict,
    "serve": cmd_serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["serve", *(argv or [])])
    try:
        return COMMANDS[args.command](args)
    except NnguideError as err:
        print(f"nnguide: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("nnguide: stopped", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
