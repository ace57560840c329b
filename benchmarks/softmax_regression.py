"""Softmax regression speed: nnguide's SGD loop against its peers.

(a) MNIST-shaped synthetic data (60,000 × 784 float32, 10 classes), batch 100,
    one epoch of mini-batch SGD on cross-entropy:
    nnguide.core.sgd  vs  a bare numpy loop of the same algorithm  vs  PyTorch CPU.
(b) The 8×8 digits with nnguide's default settings (≥ 96% test accuracy)
    vs scikit-learn's LogisticRegression on the same split.

Medians of ``--repeats`` runs (default 5), all in one process. PyTorch is
optional: install it for the benchmark only (``pip install torch==2.13.0``).

    .venv/bin/python benchmarks/softmax_regression.py
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from collections.abc import Callable

import numpy as np

from nnguide.core import Objective, get_loss, sgd

N, D, K, BATCH, LR = 60_000, 784, 10, 100, 0.1


def synthetic(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ten Gaussian blobs in 784 dimensions, roughly in MNIST's value range."""
    rng = np.random.default_rng(seed)
    centres = rng.uniform(0, 1, (K, D)).astype(np.float32)
    y = rng.integers(0, K, N)
    X = (centres[y] + rng.normal(0, 0.5, (N, D))).astype(np.float32)
    Y = np.zeros((N, K), np.float32)
    Y[np.arange(N), y] = 1
    return X, Y, y


def nnguide_epoch(X: np.ndarray, Y: np.ndarray, y: np.ndarray, final_loss: bool = False) -> float:
    objective = Objective(X, Y, get_loss("cross-entropy", "classification"))
    result = sgd(
        objective,
        np.zeros((D, K), np.float32),
        np.zeros(K, np.float32),
        steps=N // BATCH,
        batch_size=BATCH,
        lr_weights=LR,
        lr_bias=LR,
        rng=np.random.default_rng(0),
        final_loss=final_loss,
    )
    return result.loss


def numpy_epoch(X: np.ndarray, Y: np.ndarray, y: np.ndarray) -> float:
    """The same algorithm written out by hand: shuffle, then per batch forward, loss, step."""
    W, b = np.zeros((D, K), np.float32), np.zeros(K, np.float32)
    order = np.random.default_rng(0).permutation(N)
    loss = 0.0
    for start in range(0, N, BATCH):
        rows = order[start : start + BATCH]
        xb, yb = X[rows], Y[rows]
        z = xb @ W + b
        z -= z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        loss = float(-(yb * logp).sum() / len(rows))  # the loss curve, as nnguide records it
        dz = (np.exp(logp) - yb) / len(rows)
        W -= LR * (xb.T @ dz)
        b -= LR * dz.sum(axis=0)
    return loss


def torch_epoch_factory() -> Callable[[np.ndarray, np.ndarray, np.ndarray], float] | None:
    try:
        import torch
    except ImportError:
        return None

    def epoch(X: np.ndarray, Y: np.ndarray, y: np.ndarray) -> float:
        Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
        model = torch.nn.Linear(D, K)
        torch.nn.init.zeros_(model.weight)
        torch.nn.init.zeros_(model.bias)
        opt = torch.optim.SGD(model.parameters(), lr=LR)
        order = torch.from_numpy(np.random.default_rng(0).permutation(N))
        loss_value = 0.0
        for start in range(0, N, BATCH):
            rows = order[start : start + BATCH]
            loss = torch.nn.functional.cross_entropy(model(Xt[rows]), yt[rows])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            loss_value = loss.item()
        return loss_value

    return epoch


def median_time(fn: Callable[[], object], repeats: int) -> float:
    fn()  # warm-up: imports, allocator, BLAS threads
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def part_a(repeats: int) -> None:
    X, Y, y = synthetic()
    y64 = y.astype(np.int64)
    runs: dict[str, Callable[[], object]] = {
        "nnguide sgd": lambda: nnguide_epoch(X, Y, y64),
        "nnguide sgd + full loss": lambda: nnguide_epoch(X, Y, y64, final_loss=True),
        "bare numpy loop": lambda: numpy_epoch(X, Y, y64),
    }
    torch_epoch = torch_epoch_factory()
    if torch_epoch is not None:
        import torch

        runs[f"PyTorch {torch.__version__} CPU"] = lambda: torch_epoch(X, Y, y64)
    print(f"(a) one epoch, {N:,}×{D} float32, batch {BATCH}, medians of {repeats}")
    results = {name: median_time(fn, repeats) for name, fn in runs.items()}
    base = results["bare numpy loop"]
    for name, seconds in results.items():
        print(f"    {name:<24} {seconds * 1000:8.1f} ms   {seconds / base:5.2f}× bare numpy")
    if torch_epoch is None:
        print("    (PyTorch not installed: pip install torch==2.13.0 to compare)")


def part_b(repeats: int) -> None:
    from sklearn.linear_model import LogisticRegression

    from nnguide.core import SoftmaxClassifier
    from nnguide.core.split import train_test_split
    from nnguide.data.digits import digits_arrays
    from nnguide.presets import DIGITS

    X, y = digits_arrays()
    train, test = train_test_split(len(y), DIGITS.test_size, seed=DIGITS.seed, labels=y)
    Xtr, Xte = X[train].astype(np.float32), X[test].astype(np.float32)

    def ours() -> float:
        model = SoftmaxClassifier(
            learning_rate=DIGITS.learning_rate,
            batch_size=DIGITS.batch_size,
            max_steps=DIGITS.steps,
            random_state=DIGITS.seed,
        )
        return model.fit(Xtr, y[train]).score(Xte, y[test])

    def sklearn() -> float:
        return float(LogisticRegression(max_iter=1000).fit(Xtr, y[train]).score(Xte, y[test]))

    print(f"(b) 8×8 digits, {len(train):,} train / {len(test):,} test rows, medians of {repeats}")
    t_ours, t_sk = median_time(ours, repeats), median_time(sklearn, repeats)
    print(
        f"    nnguide defaults         {t_ours * 1000:8.1f} ms   test accuracy {ours():.2%}"
        f"   ({DIGITS.steps} steps, batch {DIGITS.batch_size}, lr {DIGITS.learning_rate})"
    )
    print(
        f"    sklearn LogisticRegression {t_sk * 1000:6.1f} ms   test accuracy {sklearn():.2%}"
        f"   (lbfgs, default C=1)"
    )
    print(f"    ratio nnguide / sklearn: {t_ours / t_sk:.2f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--only", choices=["a", "b"])
    args = parser.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, numpy {np.__version__}")
    try:
        from threadpoolctl import threadpool_info

        for pool in threadpool_info():
            print(f"    BLAS: {pool['internal_api']} {pool['version']} {pool.get('architecture')}")
    except ImportError:
        pass
    if args.only in (None, "a"):
        part_a(args.repeats)
    if args.only in (None, "b"):
        part_b(args.repeats)


if __name__ == "__main__":
    main()
