"""Networks with a hidden layer: nnguide's training loop and estimator against their peers.

(a) One epoch of MNIST-shaped synthetic data (60,000 × 784 float32, 10 classes: seeded
    class centres plus noise), 784 → 128 → 10 with ReLU, batch 100, plain SGD at a fixed
    learning rate, the same starting weights and the same batches for every contender:

    * nnguide's loop: ``sgd`` on an ``Objective`` with a ``Network``, float32;
    * a bare numpy loop of the same algorithm (forward, backward and step written out);
    * PyTorch CPU: ``nn.Sequential(Linear, ReLU, Linear)``, ``CrossEntropyLoss``,
      ``optim.SGD`` (optional: ``pip install torch==2.13.0``, for the benchmark only).

    Each contender's epoch runs in a fresh process (one warm-up epoch, then the timed one),
    the contenders interleaved run after run; the table gives medians of wall and CPU time
    and the median over runs of each run's ratio to the bare loop. After the epoch every
    contender's weights are scored with one shared float64 numpy function (full-data loss
    and accuracy), so the three can be checked to agree. Memory: peak RSS (``ru_maxrss``)
    of nnguide's epoch process, its growth during training, and the peak of numpy's
    allocations during the epoch (tracemalloc) in batches of activations.

(b) The 8×8 digits (``load_dataset("digits").select()``, the stratified 25% test split of
    seed 0) to ≥ 97.5% test accuracy: nnguide's ``MLPClassifier`` with the DIGITS_DEEP
    preset vs scikit-learn's ``MLPClassifier`` (its defaults behind a StandardScaler, one
    setting tuned to be fast at ≥ 97.5%, and the same algorithm as nnguide's). Whole fit
    time (one warm-up fit per process, then the timed one) and test accuracy.

BLAS threads are pinned to ``--threads`` (default 1) for every contender (OpenBLAS, OpenMP,
MKL, ``torch.set_num_threads``). The workers run without ``OPENBLAS_CORETYPE`` and
``OPENBLAS_L2_SIZE`` (this machine sets them for older OpenBLAS builds; they slow a current
numpy) unless ``--keep-openblas-env``.

    .venv/bin/python benchmarks/mlp.py --runs 7
    .venv/bin/python benchmarks/mlp.py --quick        # one run of each: a smoke test
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

N, D, H, K, BATCH, LR = 60_000, 784, 128, 10, 100, 0.05
STEPS = N // BATCH
SPREAD, NOISE = 0.1, 1.0  # class centres' spread around a shared mean image, pixel noise

Params = list[np.ndarray]


# -- (a) data, the common start and the common scoring -------------------------------------


def synthetic(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """MNIST-shaped data: ten class centres (a shared random image plus a small offset each,
    in [0, 1]) and Gaussian noise per pixel. Not separable after one epoch, so the loss
    after it says something (about 0.56, 81% training accuracy)."""
    rng = np.random.default_rng(seed)
    base = rng.uniform(0, 1, D)
    centres = np.clip(base + rng.normal(0, SPREAD, (K, D)), 0, 1).astype(np.float32)
    y = rng.integers(0, K, N)
    X = np.empty((N, D), np.float32)
    for s in range(0, N, 10_000):
        X[s : s + 10_000] = centres[y[s : s + 10_000]]
        X[s : s + 10_000] += rng.normal(0, NOISE, (10_000, D)).astype(np.float32)
    return X, y


def one_hot(y: np.ndarray) -> np.ndarray:
    Y = np.zeros((len(y), K), np.float32)
    Y[np.arange(len(y)), y] = 1
    return Y


def start_params() -> Params:
    """nnguide's seeded He start (float32); every contender begins from copies of it."""
    from nnguide.core import Network

    return Network((D, H, K), "relu", "softmax").init_params(0, dtype=np.float32)


def batch_order() -> np.ndarray:
    """The rows of the epoch in nnguide's order for seed 0 (what ``sgd(seed=0)`` visits)."""
    from nnguide.core.descent import epoch_order

    return np.array(epoch_order(N, 0, 0))  # a writable copy (torch.from_numpy wants one)


def score(params: Params, X: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Full-data mean cross-entropy and accuracy, float64, in chunks: one judge for all."""
    W1, b1, W2, b2 = (np.asarray(p, np.float64) for p in params)
    total, right = 0.0, 0
    for s in range(0, len(y), 10_000):
        z = np.maximum(X[s : s + 10_000] @ W1 + b1, 0) @ W2 + b2
        z -= z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        rows = y[s : s + 10_000]
        total -= logp[np.arange(len(rows)), rows].sum()
        right += int((z.argmax(axis=1) == rows).sum())
    return total / len(y), right / len(y)


# -- (a) the contenders: each takes (X, Y, y) and returns its weights as [W1, b1, W2, b2] ----


def nnguide_epoch(X: np.ndarray, Y: np.ndarray, y: np.ndarray, final_loss: bool = False) -> Params:
    from nnguide.core import Network, Objective, get_loss, sgd

    network = Network((D, H, K), "relu", "softmax")
    objective = Objective(X, Y, get_loss("cross-entropy", "classification"), network)
    result = sgd(
        objective,
        start_params(),
        steps=STEPS,
        batch_size=BATCH,
        learning_rate=LR,
        seed=0,
        final_loss=final_loss,
    )
    assert not result.diverged
    return result.params


def numpy_epoch(X: np.ndarray, Y: np.ndarray, y: np.ndarray) -> Params:
    """The same algorithm by hand: per batch forward, loss (recorded, as nnguide's
    loss curve is), softmax-cross-entropy gradient, backward, in-place step."""
    W1, b1, W2, b2 = start_params()
    order = batch_order()
    curve = []
    for start in range(0, N, BATCH):
        rows = order[start : start + BATCH]
        xb, yb = X.take(rows, axis=0), Y.take(rows, axis=0)
        z1 = xb @ W1 + b1
        a1 = np.maximum(z1, 0)
        z2 = a1 @ W2 + b2
        z2 -= z2.max(axis=1, keepdims=True)
        logp = z2 - np.log(np.exp(z2).sum(axis=1, keepdims=True))
        curve.append(float(-(yb * logp).sum() / len(rows)))
        dz2 = (np.exp(logp) - yb) / len(rows)
        gW2, gb2 = a1.T @ dz2, dz2.sum(axis=0)
        dz1 = (dz2 @ W2.T) * (z1 > 0)
        gW1, gb1 = xb.T @ dz1, dz1.sum(axis=0)
        W1 -= LR * gW1
        b1 -= LR * gb1
        W2 -= LR * gW2
        b2 -= LR * gb2
    return [W1, b1, W2, b2]


def torch_epoch(X: np.ndarray, Y: np.ndarray, y: np.ndarray) -> Params:
    import torch

    W1, b1, W2, b2 = start_params()
    model = torch.nn.Sequential(torch.nn.Linear(D, H), torch.nn.ReLU(), torch.nn.Linear(H, K))
    with torch.no_grad():
        for layer, W, b in ((model[0], W1, b1), (model[2], W2, b2)):
            layer.weight.copy_(torch.from_numpy(W.T.copy()))
            layer.bias.copy_(torch.from_numpy(b))
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    order = torch.from_numpy(batch_order())
    loss_fn = torch.nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    curve = []
    for start in range(0, N, BATCH):
        rows = order[start : start + BATCH]
        loss = loss_fn(model(Xt.index_select(0, rows)), yt.index_select(0, rows))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        curve.append(loss.item())
    return [
        model[0].weight.detach().numpy().T.copy(),
        model[0].bias.detach().numpy().copy(),
        model[2].weight.detach().numpy().T.copy(),
        model[2].bias.detach().numpy().copy(),
    ]


EPOCHS: dict[str, Callable[[np.ndarray, np.ndarray, np.ndarray], Params]] = {
    "nnguide sgd": nnguide_epoch,
    "nnguide sgd, final_loss=True": lambda X, Y, y: nnguide_epoch(X, Y, y, final_loss=True),
    "bare numpy loop": numpy_epoch,
    "PyTorch": torch_epoch,
}


def _has_torch() -> bool:
    # Not imported here: a child's ru_maxrss starts from its parent's peak RSS.
    import importlib.util

    return importlib.util.find_spec("torch") is not None


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def worker_a(name: str, data: str, threads: int) -> dict[str, Any]:
    if name == "PyTorch":
        import torch

        torch.set_num_threads(threads)
    X, y = np.load(Path(data) / "X.npy"), np.load(Path(data) / "y.npy")
    Y = one_hot(y)
    fn = EPOCHS[name]
    rss_before = _peak_rss_mib()
    fn(X, Y, y)  # warm-up: BLAS buffers, first-call costs (PyTorch's first epoch is 3× slower)
    wall, cpu = time.perf_counter(), time.process_time()
    params = fn(X, Y, y)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    rss_after = _peak_rss_mib()
    loss, acc = score(params, X, y)
    return {
        "wall": wall,
        "cpu": cpu,
        "loss": loss,
        "accuracy": acc,
        "rss_before": rss_before,
        "rss_peak": rss_after,
    }


def worker_memory(name: str, data: str) -> dict[str, Any]:
    """Peak of numpy's allocations during one epoch (tracemalloc; numpy reports its buffers)."""
    X, y = np.load(Path(data) / "X.npy"), np.load(Path(data) / "y.npy")
    Y = one_hot(y)
    fn = EPOCHS[name]
    fn(X, Y, y)  # BLAS buffers, caches: not what training keeps
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    fn(X, Y, y)
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    return {"peak": peak}


# -- (b) the digits ------------------------------------------------------------------------


def digits_split() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    from nnguide.core.split import train_test_split
    from nnguide.data import load_dataset

    sel = load_dataset("digits").select()
    train, test = train_test_split(len(sel.y), 0.25, seed=0, labels=sel.y)
    return sel.X[train], sel.y[train], sel.X[test], sel.y[test]


def _preset_model() -> Any:
    from nnguide.core import MLPClassifier
    from nnguide.lessons.presets import DIGITS_DEEP as P

    return MLPClassifier(
        hidden_layer_sizes=P.hidden,
        activation=P.activation,
        learning_rate=P.learning_rate,
        batch_size=P.batch_size,
        max_steps=P.steps,
        standardize="shared",
        random_state=P.seed,
    )


def _tuned_model() -> Any:
    """Plain SGD like the preset, in larger batches and fewer epochs, chosen on this split as
    scikit-learn's tuned setting was (over model seeds 0–4 it scores as the preset does)."""
    from nnguide.core import MLPClassifier

    return MLPClassifier(
        hidden_layer_sizes=(256,),
        activation="relu",
        learning_rate=0.5,
        batch_size=32,
        max_steps=20 * 43,  # 1,347 rows: 43 batches of 32 an epoch
        standardize="shared",
        random_state=0,
    )


class _SharedSpread:
    """Each pixel less its mean, over one spread for all pixels (nnguide's "shared")."""

    def fit(self, X: np.ndarray) -> _SharedSpread:
        self.mean, self.scale = X.mean(axis=0), X.std()
        return self

    def transform(self, X: np.ndarray) -> np.ndarray:
        return (X - self.mean) / self.scale


class _Scaled:
    """A scaler and a classifier; ``fit`` does both, so the timed fit includes scaling."""

    def __init__(self, scaler: Any, model: Any) -> None:
        self.scaler, self.model = scaler, model

    def fit(self, X: np.ndarray, y: np.ndarray) -> _Scaled:
        self.model.fit(self.scaler.fit(X).transform(X), y)
        return self

    def score(self, X: np.ndarray, y: np.ndarray) -> float:
        return float(self.model.score(self.scaler.transform(X), y))


class _BareDigits:
    """nnguide's algorithm on the digits written out in numpy: the floor for the preset."""

    def fit(self, X: np.ndarray, y: np.ndarray) -> _BareDigits:
        from nnguide.core import Network
        from nnguide.core.descent import epoch_order
        from nnguide.lessons.presets import DIGITS_DEEP as P

        self.classes = np.unique(y)
        self.scaler = _SharedSpread().fit(X)
        Xs = self.scaler.transform(X)
        Y = (y[:, None] == self.classes).astype(Xs.dtype)
        net = Network((X.shape[1], *P.hidden, len(self.classes)), P.activation, "softmax")
        W1, b1, W2, b2 = net.init_params(P.seed, dtype=Xs.dtype)
        n, bs, lr = len(y), P.batch_size, P.learning_rate
        curve = []
        for epoch in range(P.epochs):
            order = epoch_order(n, P.seed, epoch)
            for start in range(0, n, bs):
                rows = order[start : start + bs]
                xb, yb = Xs.take(rows, axis=0), Y.take(rows, axis=0)
                z1 = xb @ W1 + b1
                a1 = np.maximum(z1, 0)
                z2 = a1 @ W2 + b2
                z2 -= z2.max(axis=1, keepdims=True)
                logp = z2 - np.log(np.exp(z2).sum(axis=1, keepdims=True))
                curve.append(float(-(yb * logp).sum() / len(rows)))  # as nnguide records it
                dz2 = (np.exp(logp) - yb) / len(rows)
                dz1 = (dz2 @ W2.T) * (z1 > 0)
                W2 -= lr * (a1.T @ dz2)
                b2 -= lr * dz2.sum(axis=0)
                W1 -= lr * (xb.T @ dz1)
                b1 -= lr * dz1.sum(axis=0)
        self.params = [W1, b1, W2, b2]
        return self

    def score(self, X: np.ndarray, y: np.ndarray) -> float:
        W1, b1, W2, b2 = self.params
        z = np.maximum(self.scaler.transform(X) @ W1 + b1, 0) @ W2 + b2
        return float(np.mean(self.classes[z.argmax(axis=1)] == y))


def _sklearn(kind: str) -> Any:
    from sklearn.neural_network import MLPClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from nnguide.lessons.presets import DIGITS_DEEP as P

    if kind == "defaults":
        return make_pipeline(StandardScaler(), MLPClassifier(random_state=0))
    if kind == "tuned":
        return make_pipeline(
            StandardScaler(),
            MLPClassifier(
                hidden_layer_sizes=(128,),
                learning_rate_init=0.01,
                batch_size=64,
                max_iter=10,
                random_state=0,
            ),
        )
    # nnguide's algorithm in scikit-learn: plain SGD, no momentum, no penalty, fixed steps.
    return _Scaled(
        _SharedSpread(),
        MLPClassifier(
            hidden_layer_sizes=P.hidden,
            activation=P.activation,
            solver="sgd",
            learning_rate_init=P.learning_rate,
            momentum=0.0,
            alpha=0.0,
            batch_size=P.batch_size,
            max_iter=P.epochs,
            tol=0.0,
            n_iter_no_change=P.epochs,
            random_state=0,
        ),
    )


DIGIT_MODELS: dict[str, tuple[Callable[[], Any], bool, str]] = {
    # name: (model factory, float32 inputs?, what it is)
    "nnguide DIGITS_DEEP": (
        _preset_model,
        False,
        "MLPClassifier, (256,) relu, lr 0.2, batch 16, 3,400 steps, shared spread; float64",
    ),
    "nnguide DIGITS_DEEP, float32": (_preset_model, True, "the same on float32 pixels"),
    "nnguide tuned for speed": (
        lambda: _tuned_model(),
        True,
        "MLPClassifier, (256,) relu, lr 0.5, batch 32, 20 epochs = 860 steps, shared; float32",
    ),
    "bare numpy, same algorithm": (_BareDigits, False, "the floor for the preset (float64)"),
    "sklearn defaults": (
        lambda: _sklearn("defaults"),
        False,
        "StandardScaler + MLPClassifier(): (100,) relu, adam 0.001, batch 200, ≤ 200 epochs",
    ),
    "sklearn tuned": (
        lambda: _sklearn("tuned"),
        False,
        "StandardScaler + (128,) relu, adam lr 0.01, batch 64, max_iter 10, no early stop",
    ),
    "sklearn, nnguide's algorithm": (
        lambda: _sklearn("same"),
        False,
        "shared spread + (256,) relu, sgd lr 0.2, momentum 0, alpha 0, batch 16, 40 epochs",
    ),
}


def worker_b(name: str) -> dict[str, Any]:
    import warnings

    factory, float32, _ = DIGIT_MODELS[name]
    X_train, y_train, X_test, y_test = digits_split()
    if float32:
        X_train, X_test = X_train.astype(np.float32), X_test.astype(np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scikit-learn's ConvergenceWarning at max_iter
        factory().fit(X_train, y_train)  # warm-up
        model = factory()
        wall, cpu = time.perf_counter(), time.process_time()
        model.fit(X_train, y_train)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"wall": wall, "cpu": cpu, "accuracy": model.score(X_test, y_test)}


# -- the parent: spawn, interleave, summarise ------------------------------------------------


def _worker_env(threads: int, keep_openblas_env: bool) -> dict[str, str]:
    env = dict(os.environ)
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = str(threads)
    if not keep_openblas_env:
        env.pop("OPENBLAS_CORETYPE", None)
        env.pop("OPENBLAS_L2_SIZE", None)
    return env


def _spawn(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--worker", json.dumps(args)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def _rotated(names: list[str], run: int) -> list[str]:
    k = run % len(names)
    return names[k:] + names[:k]


def _median(rows: list[dict[str, Any]], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def _ratios(
    results: dict[str, list[dict[str, Any]]], name: str, base: str, key: str
) -> tuple[float, float, float]:
    """Median, min and max over runs of ``name``'s time over ``base``'s in the same run."""
    r = [a[key] / b[key] for a, b in zip(results[name], results[base], strict=True)]
    return statistics.median(r), min(r), max(r)


def _ratio_text(results: dict[str, list[dict[str, Any]]], name: str, base: str) -> str:
    w, c = _ratios(results, name, base, "wall"), _ratios(results, name, base, "cpu")
    return f"wall {w[0]:.2f}× ({w[1]:.2f}–{w[2]:.2f}), CPU {c[0]:.2f}× ({c[1]:.2f}–{c[2]:.2f})"


def _verdict(results: dict[str, list[dict[str, Any]]], name: str, base: str, goal: float) -> str:
    wall = _ratios(results, name, base, "wall")[0] <= goal
    cpu = _ratios(results, name, base, "cpu")[0] <= goal
    if wall and cpu:
        return "met"
    if wall or cpu:
        return "met on wall time only" if wall else "met on CPU time only"
    return "NOT met"


def _run_all(
    names: list[str], runs: int, job: Callable[[str], list[Any]], env: dict[str, str]
) -> dict[str, list[dict[str, Any]]]:
    """Every contender once per run, in an order rotated from run to run."""
    results: dict[str, list[dict[str, Any]]] = {n: [] for n in names}
    for run in range(runs):
        for name in _rotated(names, run):
            results[name].append(_spawn(job(name), env))
        line = "  ".join(f"{results[n][-1]['wall'] * 1000:.0f}" for n in names)
        print(f"    run {run + 1} (load {os.getloadavg()[0]:.1f}): wall ms  {line}", flush=True)
    return results


def part_a(runs: int, env: dict[str, str]) -> None:
    names = list(EPOCHS)
    if not _has_torch():
        names.remove("PyTorch")
    print(
        f"(a) one epoch: {N:,} × {D} float32, {D} → {H} → {K} ReLU, batch {BATCH}, "
        f"{STEPS} SGD steps at lr {LR}; {runs} run(s), contenders interleaved, "
        "each in a fresh process after a warm-up epoch"
    )
    print(f"    order in each run line: {', '.join(names)}")
    with tempfile.TemporaryDirectory() as tmp:
        # Made by a worker of its own: a child's ru_maxrss starts from its parent's peak, so
        # this process never holds the data. (.npy files load with no second copy.)
        _spawn(["data", tmp], env)
        results = _run_all(names, runs, lambda name: ["a", name, tmp], env)
        memory = {
            n: _spawn(["memory", n, tmp], env)["peak"]
            for n in ("nnguide sgd", "nnguide sgd, final_loss=True", "bare numpy loop")
        }
    base = "bare numpy loop"
    print(
        f"    {'contender':<30} {'wall ms':>8} {'CPU ms':>8}   "
        f"{'vs bare loop, medians of runs':<46} {'loss':>7} {'acc':>7}"
    )
    for name in names:
        rows = results[name]
        print(
            f"    {name:<30} {_median(rows, 'wall') * 1000:8.1f} {_median(rows, 'cpu') * 1000:8.1f}"
            f"   {_ratio_text(results, name, base):<46} {_median(rows, 'loss'):7.4f}"
            f" {_median(rows, 'accuracy'):7.2%}"
        )
    print("    (loss and accuracy: the weights after the epoch on all 60,000 rows, float64)")
    print(f"    goal nnguide ≤ 1.15× the bare loop: {_verdict(results, 'nnguide sgd', base, 1.15)}")
    if "PyTorch" in names:
        print(f"    nnguide sgd / PyTorch: {_ratio_text(results, 'nnguide sgd', 'PyTorch')}")
        verdict = _verdict(results, "nnguide sgd", "PyTorch", 1.0)
        print(f"    goal nnguide faster than PyTorch: {verdict}")
    else:
        print("    (PyTorch not installed: pip install torch==2.13.0 to compare)")
    activations = BATCH * (D + 2 * H + K) * 4  # what one batch's forward pass keeps
    print(
        f"    memory: peak RSS (ru_maxrss) of each epoch's process, the data "
        f"({N * D * 4 / 2**20:.0f} MiB) included, and how much it grew in training:"
    )
    for name in names:
        rows = results[name]
        print(
            f"      {name:<30} peak {_median(rows, 'rss_peak'):6.0f} MiB, "
            f"+{_median(rows, 'rss_peak') - _median(rows, 'rss_before'):5.1f} MiB in training"
        )
    print(
        f"    numpy's peak allocations during an epoch (tracemalloc); one batch's "
        f"activations (input, z₁, a₁, z₂) = {activations / 1024:.0f} KiB:"
    )
    for name, peak in memory.items():
        print(f"      {name:<30} {peak / 2**20:6.2f} MiB = {peak / activations:5.1f} batches")


def part_b(runs: int, env: dict[str, str]) -> None:
    names = list(DIGIT_MODELS)
    X_train, _, X_test, _ = digits_split()
    print(
        f"(b) 8×8 digits, {len(X_train):,} train / {len(X_test):,} test rows, whole fit; "
        f"{runs} run(s) interleaved, each in a fresh process after a warm-up fit"
    )
    print(f"    order in each run line: {', '.join(names)}")
    results = _run_all(names, runs, lambda name: ["b", name], env)
    print(f"    {'model':<30} {'wall ms':>8} {'CPU ms':>8} {'test acc':>9}   settings")
    for name in names:
        rows = results[name]
        print(
            f"    {name:<30} {_median(rows, 'wall') * 1000:8.1f} {_median(rows, 'cpu') * 1000:8.1f}"
            f" {_median(rows, 'accuracy'):9.2%}   {DIGIT_MODELS[name][2]}"
        )
    bar = 0.975
    print(
        f"    ratios (medians over runs of each run's ratio); the bar is {bar:.1%} test accuracy:"
    )
    pairs = [("nnguide DIGITS_DEEP", "bare numpy, same algorithm")] + [
        (ours, peer)
        for ours in names
        if ours.startswith("nnguide")
        for peer in names
        if peer.startswith("sklearn")
    ]
    for ours, peer in pairs:
        mine, theirs = _median(results[ours], "accuracy"), _median(results[peer], "accuracy")
        if not peer.startswith("sklearn"):
            note = ""
        elif mine < bar:
            note = "(below the bar)"
        elif mine < theirs:
            note = "(lower accuracy than the peer)"
        else:
            note = f"goal ≤ 1.0×: {_verdict(results, ours, peer, 1.0)}"
            note += " (the peer is below the bar)" if theirs < bar else ""
        print(f"    {ours} / {peer}: {_ratio_text(results, ours, peer)} {note}")


def _machine(env: dict[str, str]) -> None:
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
        f", numpy {np.__version__}, load average {os.getloadavg()[0]:.2f}"
    )
    info = _spawn(["info"], env)
    for pool in info["pools"]:
        print(f"    {pool}")
    print(f"    versions: {info['versions']}")
    print(
        f"    threads: OPENBLAS/OMP/MKL_NUM_THREADS={env['OMP_NUM_THREADS']}; "
        f"OPENBLAS_CORETYPE={env.get('OPENBLAS_CORETYPE', '(unset)')}"
    )


def worker_info() -> dict[str, Any]:
    versions = {"numpy": np.__version__}
    for module in ("sklearn", "torch"):
        try:
            versions[module] = __import__(module).__version__
        except ImportError:
            versions[module] = "not installed"
    pools = []
    try:
        import sklearn.neural_network  # noqa: F401  (load its BLAS, to list it)
        from threadpoolctl import threadpool_info

        pools = [
            f"{p['internal_api']} {p.get('version')} {p.get('architecture', '')} "
            f"threads={p['num_threads']} ({Path(p['filepath']).name})"
            for p in threadpool_info()
        ]
    except ImportError:
        pass
    return {"pools": pools, "versions": versions}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per contender")
    parser.add_argument("--quick", action="store_true", help="one run (a smoke test)")
    parser.add_argument("--only", choices=["a", "b"])
    parser.add_argument("--threads", type=int, default=1, help="BLAS threads per contender")
    parser.add_argument("--keep-openblas-env", action="store_true")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, *rest = json.loads(args.worker)
        threads = int(os.environ.get("OMP_NUM_THREADS", "1"))
        if kind == "a":
            out = worker_a(rest[0], rest[1], threads)
        elif kind == "memory":
            out = worker_memory(rest[0], rest[1])
        elif kind == "data":
            X, y = synthetic()
            np.save(Path(rest[0]) / "X.npy", X)
            np.save(Path(rest[0]) / "y.npy", y)
            out = {}
        elif kind == "b":
            out = worker_b(rest[0])
        else:
            out = worker_info()
        print(json.dumps(out))
        return
    runs = 1 if args.quick else args.runs
    env = _worker_env(args.threads, args.keep_openblas_env)
    _machine(env)
    t0 = time.perf_counter()
    if args.only in (None, "a"):
        part_a(runs, env)
    if args.only in (None, "b"):
        part_b(runs, env)
    took = time.perf_counter() - t0
    print(f"load average at the end: {os.getloadavg()[0]:.2f}; took {took:.0f} s")


if __name__ == "__main__":
    main()
