"""08 — live per-layer histograms of a deep stack, for any initializer, activation and depth."""

import numpy as np

from course_lib.topics.initialization import (
    EDGES,
    INITIALIZERS,
    deep_stack,
    histogram_outline,
    shown_layers,
)
from course_lib.widgets._core import LiveFigure, caption, dropdown, html_text, int_slider, new_figure, widget

__all__ = ["activation_histogram_explorer"]

MAX_DEPTH = 50
N_SHOWN = 8
ACTIVATIONS = ("tanh", "sigmoid", "relu", "leaky_relu", "elu", "selu", "gelu", "swish", "linear")
QUANTITIES = {"activations a = f(z)": 1, "pre-activations z": 0}
FLOOR, CEIL = 1e-12, 1e12  # the fixed range of the std panel; values beyond are drawn at the edge


@widget
def activation_histogram_explorer(
    init: str = "Glorot uniform",
    activation: str = "tanh",
    depth: int = 20,
    width: int = 64,
    batch: int = 120,
    seed: int = 0,
) -> LiveFigure:
    """Histograms of A_l (or Z_l) at up to 8 layers of a depth-L stack, and std(A_l) for every layer.

    The stack is [width] * 51, inputs X ~ N(0, 1) of shape (batch, width); a network of depth L is
    the first L layers of it (same seed), so moving the depth slider only changes what is shown.
    Each (initializer, activation) pair is computed once, as far as the depth asks, and cached.
    (Width 64 and batch 120 keep every matrix product below OpenBLAS's threading threshold: on a
    busy 2-core machine a threaded 100 × 100 product is 10-20 times slower than this one.)
    """
    X = np.random.default_rng(seed).standard_normal((batch, width))
    cache: dict = {}

    def layers_of(init: str, activation: str, depth: int):
        """Histogram outlines and stds of Z_l and A_l for l = 1..depth (at least), computed lazily.

        The layers are drawn in order from one generator per (init, activation), so adding layers
        later gives exactly the weights a network built at full depth at once would have.
        """
        key = (init, activation)
        if key not in cache:
            cache[key] = {
                "rng": np.random.default_rng(seed + 1),
                "A": X,
                "outlines": ([], []),
                "stds": ([], []),
            }
        entry = cache[key]
        missing = depth - len(entry["stds"][0])
        if missing > 0:
            trace = deep_stack(missing, activation, init, rng=entry["rng"], width=width).forward_pass(
                entry["A"]
            )
            entry["A"] = trace.activations[-1]
            for which, values in enumerate((trace.zs, trace.activations)):
                entry["outlines"][which].extend(histogram_outline(v, EDGES, height=0.85) for v in values)
                entry["stds"][which].extend(float(v.std()) for v in values)
        return entry["outlines"], entry["stds"]

    fig, (ax_h, ax_s) = new_figure(1, 2, figsize=(9.6, 4.2), gridspec_kw={"width_ratios": [1.25, 1]})
    fig.set_layout_engine("none")
    ax_h.set_position([0.09, 0.12, 0.46, 0.83])  # no title above: the numbers are in the caption
    ax_s.set_position([0.64, 0.12, 0.34, 0.83])

    rows = []
    for row in range(N_SHOWN):
        (line,) = ax_h.plot([], [], color=f"C{row}", lw=1.3)
        label = ax_h.text(EDGES[0] + 0.1, row + 0.5, "", fontsize=8, color=f"C{row}")
        rows.append((line, label))
    ax_h.set(xlim=(EDGES[0], EDGES[-1]), ylim=(-0.1, N_SHOWN), yticks=[])
    ax_h.axvline(0.0, color="0.8", lw=0.8, zorder=0)
    ax_h.set_xlabel("value (beyond ±4: counted in the outermost bin)")

    ax_s.axhline(1.0, color="0.6", lw=0.8)
    (std_line,) = ax_s.plot([], [], "-", color="0.35", lw=1.4, label="every layer")
    (std_marks,) = ax_s.plot([], [], "o", color="C3", ms=5, label="layers shown left")
    ax_s.set_yscale("log")
    ax_s.set(xlim=(0.5, MAX_DEPTH + 0.5), ylim=(FLOOR, CEIL), xlabel="layer l (1 = next to the input)")
    ax_s.set_ylabel("standard deviation over batch and units")
    ax_s.set_yticks([10.0**k for k in range(-12, 13, 4)])
    ax_s.minorticks_off()
    ax_s.grid(True, which="major", alpha=0.3)
    ax_s.legend(loc="upper left", fontsize=8)
    summary = caption()  # the setting and the ratio of the stds, above the figure

    def update(init: str, activation: str, depth: int, quantity: str) -> None:
        which = QUANTITIES[quantity]
        outlines, stds = layers_of(init, activation, depth)
        std = np.array(stds[which][:depth])
        layers = shown_layers(depth, N_SHOWN)
        symbol = "a" if which else "z"
        for row, (line, label) in enumerate(rows):
            if row < layers.size:
                layer = layers[row]
                x, y = outlines[which][layer - 1]
                line.set_data(x, row + y)
                label.set_text(f"{symbol}, layer {layer}: std {std[layer - 1]:.2g}")
            else:  # fewer layers than rows: hide the rest (empty data, never NaN)
                line.set_data([], [])
                label.set_text("")
        std_line.set_data(np.arange(1, depth + 1), np.clip(std, FLOOR, CEIL))
        std_marks.set_data(layers, np.clip(std[layers - 1], FLOOR, CEIL))
        summary.value = html_text(
            f"{init}, {activation}, {depth} layers of width {width}, batch {batch}:  "
            f"std({symbol} at layer {depth}) / std({symbol} at layer 1) = {std[-1] / std[0]:.2g}"
        )

    controls = {
        "init": dropdown("initializer", list(INITIALIZERS), init),
        "activation": dropdown("activation", ACTIVATIONS, activation),
        "depth": int_slider("depth L", depth, 2, MAX_DEPTH),
        "quantity": dropdown("show", list(QUANTITIES), "activations a = f(z)"),
    }
    return LiveFigure(fig, controls, update, extra=[summary])
