"""07 — the gradient norm of every layer of a deep MLP, for any depth, weight scale, activation, init."""

import numpy as np
from matplotlib.ticker import NullLocator

from course_lib import datasets
from course_lib.topics.vanishing import CEIL, FLOOR, INITIALIZERS, deep_mlp, gradient_profile
from course_lib.widgets._core import (
    LiveFigure,
    caption,
    dropdown,
    html_text,
    int_slider,
    log_slider,
    new_figure,
    widget,
)

__all__ = ["gradient_flow_explorer"]

MAX_DEPTH = 50
ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "gelu", "swish", "linear")


def _ratio(norms: np.ndarray) -> float:
    """first / last, or inf when the last is 0 (a layer whose inputs are all 0)."""
    return float(norms[0] / norms[-1]) if norms[-1] > 0 else np.inf


@widget
def gradient_flow_explorer(
    depth: int = 20,
    scale: float = 1.0,
    activation: str = "sigmoid",
    init: str = "Glorot uniform",
    seed: int = 0,
) -> LiveFigure:
    """‖dW_l‖ and ‖δ_l‖ = ‖∂J/∂Z_l‖ per layer from one backward pass (width 32, 64 'circles' points)."""
    X, y = datasets.circles(64, np.random.default_rng(seed))
    layers = np.arange(1, MAX_DEPTH + 1)
    fig, ax = new_figure(figsize=(7.6, 3.6))
    fig.set_layout_engine("none")  # fixed margins: nothing moves, and each redraw skips the layout pass
    ax.set_position([0.1, 0.14, 0.88, 0.82])  # no title above: the numbers are in the caption
    ax.axhline(1.0, color="0.6", lw=0.8)
    (grad_line,) = ax.plot(
        [], [], "o-", ms=3.5, lw=1.6, label=r"$\|dW_l\|$ (gradient of layer $l$'s weights)"
    )
    (delta_line,) = ax.plot(
        [], [], "--", lw=1.2, label=r"$\|\delta_l\| = \|\partial J/\partial Z_l\|$ (error signal)"
    )
    (clipped,) = ax.plot([], [], "^", color="C3", ms=7, label="beyond the axis (drawn at its edge)")
    ax.set_yscale("log")
    ax.set(xlim=(0.5, MAX_DEPTH + 0.5), ylim=(FLOOR, CEIL), xlabel="layer l (1 = next to the input)")
    ax.set_yticks([10.0**k for k in range(-60, 61, 20)])
    ax.yaxis.set_minor_locator(NullLocator())
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(loc="upper right", fontsize=8)
    label = caption()  # the setting and both ratios, above the figure

    def update(depth: int, scale: float, activation: str, init: str) -> None:
        net = deep_mlp(depth, activation, init, scale, rng=np.random.default_rng(seed))
        grads, deltas = gradient_profile(net, X, y)
        x = layers[:depth]
        grad_line.set_data(x, np.clip(grads, FLOOR, CEIL))
        delta_line.set_data(x, np.clip(deltas, FLOOR, CEIL))
        out = (grads < FLOOR) | (grads > CEIL)
        clipped.set_data(x[out], np.clip(grads[out], FLOOR, CEIL))
        label.value = html_text(
            f"{depth} layers, {activation}, {init} × {scale:.3g}:  "
            f"‖dW₁‖ / ‖dW_L‖ = {_ratio(grads):.2e},  ‖δ₁‖ / ‖δ_L‖ = {_ratio(deltas):.2e}"
        )

    controls = {
        "depth": int_slider("depth L", depth, 2, MAX_DEPTH),
        "scale": log_slider("weight scale ×", scale, -2.0, 2.0, 0.25, base=2.0),
        "activation": dropdown("activation", ACTIVATIONS, activation),
        "init": dropdown("initializer", list(INITIALIZERS), init),
    }
    return LiveFigure(fig, controls, update, extra=[label])
