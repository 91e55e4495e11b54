r"""04 — backpropagation: the two-path network, a two-layer net with a planted bug, and plots.

* :func:`two_path_network`: the scalar network x → h1 → {h2, h3} → ŷ of notebook 04, every
  forward value and every ∂e/∂(·), for e = (y − ŷ)²; :func:`plot_two_path_graph` draws it.
* A two-layer network (tanh hidden layer, sigmoid output, binary cross-entropy) with parameters
  in a dict ``{"W1", "b1", "W2", "b2"}``: :func:`two_layer_loss`, :func:`two_layer_backward`,
  :func:`buggy_two_layer_backward` (one deliberate bug, for the find-the-bug exercise) and
  :func:`gradient_check_report` (worst relative error per parameter).
* :func:`finite_difference_errors` and :func:`plot_h_sweep`: the error of a finite difference
  as a function of the step h.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from course_lib import activations, losses
from course_lib._validate import as_float_array, as_real, check_rng
from course_lib.gradcheck import numerical_derivative, numerical_gradient, relative_error

__all__ = [
    "PARAM_NAMES",
    "TWO_PATH_DEFAULTS",
    "buggy_two_layer_backward",
    "edge_width",
    "finite_difference_errors",
    "format_gradient",
    "gradient_check_report",
    "graph_labels",
    "plot_h_sweep",
    "plot_two_path_graph",
    "two_layer_backward",
    "two_layer_loss",
    "two_layer_problem",
    "two_path_network",
]

sigmoid = activations.get("sigmoid")  # buggy_two_layer_backward's printed source calls it by this name
_sigmoid = sigmoid

# ---------------------------------------------------------------- the two-path network
TWO_PATH_DEFAULTS = {"x": 0.8, "w1": 0.6, "w2": -1.2, "w3": 0.9, "w4": 1.0, "w5": 0.6, "y": 1.0}


def two_path_network(
    x: float, w1: float, w2: float, w3: float, w4: float, w5: float, y: float = 1.0
) -> dict[str, float]:
    r"""Forward and backward pass of x → h1 → {h2, h3} → ŷ (sigmoid units, no biases), e = (y − ŷ)².

    z1 = w1 x, a1 = σ(z1); z2 = w2 a1, a2 = σ(z2); z3 = w3 a1, a3 = σ(z3);
    z4 = w4 a2 + w5 a3, ŷ = a4 = σ(z4). Keys: the forward values ``z1``…``a4``, ``e``; the
    gradients ``de_da4``, ``de_dz4``, ``de_da2``…``de_dz1``, ``de_dx``, ``de_dw1``…``de_dw5``;
    and the two path terms of ∂e/∂w1, ``path_h2`` and ``path_h3`` (they sum to ``de_dw1``).
    """
    x, w1, w2, w3, w4, w5, y = (
        as_real(v, n) for v, n in zip((x, w1, w2, w3, w4, w5, y), ("x", "w1", "w2", "w3", "w4", "w5", "y"))
    )
    s, ds = _sigmoid.f, _sigmoid.df
    v: dict[str, float] = {}
    v["z1"] = w1 * x
    v["a1"] = float(s(v["z1"]))
    v["z2"], v["z3"] = w2 * v["a1"], w3 * v["a1"]
    v["a2"], v["a3"] = float(s(v["z2"])), float(s(v["z3"]))
    v["z4"] = w4 * v["a2"] + w5 * v["a3"]
    v["a4"] = float(s(v["z4"]))
    v["e"] = (y - v["a4"]) ** 2
    # backward: each ∂e/∂(node) is ∂e/∂(its output) times one local derivative
    v["de_da4"] = -2.0 * (y - v["a4"])
    v["de_dz4"] = v["de_da4"] * float(ds(v["z4"]))
    v["de_dw4"], v["de_dw5"] = v["de_dz4"] * v["a2"], v["de_dz4"] * v["a3"]
    v["de_da2"], v["de_da3"] = v["de_dz4"] * w4, v["de_dz4"] * w5
    v["de_dz2"] = v["de_da2"] * float(ds(v["z2"]))
    v["de_dz3"] = v["de_da3"] * float(ds(v["z3"]))
    v["de_dw2"], v["de_dw3"] = v["de_dz2"] * v["a1"], v["de_dz3"] * v["a1"]
    v["de_da1"] = v["de_dz2"] * w2 + v["de_dz3"] * w3  # two paths meet at a1: add them
    v["de_dz1"] = v["de_da1"] * float(ds(v["z1"]))
    v["de_dw1"] = v["de_dz1"] * x
    v["de_dx"] = v["de_dz1"] * w1
    local = float(ds(v["z1"])) * x  # ∂a1/∂z1 · ∂z1/∂w1, shared by both paths
    v["path_h2"] = v["de_dz2"] * w2 * local
    v["path_h3"] = v["de_dz3"] * w3 * local
    return v


_NODES = {  # name: (x, y) in data coordinates
    "x": (0.5, 2.5),
    "h1": (3.2, 2.5),
    "h2": (6.0, 4.3),
    "h3": (6.0, 0.7),
    "out": (8.8, 2.5),
}
_EDGES = {"w1": ("x", "h1"), "w2": ("h1", "h2"), "w3": ("h1", "h3"), "w4": ("h2", "out"), "w5": ("h3", "out")}
_FORWARD, _BACKWARD = "C0", "C3"


def format_gradient(g: float) -> str:
    """How the graph prints a gradient: 4 significant digits (the notebook asserts against this)."""
    return f"{g:.4g}"


def _label(ax: Axes, x: float, y: float, color: str, **kw):
    return ax.text(x, y, "", color=color, fontsize=8.5, ha="center", **kw)


def _draw_graph(ax: Axes, values: bool = True) -> dict:
    """Draw nodes and edges once; return the artists whose text or width the values set.

    With ``values=False`` only the structure is drawn (nodes, edges, each edge's weight name):
    the live explorer shows the numbers beside the figure instead.
    """
    ax.set(xlim=(-0.5, 11.6), ylim=(-0.7, 5.0), aspect="equal")
    ax.set_frame_on(False)  # no frame and no axis (set_axis_off would do it too, but a
    ax.xaxis.set_visible(False)  # LiveFigure's blit can only see these three settings)
    ax.yaxis.set_visible(False)
    if values:
        ax.set_title(
            "forward values (blue)  ·  gradients ∂e/∂(·) (red)  ·  line width grows with |∂e/∂w|", fontsize=9
        )
    else:
        ax.set_title("line width grows with |∂e/∂w|", fontsize=9)
    r = 0.38  # node radius
    arts: dict = {"edge": {}, "fwd": {}, "bwd": {}}
    for w, (a, b) in _EDGES.items():
        (x0, y0), (x1, y1) = _NODES[a], _NODES[b]
        d = np.hypot(x1 - x0, y1 - y0)
        ux, uy = (x1 - x0) / d, (y1 - y0) / d
        xs, ys = [x0 + r * ux, x1 - r * ux], [y0 + r * uy, y1 - r * uy]
        arts["edge"][w] = ax.plot(xs, ys, color="0.6", lw=1.5, solid_capstyle="round")[0]
        t = {"w1": 0.42, "w3": 0.6}.get(w, 0.5)  # w1's and w3's labels keep clear of h1's gradients
        mx, my, angle = x0 + t * (x1 - x0), y0 + t * (y1 - y0), np.degrees(np.arctan2(uy, ux))
        along = {"va": "center", "rotation": angle, "rotation_mode": "anchor"}
        if not values:
            ax.text(mx - 0.3 * uy, my + 0.3 * ux, w, color="0.3", fontsize=10, ha="center", **along)
            continue
        arts["fwd"][w] = _label(ax, mx - 0.3 * uy, my + 0.3 * ux, _FORWARD, **along)  # above the edge
        arts["bwd"][w] = _label(ax, mx + 0.3 * uy, my - 0.3 * ux, _BACKWARD, **along)  # below it
    # where each node's values (blue) and gradients (red) go: outside the diamond, off the edges
    spots = {
        "x": ((0.0, 0.5, "center", "bottom"), (0.0, -0.5, "center", "top")),
        "h1": ((0.0, 0.5, "center", "bottom"), (0.4, -0.45, "right", "top")),
        "h2": ((-0.5, 0.1, "right", "bottom"), (0.5, 0.1, "left", "bottom")),
        "h3": ((-0.5, -0.1, "right", "top"), (0.5, -0.1, "left", "top")),
        "out": ((0.0, 0.5, "center", "bottom"), (0.15, -0.5, "left", "top")),
    }
    for name, (cx, cy) in _NODES.items():
        ax.add_patch(plt.Circle((cx, cy), r, facecolor="white", edgecolor="0.25", lw=1.3, zorder=3))
        symbol = {"x": "$x$", "out": r"$\hat y$"}.get(name) or f"$h_{name[1:]}$"
        ax.text(cx, cy, symbol, ha="center", va="center", fontsize=11, zorder=4)
        if values:
            for kind, color, (dx, dy, ha, va) in zip(("fwd", "bwd"), (_FORWARD, _BACKWARD), spots[name]):
                arts[kind][name] = ax.text(cx + dx, cy + dy, "", color=color, fontsize=8.5, ha=ha, va=va)
    x_out = _NODES["out"][0] + r
    ax.annotate("", xy=(10.3, 2.5), xytext=(x_out, 2.5), arrowprops={"arrowstyle": "->", "color": "0.6"})
    ax.text(10.4, 2.5, "$e$", ha="left", va="center", fontsize=11)
    if values:
        arts["fwd"]["e"] = _label(ax, 10.5, 2.9, _FORWARD, va="bottom")
        arts["footer"] = ax.text(5.55, -0.65, "", ha="center", va="bottom", fontsize=9)
    return arts


def graph_labels(v: Mapping[str, float], w: Mapping[str, float], check: float | None = None) -> dict:
    """What the graph prints, as strings: ``{"fwd": {name: text}, "bwd": {name: text}, "footer": text}``.

    ``v`` is :func:`two_path_network`'s result for the weights ``w``; ``check`` a central
    difference of ∂e/∂w1, shown in the footer when given. Names: ``x``, ``w1``…``w5``, the nodes
    ``h1``, ``h2``, ``h3``, ``out`` (and ``e`` among the forward values).
    """
    g = format_gradient
    fwd, bwd = {}, {}
    fwd["x"], bwd["x"] = f"x = {w['x']:.2f}", f"∂e/∂x = {g(v['de_dx'])}"
    for name in _EDGES:
        fwd[name] = f"{name} = {w[name]:.2f}"
        bwd[name] = f"∂e/∂{name} = {g(v['de_d' + name])}"
    for name, k in (("h1", "1"), ("h2", "2"), ("h3", "3"), ("out", "4")):
        fwd[name] = f"z{k} = {v['z' + k]:.3f}\na{k} = {v['a' + k]:.4f}"
        bwd[name] = f"∂e/∂a{k} = {g(v['de_da' + k])}\n∂e/∂z{k} = {g(v['de_dz' + k])}"
    fwd["e"] = f"target y = {w['y']:g}\ne = (y − ŷ)²\n= {v['e']:.4f}"
    footer = f"∂e/∂w1 = path via h2 ({g(v['path_h2'])}) + path via h3 ({g(v['path_h3'])}) = {g(v['de_dw1'])}"
    if check is not None:
        footer += f"      central difference: {g(check)}"
    return {"fwd": fwd, "bwd": bwd, "footer": footer}


def edge_width(gradient: float) -> float:
    """An edge's line width for its ∂e/∂w: 1 + 40 |∂e/∂w|, at most 7."""
    return 1.0 + min(40.0 * abs(gradient), 6.0)


def _fill_graph(arts: dict, v: Mapping[str, float], w: Mapping[str, float], check: float | None) -> None:
    """Write the forward values (blue, above) and the gradients (red, below) into the drawn graph."""
    labels = graph_labels(v, w, check)
    for kind in ("fwd", "bwd"):
        for name, text in labels[kind].items():
            arts[kind][name].set_text(text)
    for name in _EDGES:
        arts["edge"][name].set_linewidth(edge_width(v["de_d" + name]))
    arts["footer"].set_text(labels["footer"])


def _central_dw1(w: Mapping[str, float], h: float = 1e-5) -> float:
    """∂e/∂w1 of the two-path network by a central difference."""
    plus = two_path_network(**{**w, "w1": w["w1"] + h})["e"]
    minus = two_path_network(**{**w, "w1": w["w1"] - h})["e"]
    return (plus - minus) / (2.0 * h)


def plot_two_path_graph(ax: Axes | None = None, **weights: float) -> Axes:
    """The two-path network with forward values (blue, above) and gradients (red, below) drawn on it.

    Keyword arguments ``x``, ``w1`` … ``w5``, ``y`` override :data:`TWO_PATH_DEFAULTS`.
    """
    unknown = set(weights) - set(TWO_PATH_DEFAULTS)
    if unknown:
        raise TypeError(f"unknown argument(s) {sorted(unknown)}; expected some of {list(TWO_PATH_DEFAULTS)}")
    w = {**TWO_PATH_DEFAULTS, **weights}
    if ax is None:
        _, ax = plt.subplots(figsize=(10.0, 5.0))
    arts = _draw_graph(ax)
    _fill_graph(arts, two_path_network(**w), w, _central_dw1(w))
    return ax


# ---------------------------------------------------------------- a two-layer network
PARAM_NAMES = ("W1", "b1", "W2", "b2")


def two_layer_problem(rng: np.random.Generator, m: int = 6, n_in: int = 3, n_hidden: int = 4):
    """Random parameters ``{"W1", "b1", "W2", "b2"}``, inputs X (m, n_in) and labels y (m, 1) in {0, 1}.

    Weights are N(0, 1), so the tanh units work away from their linear middle.
    """
    check_rng(rng)
    params = {
        "W1": rng.normal(size=(n_in, n_hidden)),
        "b1": rng.normal(scale=0.5, size=n_hidden),
        "W2": rng.normal(size=(n_hidden, 1)),
        "b2": rng.normal(scale=0.5, size=1),
    }
    X = rng.normal(size=(m, n_in))
    y = (rng.random((m, 1)) < 0.5).astype(np.float64)
    return params, X, y


def _two_layer_forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    A1 = np.tanh(Z1)
    Z2 = A1 @ params["W2"] + params["b2"]
    return Z1, A1, Z2, _sigmoid.f(Z2)


def two_layer_loss(params: Mapping[str, np.ndarray], X, y) -> float:
    r"""J = (1/m) Σ BCE(σ(Z2), y), with Z2 = tanh(X W1 + b1) W2 + b2 (computed from the logits)."""
    X, y = as_float_array(X, "X"), as_float_array(y, "y")
    _, _, Z2, _ = _two_layer_forward(params, X)
    return float(np.mean(losses.binary_cross_entropy_with_logits(Z2, y)))


def two_layer_backward(params: Mapping[str, np.ndarray], X, y) -> dict[str, np.ndarray]:
    r"""∂J/∂W1, ∂J/∂b1, ∂J/∂W2, ∂J/∂b2 of :func:`two_layer_loss`, by backpropagation."""
    m = X.shape[0]
    _, A1, _, A2 = _two_layer_forward(params, X)
    dZ2 = (A2 - y) / m  # sigmoid + BCE: ∂ℓ/∂z = a − y; the 1/m of the mean
    dW2 = A1.T @ dZ2
    db2 = dZ2.sum(axis=0)
    dA1 = dZ2 @ params["W2"].T
    dZ1 = dA1 * (1 - A1**2)  # tanh'(z) = 1 − tanh²(z), and A1 = tanh(Z1)
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def buggy_two_layer_backward(params, X, y):
    """A backward pass for two_layer_loss with one deliberate bug. Find it with a gradient check."""
    m = X.shape[0]
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    Z1 = X @ W1 + b1
    A1 = np.tanh(Z1)
    Z2 = A1 @ W2 + b2
    A2 = sigmoid(Z2)
    dZ2 = (A2 - y) / m
    dW2 = A1.T @ dZ2
    db2 = dZ2.sum(axis=0)
    dA1 = dZ2 @ W2.T
    dZ1 = dA1 * (1 - Z1**2)
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def gradient_check_report(
    loss: Callable, backward: Callable, params: Mapping[str, np.ndarray], X, y, h: float = 1e-5
) -> dict[str, float]:
    """The worst relative error between ``backward`` and central differences of ``loss``, per parameter."""
    analytic = backward(params, X, y)
    report = {}
    for name, value in params.items():

        def J(v, name=name):
            return loss({**params, name: v}, X, y)

        numeric = numerical_gradient(J, value, h)
        report[name] = float(np.max(relative_error(analytic[name], numeric)))
    return report


# ---------------------------------------------------------------- choosing h
def finite_difference_errors(f: Callable, x, dfdx, hs) -> tuple[np.ndarray, np.ndarray]:
    """Median relative error over the points x of the central and one-sided differences, per step h.

    ``f`` is elementwise, ``dfdx`` its exact derivative at x. Central: (f(x+h) − f(x−h)) / 2h
    (:func:`course_lib.gradcheck.numerical_derivative`); one-sided: (f(x+h) − f(x)) / h.
    """
    x = as_float_array(x, "x")
    exact = np.broadcast_to(as_float_array(dfdx, "dfdx"), x.shape)
    central, forward = [], []
    for h in as_float_array(hs, "hs").ravel():
        central.append(np.median(relative_error(exact, numerical_derivative(f, x, h))))
        forward.append(np.median(relative_error(exact, (np.asarray(f(x + h)) - np.asarray(f(x))) / h)))
    return np.array(central), np.array(forward)


def plot_h_sweep(hs, central, forward, ax: Axes | None = None) -> Axes:
    """Log-log plot of the relative errors of the central and one-sided differences against the step h."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.6))
    floor = 1e-17  # an error of exactly 0 cannot be drawn on a log axis
    ax.loglog(hs, np.maximum(central, floor), "o-", ms=3, label="central  (f(x+h) − f(x−h)) / 2h")
    ax.loglog(hs, np.maximum(forward, floor), "s-", ms=3, label="one-sided  (f(x+h) − f(x)) / h")
    ax.set(xlabel="step h", ylabel="relative error  |n − a| / (|n| + |a|)", ylim=(1e-13, 1e0))
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    return ax
