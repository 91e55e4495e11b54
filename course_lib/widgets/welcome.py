"""00 — a first slider: the sigmoid of w·z + b."""

import numpy as np

from course_lib import activations
from course_lib.widgets._core import LiveFigure, caption, float_slider, html_text, new_figure, widget

__all__ = ["sigmoid_explorer"]


@widget
def sigmoid_explorer(w: float = 1.0, b: float = 0.0) -> LiveFigure:
    """σ(w z + b) and its slope with respect to z, with sliders for the weight w and bias b."""
    sigmoid = activations.get("sigmoid")
    z = np.linspace(-6, 6, 241)
    fig, ax = new_figure(figsize=(6.4, 3.0))
    (curve,) = ax.plot(z, sigmoid(z), lw=2, label=r"$\sigma(wz+b)$")
    (slope,) = ax.plot(z, sigmoid.grad(z), lw=1.5, label=r"slope $w\,\sigma'(wz+b)$")
    (mid,) = ax.plot([0], [0.5], "o", color="k", ms=5)
    ax.set(xlim=(-6, 6), ylim=(-0.6, 1.6), xlabel="z")
    ax.axhline(0, color="0.7", lw=0.8)
    ax.legend(loc="upper left", fontsize=9)
    label = caption()  # the numbers, shown above the figure (HTML: no text to render per frame)

    def update(w: float, b: float) -> None:
        u = w * z + b
        curve.set_ydata(sigmoid(u))
        slope.set_ydata(w * sigmoid.grad(u))
        if w != 0:
            mid.set_data([-b / w], [0.5])
        else:  # a flat curve has no midpoint
            mid.set_data([], [])
        text = f"w = {w:.2f}, b = {b:.2f}: σ = 0.5 at z = {-b / w:.2f}" if w else "w = 0: flat"
        label.value = html_text(text)

    controls = {
        "w": float_slider("weight w", w, -5.0, 5.0, 0.1),
        "b": float_slider("bias b", b, -5.0, 5.0, 0.1),
    }
    return LiveFigure(fig, controls, update, extra=[label])
