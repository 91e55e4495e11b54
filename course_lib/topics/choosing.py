r"""10 — choosing an activation: the experiment of notebook 10 and a recording trainer.

The experiment trains the same ``nn.MLP([2, 16, 16, 1])`` with each hidden activation on three
2-D data sets made in code, from several seeds. :func:`train_together` trains several such
networks at once: it runs the arithmetic of ``net.fit(X, y, "bce", eta, epochs)`` on stacked
weights (one matrix product serves every network), so a notebook can afford many runs; the
tests check that it reproduces ``net.fit``. On the way it stores each network's output on a
grid of the input plane (the frames of
:func:`~course_lib.widgets.choosing.decision_boundary_explorer`).

Here also the experiment's settings: the activations compared (``ACTIVATIONS``), the initializer
paired with each (``INIT_FOR``), the colour each has in every figure (``COLORS``), the data sets
(``DATASETS``, :func:`make_datasets`) and the square of the input plane they lie in
(``EXTENT``, :func:`input_grid`). For the debugging exercise: a one-hidden-layer ReLU network
with a sigmoid output written out in NumPy (:func:`relu_net_loss`, :func:`relu_net_gradients`,
:func:`train_step`, the reference solution) and the same training step with a planted bug
(:func:`buggy_relu_net_gradients`, :func:`buggy_train_step`). The plots are in
:mod:`course_lib.plotting.choosing`; the Reflect quiz and the decision-boundary explorer in
:mod:`course_lib.widgets.choosing`, the checkers in :mod:`course_lib.exercises.choosing`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from course_lib import activations, datasets, nn
from course_lib._validate import as_float_array, as_positive_int, as_real, check_rng

__all__ = [
    "ACTIVATIONS",
    "COLORS",
    "DATASETS",
    "EXTENT",
    "INIT_FOR",
    "Recording",
    "buggy_relu_net_gradients",
    "buggy_train_step",
    "input_grid",
    "make_datasets",
    "relu_net_gradients",
    "relu_net_loss",
    "train_step",
    "train_together",
]

# the hidden activations compared, in the order of the lecture notes
ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu")
# each activation with the initializer usually paired with it (notebook 08)
INIT_FOR = {
    "sigmoid": "glorot_uniform",
    "tanh": "glorot_uniform",
    "relu": "he_normal",
    "leaky_relu": "he_normal",
    "elu": "he_normal",
    "gelu": "he_normal",
    "swish": "he_normal",
    "selu": "lecun_normal",
}
# the colour of each activation in every figure of the notebook (the plots and the explorer)
COLORS = {
    "sigmoid": "tab:gray",
    "tanh": "tab:purple",
    "relu": "tab:blue",
    "leaky_relu": "tab:cyan",
    "elu": "tab:green",
    "gelu": "tab:orange",
    "swish": "tab:red",
    "selu": "tab:brown",
}
DATASETS = ("xor", "circles", "spirals")
EXTENT = (-1.5, 1.5, -1.5, 1.5)  # every data set lies inside this square (xor is centred first)


def make_datasets(m: int, rng: np.random.Generator) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """{name: (X, y)} for the XOR cloud (shifted by −0.5, so centred at 0), circles and spirals."""
    m, rng = as_positive_int(m, "m"), check_rng(rng)
    X, y = datasets.xor_cloud(m, rng)
    return {"xor": (X - 0.5, y), "circles": datasets.circles(m, rng), "spirals": datasets.spirals(m, rng)}


def input_grid(n: int = 60, extent=EXTENT) -> np.ndarray:
    """n×n points covering ``extent`` (x_min, x_max, y_min, y_max) as rows (x1, x2), bottom row first."""
    n = as_positive_int(n, "n")
    x1, x2 = np.meshgrid(np.linspace(extent[0], extent[1], n), np.linspace(extent[2], extent[3], n))
    return np.column_stack([x1.ravel(), x2.ravel()])


@dataclass
class Recording:
    """What :func:`train_together` kept for one network: J per step, frames of P(y=1), fit time."""

    costs: np.ndarray  # (epochs,): the cost before each step, as net.fit returns it
    frames: np.ndarray  # (k, n, n): the output on the grid after 0, every, 2·every, … steps
    frame_epochs: np.ndarray  # (k,): the step count of each frame
    frame_accuracy: np.ndarray  # (k,): the training accuracy at each frame
    seconds: float  # wall time of the training steps, divided by the number of networks trained together


def _check_together(nets, data):
    if not nets or len(nets) != len(data):
        raise ValueError(f"need one (X, y) per network, got {len(nets)} networks and {len(data)} data sets")
    first = nets[0]
    for net in nets:
        if not isinstance(net, nn.MLP):
            raise TypeError(f"expected nn.MLP networks, got {type(net).__name__}")
        same = (net.sizes, net.hidden.name, net.hidden_params) == (
            first.sizes,
            first.hidden.name,
            first.hidden_params,
        )
        if not same or net.output != "sigmoid" or net.sizes[-1] != 1 or net.learns_alpha:
            raise ValueError(
                "train_together needs networks with the same sizes and hidden activation, one sigmoid "
                f"output unit and no learnable alpha; got {net!r} next to {first!r}"
            )
    Xs = [as_float_array(X, "X") for X, _ in data]
    if any(X.shape != (Xs[0].shape[0], first.sizes[0]) for X in Xs):
        raise ValueError(
            f"every X must have the same shape (m, {first.sizes[0]}), got {[X.shape for X in Xs]}"
        )
    ys = [as_float_array(y, "y").reshape(-1) for _, y in data]
    if any(y.shape[0] != Xs[0].shape[0] for y in ys):
        raise ValueError("every y must hold one label per row of its X")
    return Xs, ys


def train_together(
    nets,
    data,
    *,
    eta: float,
    epochs: int,
    every: int | None = None,
    grid: np.ndarray | None = None,
) -> list[Recording]:
    """Train k networks at once with :func:`course_lib.nn.train`, each on its own data set.

    ``nets`` are ``nn.MLP`` with the same sizes and hidden activation and one sigmoid output;
    ``data`` holds one (X, y) per network (all X of the same shape). The trained weights are
    written back into ``nets``. With a ``grid`` (n·n points, rows (x1, x2)) each network's output
    on it is recorded before the first step and after every ``every`` steps.
    """
    eta, epochs = as_real(eta, "eta"), as_positive_int(epochs, "epochs")
    Xs, ys = _check_together(nets, data)
    k, side = len(nets), 0
    if grid is not None:
        grid = as_float_array(grid, "grid")
        side = round(np.sqrt(grid.shape[0]))
        if grid.ndim != 2 or grid.shape[1] != 2 or side * side != grid.shape[0]:
            raise ValueError(f"grid must hold n×n points as rows (x1, x2), got shape {grid.shape}")
    frames, frame_epochs, accuracy = [], [], []
    X, Y = np.stack(Xs), np.stack(ys)[:, :, None]
    sigmoid = activations.get("sigmoid")
    hidden, params = nets[0].hidden.name, nets[0].hidden_params
    timer = {"seconds": 0.0, "start": time.perf_counter()}

    def record(done, weights, biases):
        """What the networks output on the grid and how many training points they get right."""
        timer["seconds"] += time.perf_counter() - timer["start"]
        Z_grid, _ = nn.network_forward(
            np.broadcast_to(grid, (k, *grid.shape)), weights, biases, hidden, params
        )
        frames.append(sigmoid(Z_grid[..., 0]).reshape(k, side, side))
        Z, _ = nn.network_forward(X, weights, biases, hidden, params)
        accuracy.append(np.mean((sigmoid(Z) >= 0.5) == (Y == 1), axis=(1, 2)))
        frame_epochs.append(done)
        timer["start"] = time.perf_counter()

    callback = record if grid is not None else None
    costs = nn.train(nets, Xs, ys, loss="bce", eta=eta, epochs=epochs, every=every, callback=callback)
    timer["seconds"] += time.perf_counter() - timer["start"]
    return [
        Recording(
            costs=costs[i].copy(),
            frames=np.array([f[i] for f in frames]) if frames else np.empty((0, 0, 0)),
            frame_epochs=np.array(frame_epochs, dtype=np.int64),
            frame_accuracy=np.array([a[i] for a in accuracy]),
            seconds=timer["seconds"] / k,
        )
        for i in range(k)
    ]


# ---------------------------------------------------------------- the debugging exercise
def _relu_net_forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    A1 = np.maximum(Z1, 0.0)
    Z2 = A1 @ params["W2"] + params["b2"]
    return Z1, A1, Z2


def relu_net_loss(params, X, y) -> float:
    """The mean binary cross-entropy of the network X → ReLU → sigmoid (params W1, b1, W2, b2; y (m,))."""
    _, _, Z2 = _relu_net_forward(params, np.asarray(X, dtype=np.float64))
    z, t = Z2[:, 0], np.asarray(y, dtype=np.float64).reshape(-1)
    return float(np.mean(np.logaddexp(0.0, z) - t * z))  # ln(1 + e^z) − y z, from the logit


def relu_net_gradients(params, X, y) -> dict[str, np.ndarray]:
    """∂J/∂W1, ∂J/∂b1, ∂J/∂W2, ∂J/∂b2 of :func:`relu_net_loss` (the 1/m once, in dZ2)."""
    X = np.asarray(X, dtype=np.float64)
    m = X.shape[0]
    Z1, A1, Z2 = _relu_net_forward(params, X)
    A2 = 1.0 / (1.0 + np.exp(-Z2))
    dZ2 = (A2 - np.asarray(y, dtype=np.float64).reshape(-1, 1)) / m
    dZ1 = (dZ2 @ params["W2"].T) * (Z1 > 0)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A1.T @ dZ2, "b2": dZ2.sum(axis=0)}


def buggy_relu_net_gradients(params, X, y) -> dict[str, np.ndarray]:
    """∂J/∂W1, ∂J/∂b1, ∂J/∂W2, ∂J/∂b2 of X → ReLU → sigmoid with mean binary cross-entropy,
    written by a classmate, with one deliberate bug. Find it with a gradient check."""
    X = np.asarray(X, dtype=np.float64)
    m = X.shape[0]
    Z1 = X @ params["W1"] + params["b1"]
    A1 = np.maximum(Z1, 0.0)
    A2 = 1.0 / (1.0 + np.exp(-(A1 @ params["W2"] + params["b2"])))
    dZ2 = (A2 - np.asarray(y, dtype=np.float64).reshape(-1, 1)) / m
    dW2 = A1.T @ dZ2
    db2 = dZ2.sum(axis=0)
    dZ1 = (dZ2 @ params["W2"].T) * (Z1 > 0)
    dW1 = X.T @ dZ1 / m
    db1 = dZ1.sum(axis=0) / m
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def train_step(params, X, y, eta: float) -> dict[str, np.ndarray]:
    """One step of gradient descent: a new dict {name: value − eta · gradient}; ``params`` unchanged.

    The reference solution of the debugging exercise, written out (the checker forbids calling
    :func:`relu_net_gradients`); the tests check that it agrees with it.
    """
    X = np.asarray(X, dtype=np.float64)
    m = X.shape[0]
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    Z1 = X @ W1 + b1
    A1 = np.maximum(Z1, 0.0)
    A2 = 1.0 / (1.0 + np.exp(-(A1 @ W2 + b2)))
    dZ2 = (A2 - np.asarray(y, dtype=np.float64).reshape(-1, 1)) / m  # the 1/m of the mean, once
    dZ1 = (dZ2 @ W2.T) * (Z1 > 0)
    grads = {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A1.T @ dZ2, "b2": dZ2.sum(axis=0)}
    return {name: params[name] - eta * grads[name] for name in params}


def buggy_train_step(params, X, y, eta: float) -> dict[str, np.ndarray]:
    """:func:`train_step` on the gradients of :func:`buggy_relu_net_gradients`."""
    grads = buggy_relu_net_gradients(params, X, y)
    return {name: params[name] - eta * grads[name] for name in params}
