"""Time MLP.gradients (forward + backward, mean BCE) against the matmul-only floor.

The floor is the three matrix products per layer that any implementation must do —
A @ W (forward), Aᵀ @ G (dW) and G @ Wᵀ (dA) — on the same shapes, with nothing else.
Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_mlp.py [--repeats N]``.
Both are timed interleaved in one process, so machine noise hits both alike; medians and the
ratio of medians are printed. Information only, no target: ``course_lib.nn`` is written to be
read (plain layer functions, fresh arrays), and nothing a person waits for depends on this ratio
(Run-All and slider times have their own benchmarks).
"""

from __future__ import annotations

import argparse
import platform
import time

import numpy as np

from course_lib import nn

SIZES = [(10, 64, 64), (30, 128, 256), (50, 256, 512)]  # (hidden layers, width, batch)


def make_case(depth: int, width: int, batch: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    net = nn.MLP([width] * (depth + 1) + [1], hidden="relu", output="sigmoid", init="he_normal", rng=rng)
    X = rng.normal(size=(batch, width))
    y = (rng.random(batch) < 0.5).astype(np.float64)
    # per layer: the activation entering it, its weights, and a gradient of its output's shape
    floor_args = [
        (rng.normal(size=(batch, W.shape[0])), W, rng.normal(size=(batch, W.shape[1]))) for W in net.weights
    ]
    return net, X, y, floor_args


def floor(floor_args) -> None:
    for A, W, G in floor_args:
        A @ W
        A.T @ G
        G @ W.T


def measure(depth, width, batch, repeats):
    net, X, y, floor_args = make_case(depth, width, batch)
    for _ in range(3):  # warm-up
        net.gradients(X, y, "bce")
        floor(floor_args)
    t_net, t_floor = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        net.gradients(X, y, "bce")
        t1 = time.perf_counter()
        floor(floor_args)
        t2 = time.perf_counter()
        t_net.append(t1 - t0)
        t_floor.append(t2 - t1)
    return np.array(t_net), np.array(t_floor)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=60)
    args = parser.parse_args()
    print(
        f"numpy {np.__version__}, python {platform.python_version()}, {platform.machine()}; "
        f"{args.repeats} interleaved repeats, times in ms"
    )
    header = (
        f"{'depth':>5} {'width':>5} {'batch':>5} | {'gradients':>9} {'p90':>7} | "
        f"{'floor':>7} {'p90':>7} | {'ratio':>5}"
    )
    print(header)
    print("-" * len(header))
    for depth, width, batch in SIZES:
        t_net, t_floor = measure(depth, width, batch, args.repeats)
        med_n, med_f = np.median(t_net) * 1e3, np.median(t_floor) * 1e3
        print(
            f"{depth:5d} {width:5d} {batch:5d} | {med_n:9.3f} {np.percentile(t_net, 90) * 1e3:7.3f} | "
            f"{med_f:7.3f} {np.percentile(t_floor, 90) * 1e3:7.3f} | {med_n / med_f:5.2f}"
        )


if __name__ == "__main__":
    main()
