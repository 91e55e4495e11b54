"""09 — train a small ReLU network briefly and see which units die: learning rate, bias, α."""

import numpy as np

from course_lib import datasets
from course_lib.topics.dying_relu import dead_fractions, small_net, train_recording, unit_activity
from course_lib.widgets._core import (
    LiveFigure,
    caption,
    dropdown,
    float_slider,
    html_text,
    log_slider,
    new_figure,
    widget,
)

__all__ = ["dying_relu_explorer"]

SIZES = (2, 24, 24, 24, 1)
EPOCHS = 60
COST_TOP = 1.5  # the fixed y-limit of the cost panel; larger costs are drawn at the edge
ACTIVATIONS = ("relu", "leaky_relu", "prelu", "elu")
ALPHA_MEANING = {
    "relu": "not used by ReLU",
    "leaky_relu": "fixed slope for z < 0",
    "prelu": "initial slope, learned",
    "elu": "ELU's α",
}


@widget
def dying_relu_explorer(
    eta: float = 0.5, bias: float = 0.0, alpha: float = 0.01, activation: str = "relu", seed: int = 0
) -> LiveFigure:
    """60 full-batch steps of a [2, 24, 24, 24, 1] network on 120 spiral points; dead units per layer."""
    X, y = datasets.spirals(120, np.random.default_rng(seed))
    n_hidden, width = len(SIZES) - 2, SIZES[1]
    layers = np.arange(1, n_hidden + 1)
    fig, (ax_bar, ax_cost, ax_units) = new_figure(
        1, 3, figsize=(10.0, 3.4), gridspec_kw={"width_ratios": [1.0, 1.3, 1.3]}
    )
    # changing artists sit above the axis (zorder 3.5), so a blit redraws them without the tick labels
    before = ax_bar.bar(
        layers - 0.2, np.zeros(n_hidden), width=0.4, color="0.7", label="at the start", zorder=3.5
    )
    after = ax_bar.bar(
        layers + 0.2, np.zeros(n_hidden), width=0.4, color="C3", label=f"after {EPOCHS} steps", zorder=3.5
    )
    ax_bar.set(xlim=(0.4, n_hidden + 0.6), ylim=(0, 1.05), xticks=layers, xlabel="hidden layer")
    ax_bar.set_ylabel("fraction of units with z ≤ 0\non every example")
    ax_bar.grid(True, axis="y", alpha=0.3)

    epochs = np.arange(EPOCHS)
    ax_cost.axhline(np.log(2), color="0.6", lw=0.8, ls=":")  # the cost of a constant output 0.5
    (cost_line,) = ax_cost.plot([], [], lw=1.6, label="cost J", zorder=3.5)
    (dead_line,) = ax_cost.plot(
        [], [], lw=1.6, color="C3", label="share of all hidden units with z ≤ 0 everywhere", zorder=3.5
    )
    ax_cost.set(xlim=(0, EPOCHS), ylim=(0, COST_TOP), xlabel="epoch")
    ax_cost.set_yticks([0.0, np.log(2), 1.0, 1.5], ["0", "ln 2", "1", "1.5"])
    ax_cost.grid(True, alpha=0.3)

    image = ax_units.imshow(
        np.zeros((n_hidden, width)),
        cmap="magma",
        vmin=0.0,
        vmax=1.0,
        aspect="auto",
        interpolation="nearest",
        zorder=3.5,
    )
    ax_units.set_yticks(range(n_hidden), [f"layer {k}" for k in layers])
    ax_units.set_xlabel("unit (black: z ≤ 0 on every example)")
    ax_units.set_title(f"after {EPOCHS} steps: each unit's share of\nexamples with z > 0", fontsize=9)
    fig.colorbar(image, ax=ax_units, fraction=0.06, pad=0.02)
    ax_cost.set_title(f"during the {EPOCHS} steps", fontsize=9)
    label = caption()  # the setting and the outcome, above the figure
    # one legend outside the axes: it never needs redrawing when the data change
    fig.legend(
        [before, after, cost_line, dead_line],
        [b.get_label() for b in (before, after, cost_line, dead_line)],
        loc="outside lower center",
        ncols=4,
        fontsize=8,
        frameon=False,
    )

    last: dict = {}  # the last training run, reused while only an unused control moves

    def train(eta: float, bias: float, alpha: float | None, activation: str):
        key = (eta, bias, alpha, activation)
        if last.get("key") != key:
            net = small_net(activation, alpha=alpha, bias=bias, seed=seed, sizes=SIZES)
            start = dead_fractions(net, X)
            record = train_recording(net, X, y, eta=eta, epochs=EPOCHS)
            activity = None if record.diverged else [unit_activity(Z) for Z in net.forward_pass(X).zs[:-1]]
            last.update(key=key, run=(start, record, activity))
        return last["run"]

    def update(eta: float, bias: float, alpha: float, activation: str) -> None:
        # ReLU has no α: moving α then changes the caption only, with no retraining
        start, record, activity = train(eta, bias, None if activation == "relu" else alpha, activation)
        for bar, h in zip(before, start):
            bar.set_height(h)
        n = record.epochs
        cost_line.set_data(epochs[:n], np.minimum(record.cost, COST_TOP))
        dead_line.set_data(epochs[:n], record.dead[:n].mean(axis=1))
        setting = (
            f"{activation}, η = {eta:.3g}, b = {bias:.2f}, α = {alpha:.2f} ({ALPHA_MEANING[activation]})"
        )
        if record.diverged:
            for bar in after:
                bar.set_height(0.0)
            image.set_data(np.zeros((n_hidden, width)))
            label.value = html_text(f"{setting}:  diverged after {n} steps: the weights blew up")
            return
        for bar, h in zip(after, record.dead[-1]):
            bar.set_height(h)
        image.set_data(np.array(activity))
        share = record.dead[-1].mean()
        word = "dead" if activation == "relu" else "with z ≤ 0 everywhere, yet not dead"
        label.value = html_text(f"{setting}:  {share:.0%} of the {n_hidden * width} hidden units {word}")

    controls = {
        "eta": log_slider("learning rate η", eta, -1.5, 1.0, 0.05),
        "bias": float_slider("hidden bias at the start b", bias, -2.0, 0.5, 0.05),
        "alpha": float_slider("α", alpha, 0.01, 1.0, 0.01),
        "activation": dropdown("activation", ACTIVATIONS, activation),
    }
    return LiveFigure(fig, controls, update, extra=[label])
