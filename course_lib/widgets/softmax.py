"""06 — softmax with a temperature: softmax(z / T) for three editable logits."""

import numpy as np

from course_lib import activations
from course_lib.topics.softmax import CLASS_COLORS, entropy
from course_lib.widgets._core import (
    LiveFigure,
    caption,
    float_slider,
    html_text,
    log_slider,
    new_figure,
    widget,
)

__all__ = ["softmax_temperature_explorer"]

CLASSES = ("cat", "dog", "rabbit")


@widget
def softmax_temperature_explorer(
    z_cat: float = 2.0, z_dog: float = 1.0, z_rabbit: float = 0.1, T: float = 1.0
) -> LiveFigure:
    """Bars of softmax(z/T) next to the arg-max; right: every p_k as a function of T, and the entropy."""
    K = len(CLASSES)
    Ts = np.logspace(-1.3, 1.3, 261)  # the slider's range, 0.05 … 20
    fig, (ax_bar, ax_T) = new_figure(1, 2, figsize=(9.6, 3.7), width_ratios=(1.0, 1.3))
    fig.set_layout_engine("none")  # fixed positions: constrained layout would double every redraw's cost
    ax_bar.set_position((0.065, 0.2, 0.33, 0.64))
    ax_T.set_position((0.44, 0.2, 0.41, 0.64))

    x = np.arange(K)
    bars = ax_bar.bar(x, np.zeros(K), width=0.6, color=CLASS_COLORS[:K], label="softmax(z/T)")
    hard = ax_bar.bar(
        x, np.zeros(K), width=0.6, fill=False, edgecolor="k", ls="--", lw=1.2, label="arg-max (one-hot)"
    )
    ax_bar.axhline(1 / K, color="0.5", lw=0.8, ls=":", label=f"uniform 1/{K}")
    values = [ax_bar.text(i, 0.0, "", ha="center", va="bottom", fontsize=9, clip_on=True) for i in x]
    ax_bar.set_xticks(x, CLASSES)
    ax_bar.set(ylim=(0, 1.12), yticks=np.linspace(0, 1, 6), ylabel="probability")
    # the legend sits below the bars, outside the moving content, so a frame never redraws it
    fig.legend(
        *ax_bar.get_legend_handles_labels(),
        loc="lower left",
        bbox_to_anchor=(0.065, 0.0),
        ncols=3,
        fontsize=7,
        handlelength=1.2,
        columnspacing=0.8,
        frameon=False,
    )
    ax_bar.set_title("p = softmax(z / T)", fontsize=10)
    label = caption()  # T and the entropy, above the figure

    curves = [ax_T.plot(Ts, np.zeros_like(Ts), color=CLASS_COLORS[k], label=CLASSES[k])[0] for k in range(K)]
    (h_curve,) = ax_T.plot(Ts, np.zeros_like(Ts), color="k", ls="--", lw=1.2, label=r"entropy $H/\ln K$")
    dots = ax_T.scatter(np.ones(K + 1), np.zeros(K + 1), c=[*CLASS_COLORS[:K], "k"], s=25, zorder=3)
    now = ax_T.axvline(T, color="0.4", lw=0.8)
    ax_T.axhline(1 / K, color="0.5", lw=0.8, ls=":")
    ax_T.set(xscale="log", xlim=(Ts[0], Ts[-1]), ylim=(-0.03, 1.03), xlabel="temperature T")
    ax_T.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    ax_T.set_title("T → 0: the arg-max;  T → ∞: uniform", fontsize=10)

    def update(z_cat: float, z_dog: float, z_rabbit: float, T: float) -> None:
        z = np.array([z_cat, z_dog, z_rabbit])
        p = activations.softmax(z, T=T)
        onehot = np.eye(K)[np.argmax(z)]
        for k in range(K):
            bars[k].set_height(p[k])
            hard[k].set_height(onehot[k])
            values[k].set_position((k, p[k] + 0.02))
            values[k].set_text(f"{p[k]:.3f}")
        H = entropy(p)
        label.value = html_text(f"T = {T:.3g}:  entropy H = {H:.3f} nats (uniform: ln {K} = {np.log(K):.3f})")
        P = activations.softmax(z[None, :] / Ts[:, None])  # one row per temperature
        for k in range(K):
            curves[k].set_ydata(P[:, k])
        h_curve.set_ydata(entropy(P) / np.log(K))
        dots.set_offsets(np.column_stack([np.full(K + 1, T), [*p, H / np.log(K)]]))
        now.set_xdata([T, T])

    controls = {
        "z_cat": float_slider("logit z cat", z_cat, -5.0, 5.0, 0.1),
        "z_dog": float_slider("logit z dog", z_dog, -5.0, 5.0, 0.1),
        "z_rabbit": float_slider("logit z rabbit", z_rabbit, -5.0, 5.0, 0.1),
        "T": log_slider("temperature T", T, -1.3, 1.3, 0.01),
    }
    return LiveFigure(fig, controls, update, extra=[label])
