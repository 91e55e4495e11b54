"""03 — the slides' XOR network with a slider for every weight and bias."""

import ipywidgets as W
import matplotlib
import numpy as np

from course_lib import activations, datasets
from course_lib.topics.xor import (
    LIM,
    boolean_name,
    boundary_segment,
    input_grid,
    label_offsets,
    slide_weights,
    truth_table,
)
from course_lib.widgets._core import LiveFigure, float_slider, new_figure, widget

__all__ = ["xor_network_explorer"]

_GRID = 81  # pixels per side of each shaded image
_H_LIM = (-0.15, 1.15)  # the hidden-space panel: sigmoid outputs lie in (0, 1)
_INPUTS = ["(0,0)", "(0,1)", "(1,0)", "(1,1)"]
_TICKS = [0.0, 0.5, 1.0]  # few tick labels: the first draw lays out every one of them


def _verdict(out: np.ndarray, y: np.ndarray) -> str:
    """One line: solved with margin, right side of 0.5 only, or the inputs that are wrong."""
    wrong = [name for name, a, t in zip(_INPUTS, out, y) if (a >= 0.5) != bool(t)]
    if wrong:
        return "✗ wrong on " + ", ".join(wrong)
    if np.all(np.where(y == 1, out > 0.9, out < 0.1)):
        return "✓ solves XOR (every output < 0.1 or > 0.9)"
    return "~ right side of 0.5, but not confident"


def _table_html(X, H, out, y, names) -> str:
    """The truth table as a small HTML table: inputs, hidden units, output, target, ✓/✗."""
    cells = "".join(
        f"<tr><td>{x1:.0f}</td><td>{x2:.0f}</td><td>{h[0]:.4f}</td><td>{h[1]:.4f}</td>"
        f"<td><b>{a:.4f}</b></td><td>{t}</td><td>{'✓' if (a >= 0.5) == bool(t) else '✗'}</td></tr>"
        for (x1, x2), h, a, t in zip(X, H, out, y)
    )
    head = "<tr><th>x1</th><th>x2</th><th>h1</th><th>h2</th><th>output</th><th>XOR</th><th></th></tr>"
    summary = f"h1 ≈ {names[0]}, h2 ≈ {names[1]}, output ≈ {names[2]}: {_verdict(out, y)}"
    style = "font-family:monospace;font-size:12px;text-align:right;border-spacing:10px 0"
    return f'<table style="{style}">{head}{cells}</table><div style="font-size:12px">{summary}</div>'


@widget
def xor_network_explorer(W1=None, b1=None, W2=None, b2=None) -> LiveFigure:
    """Nine sliders, one per entry of W1 (2, 2), b1 (2,), W2 (2, 1), b2 (1,); default: the slides' weights.

    h = σ(x W1 + b1), out = σ(h W2 + b2): W1[i, j] is the weight from input x_(i+1) to hidden
    unit h_(j+1) (row-vector convention). Panels: each hidden unit's output over the input plane
    with its line w·x + b = 0; the four inputs moved into hidden space (h1, h2) with the output
    unit's line; the network's output over the input plane. Titles name the Boolean function each
    unit computes; a table above the figure gives the truth table (h1, h2, output on the four
    inputs) and whether the network solves XOR.
    """
    start = slide_weights()
    W1, b1, W2, b2 = (
        start[k] if p is None else np.asarray(p, dtype=np.float64).reshape(start[k].shape)
        for k, p in enumerate((W1, b1, W2, b2))
    )
    sigmoid = activations.get("sigmoid")
    X, y = datasets.xor()
    G, extent = input_grid(_GRID)
    hG, h_extent = input_grid(_GRID, _H_LIM)
    fig, axes = new_figure(1, 4, figsize=(9.6, 2.6))
    ax_h1, ax_h2, ax_hid, ax_out = axes
    # values in [0, 1] -> RGBA bytes through a 256-entry table: cheaper to draw than a colormap
    colors = matplotlib.colormaps["coolwarm"](np.linspace(0, 1, 256))
    strong, faint = (
        (255 * (1 - alpha * (1 - colors))).astype(np.uint8) for alpha in (0.7, 0.45)
    )  # over white

    def rgba(values, table=strong):
        return table[np.clip(values * 255, 0, 255).astype(np.uint8).reshape(_GRID, _GRID)]

    def shaded(ax, ext):
        # the axis (ticks, tick labels) goes below the image, so a redraw of the image and of what
        # lies on top of it leaves the axis alone (its marks and labels are outside the image)
        ax.set_axisbelow(True)
        blank = np.zeros((_GRID, _GRID, 4), dtype=np.uint8)
        return ax.imshow(blank, origin="lower", extent=ext, interpolation="bilinear", aspect="auto", zorder=1)

    img_h1, img_h2, img_out = (shaded(ax, extent) for ax in (ax_h1, ax_h2, ax_out))
    for ax in (ax_h1, ax_h2, ax_out):
        for label, face in ((0, "white"), (1, "black")):
            ax.plot(*X[y == label].T, "o", ms=10, mfc=face, mec="black", mew=1.5)
        ax.set(xlim=LIM, ylim=LIM, xticks=_TICKS, yticks=_TICKS, xlabel="$x_1$", aspect="equal")
    ax_h1.set_ylabel("$x_2$")
    line_h1 = ax_h1.plot([], [], color="k", lw=1.3, ls="--")[0]
    line_h2 = ax_h2.plot([], [], color="k", lw=1.3, ls="--")[0]
    titles = [ax.set_title("", fontsize=9) for ax in (ax_h1, ax_h2, ax_out)]

    img_hid = shaded(ax_hid, h_extent)
    (line_out,) = ax_hid.plot([], [], color="k", lw=1.3, ls="--")
    # class 0: an open ring, class 1: a smaller dot, so two inputs on one point both stay visible
    (rings,) = ax_hid.plot([], [], "o", ms=11, mfc="none", mec="black", mew=1.5)
    (dots,) = ax_hid.plot([], [], "o", ms=6.5, color="black")
    tags = [
        ax_hid.annotate(name, (0, 0), textcoords="offset points", xytext=(7, 5), fontsize=7, clip_on=True)
        for name in _INPUTS
    ]
    ax_hid.set(
        xlim=_H_LIM,
        ylim=_H_LIM,
        xticks=_TICKS,
        yticks=_TICKS,
        xlabel="$h_1$  (hidden space)",
        ylabel="$h_2$",
        aspect="equal",
    )
    table = W.HTML()

    def update(w1_00, w1_10, b1_0, w1_01, w1_11, b1_1, w2_00, w2_10, b2_0) -> None:
        w_h1, w_h2, v = np.array([w1_00, w1_10]), np.array([w1_01, w1_11]), np.array([w2_00, w2_10])
        b1, b2, c = b1_0, b1_1, b2_0  # bias of h1, bias of h2, bias of the output
        HG = sigmoid(np.column_stack([G @ w_h1 + b1, G @ w_h2 + b2]))
        img_h1.set_data(rgba(HG[:, 0]))
        img_h2.set_data(rgba(HG[:, 1]))
        img_out.set_data(rgba(sigmoid(HG @ v + c)))
        img_hid.set_data(rgba(sigmoid(hG @ v + c), faint))
        line_h1.set_data(*boundary_segment(w_h1, b1))
        line_h2.set_data(*boundary_segment(w_h2, b2))
        line_out.set_data(*boundary_segment(v, c, _H_LIM))

        H = sigmoid(np.column_stack([X @ w_h1 + b1, X @ w_h2 + b2]))
        out = sigmoid(H @ v + c)
        rings.set_data(*H[y == 0].T)
        dots.set_data(*H[y == 1].T)
        for tag, h, (dx, dy, ha) in zip(tags, H, label_offsets(H, _H_LIM)):
            tag.xy = tuple(h)
            tag.set_position((dx, dy))
            tag.set_horizontalalignment(ha)
            tag.stale = True  # setting xy alone does not mark the label for redrawing
        names = [boolean_name(truth_table(col)) for col in (H[:, 0], H[:, 1], out)]
        for title, unit, name in zip(titles, ("h1", "h2", "output"), names):  # plain text: faster
            title.set_text(f"{unit} ≈ {name}")
        table.value = _table_html(X, H, out, y, names)

    def slider(label, value):
        return float_slider(label, float(value), -40.0, 40.0, 0.5)

    controls = {
        "w1_00": slider("W1[0,0]: x1→h1", W1[0, 0]),
        "w1_10": slider("W1[1,0]: x2→h1", W1[1, 0]),
        "b1_0": slider("b1[0]: bias of h1", b1[0]),
        "w1_01": slider("W1[0,1]: x1→h2", W1[0, 1]),
        "w1_11": slider("W1[1,1]: x2→h2", W1[1, 1]),
        "b1_1": slider("b1[1]: bias of h2", b1[1]),
        "w2_00": slider("W2[0,0]: h1→out", W2[0, 0]),
        "w2_10": slider("W2[1,0]: h2→out", W2[1, 0]),
        "b2_0": slider("b2[0]: bias of out", b2[0]),
    }
    return LiveFigure(fig, controls, update, extra=[table])
