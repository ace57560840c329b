"""What `nnguide fit` prints for people: a short summary of the trained model."""

from __future__ import annotations

import argparse
import math
from typing import Any


def _names(names: list[str]) -> str:
    return (
        ", ".join(names)
        if len(names) <= 6
        else f"{', '.join(names[:3])}, … ({len(names)} features)"
    )


def fmt(value: float | None) -> str:
    """A number for people; None (or a non-finite value) is one that overflowed float64."""
    if value is None or not math.isfinite(value):
        return "overflow"
    return f"{value:,.6g}"


#: Beyond this many inputs or outputs, `fit` prints a summary of the weights, not all of them.
FULL_TABLE_FEATURES = 10
FULL_TABLE_OUTPUTS = 4
#: How many of the largest weights the summary shows.
TOP_WEIGHTS = 5


def print_fit(report: dict[str, Any], args: argparse.Namespace) -> None:
    steps, diverged = report["steps"], report["diverged"]
    print(
        f"{report['task']} on {report['data']}: {_names(report['features'])} → {report['target']}"
    )
    if diverged:
        print(_divergence_headline(steps))
    print(
        f"solver: {report['solver']}  loss: {report['loss_function']}  steps: {steps:,}"
        + ("  (stopped: diverged)" if diverged else "")
    )
    heads = [str(h) for h in report.get("classes") or [report["target"]]]
    n_features = len(report["features"])
    if report.get("hidden"):
        _print_network(report)
    elif n_features > FULL_TABLE_FEATURES or len(heads) > FULL_TABLE_OUTPUTS:
        _print_weight_summary(report, heads)
    else:
        _print_weight_table(report, heads)
    loss = report["loss"]
    shown = fmt(loss) if loss is not None else "not finite"
    if diverged and steps == 0:
        shown += "  (at the starting values)"
    print(f"loss: {shown}")
    if report.get("accuracy") is not None:
        print(f"training accuracy: {report['accuracy']:.1%}")
    if report.get("test_accuracy") is not None:
        print(f"test accuracy: {report['test_accuracy']:.1%} on {report['n_test']:,} held-out rows")
    if diverged:
        print(_divergence_advice(report, args))
    if "saved" in report:
        print(f"model saved to {report['saved']}")


def _print_network(report: dict[str, Any]) -> None:
    """The layer sizes, the activation and how many numbers each layer learned."""
    sizes = [len(report["features"])] + [len(layer["bias"]) for layer in report["layers"]]
    shape = " → ".join(f"{n:,}" for n in sizes)
    total = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:], strict=False))
    print(f"  network: {shape}  ({report['activation']} hidden layers, {total:,} parameters)")
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:], strict=False), start=1):
        print(f"    layer {i}: {a:,} × {b:,} weights + {b:,} biases")
    print("  (every weight and bias: add --json)")


def _print_weight_table(report: dict[str, Any], heads: list[str]) -> None:
    """One row per input and one for the bias, the values lined up in columns."""
    labels = [f"weight {name}" for name in report["features"]] + ["bias"]
    rows = [*report["weights"], report["bias"]]
    cells = [[f"{h}: {fmt(v)}" for h, v in zip(heads, row, strict=True)] for row in rows]
    label_width = max(len(label) for label in labels)
    widths = [max(len(row[j]) for row in cells) for j in range(len(heads))]
    for label, row in zip(labels, cells, strict=True):
        line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print(f"  {label.ljust(label_width)}  {line}".rstrip())


def _print_weight_summary(report: dict[str, Any], heads: list[str]) -> None:
    """The shape, the few largest weights and the bias, for models too big to list."""
    import numpy as np

    W = np.asarray(report["weights"], dtype=np.float64)
    bias = report["bias"]
    kind = "classes" if report.get("classes") else "outputs"
    outputs = ", ".join(heads) if len(heads) <= 6 else f"{', '.join(heads[:3])}, … {heads[-1]}"
    print(f"  weights: {W.shape[0]:,} inputs × {W.shape[1]:,} {kind} ({outputs})")
    top = np.argsort(-np.abs(W), axis=None, kind="stable")[:TOP_WEIGHTS]
    if len(top):
        print(f"  the {len(top)} largest in size:")
        picked = [np.unravel_index(i, W.shape) for i in top]
        names = [f"{report['features'][r]} → {heads[c]}" for r, c in picked]
        width = max(len(n) for n in names)
        for name, (r, c) in zip(names, picked, strict=True):
            print(f"    {name.ljust(width)}  {fmt(float(W[r, c]))}")
    if len(bias) <= 10:
        shown = [
            f"{h}: {b:.4g}" if b is not None else f"{h}: overflow"
            for h, b in zip(heads, bias, strict=True)
        ]
        print("  bias: " + "  ".join(shown))
    else:
        known = [b for b in bias if b is not None]
        low, high = (min(known), max(known)) if known else (None, None)
        print(f"  bias: {len(bias):,} values from {fmt(low)} to {fmt(high)}")
    print("  (every weight and bias: add --json)")


def _divergence_headline(steps: int) -> str:
    if steps == 0:
        return (
            "warning: training diverged on the first step — the first update made the loss "
            "blow up, so nothing was learned; the numbers below are the starting values"
        )
    plural = "s" if steps > 1 else ""
    return (
        f"warning: training diverged after {steps:,} step{plural} — the loss blew up, "
        "so training stopped; the numbers below are the last finite values, not a good fit"
    )


def _round_down(value: float) -> float:
    """A rate with one significant digit, at most ``value`` (2.4e-07 → 2e-07)."""
    exponent = math.floor(math.log10(value))
    return float(f"{math.floor(value / 10**exponent)}e{exponent}")


def _divergence_advice(report: dict[str, Any], args: argparse.Namespace) -> str:
    raw = not report["standardize"]
    inputs = "raw (unstandardized)" if raw else "standardized"
    also = ", or let nnguide standardize the inputs (leave out --no-standardize)" if raw else ""
    limit = report.get("max_stable_lr")
    separate = args.lr_weights is not None or args.lr_bias is not None
    if limit is not None and not separate:
        return (
            f"what to do: on these {inputs} inputs, gradient descent is stable only with "
            f"--lr below about {limit:.2g} (this run used {args.lr:g}); use a smaller "
            f"learning rate, e.g. --lr {_round_down(limit / 2):g}{also}"
        )
    if separate:
        rates = " and ".join(
            f"--{flag} {rate:g}"
            for flag, rate in (("lr-weights", args.lr_weights), ("lr-bias", args.lr_bias))
            if rate is not None
        )
        return (
            f"what to do: use a smaller learning rate than {rates} (try dividing by 10){also}"
            + (f"; a single --lr below about {limit:.2g} would be stable here" if limit else "")
        )
    return (
        f"what to do: use a smaller learning rate, e.g. --lr {args.lr / 10:g} "
        f"(this run used {args.lr:g}){also}"
    )
