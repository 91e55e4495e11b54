"""05 — the activation explorer (any registry entry, f and f' side by side, flat regions shaded) and
the zero-centred explorer (two weights learning from inputs whose mean a slider moves)."""

import numpy as np
from matplotlib.patches import Patch

from course_lib import activations
from course_lib.topics.activation_functions import (
    curve_pieces,
    display_name,
    jump_marks,
    mathtext,
    path_length,
    positive_and_centred_inputs,
    resolve_params,
    same_direction_fraction,
    saturation_mask,
    sgd_path,
)
from course_lib.widgets._core import (
    LiveFigure,
    caption,
    dropdown,
    float_slider,
    html_text,
    new_figure,
    widget,
)

__all__ = ["activation_explorer", "zero_centred_explorer"]

_SHADE = np.array([0.55, 0.55, 0.55, 0.22])  # RGBA of a saturated (flat) column
_SLIDER_PARAMS = ("alpha", "beta")


def _limits(y: np.ndarray) -> tuple[float, float]:
    """y-limits that always include 0, with a margin (and a minimum height for a constant)."""
    lo, hi = min(float(y.min()), 0.0), max(float(y.max()), 0.0)
    pad = max(0.08 * (hi - lo), 0.05)
    return lo - pad, hi + pad


def _envelope(z: np.ndarray, name: str, sliders: dict) -> tuple[tuple, tuple]:
    """y-limits of f and f' for this activation that hold for every slider setting.

    Limits change with the activation only: moving α or β moves the curve inside fixed axes
    (so the change is visible, and the frame is redrawn without re-rendering the axes).
    """
    act = activations.get(name)
    grids = [np.linspace(sliders[p.name].min, sliders[p.name].max, 25) for p in act.params]
    fs, ds = [], []
    for combo in np.array(np.meshgrid(*grids)).reshape(len(grids), -1).T if grids else [()]:
        params = resolve_params(name, dict(zip([p.name for p in act.params], combo)))
        fs.append(act(z, **params))
        ds.append(act.grad(z, **params))
    return _limits(np.array(fs)), _limits(np.array(ds))


def _most_pieces(sliders: dict) -> int:
    """The most pieces any activation's f or f' is cut into, over the slider corners."""
    most = 1
    for name in activations.names():
        for corner in ("min", "max"):
            values = {k: getattr(sliders[k], corner) for k in _SLIDER_PARAMS}
            params = resolve_params(name, values)
            most = max(most, 1 + len(activations.get(name).jumps(derivative=True, **params)))
        most = max(most, 1 + len(activations.get(name).kinks))
    return most


def _status(name: str, act, params: dict, values: dict) -> str:
    """One line: the activation, its parameters, and which slider values it ignores."""
    parts = [display_name(name)]
    for p in act.params:
        learned = " (learned in training; set by hand here)" if p.learnable else ""
        parts.append(f"{p.name.replace('alpha', 'α').replace('beta', 'β')} = {params[p.name]:.2f}{learned}")
    for key, value in act.constants.items():
        parts.append(f"{key.replace('lambda', 'λ').replace('alpha', 'α')} = {value:.4f} (fixed)")
    unused = [k for k in _SLIDER_PARAMS if k not in params]
    if unused:
        ignored = ", ".join(
            f"{k.replace('alpha', 'α').replace('beta', 'β')} = {values[k]:.2f}" for k in unused
        )
        parts.append(f"slider {ignored} not used")
    return "   ·   ".join(parts)


@widget
def activation_explorer(name: str = "elu", alpha: float = 1.0, beta: float = 1.0) -> LiveFigure:
    """Any registry activation, with α and β sliders: f and f' side by side, flat regions shaded.

    A region is shaded where |f'(z)| < 5 % of the largest |f'| on the plot (everywhere if f' ≡ 0):
    there the gradient that flows back through the unit is (close to) zero. Where f or f' jumps
    (f' of ReLU at 0, of ELU at 0 when α ≠ 1; f of the step function), the curve has a gap: a
    filled dot marks the value at the jump, an open dot the limit from the other side.
    """
    z = np.linspace(-5.0, 5.0, 401)
    fig, (ax_f, ax_d) = new_figure(1, 2, figsize=(9.2, 3.9))
    fig.set_layout_engine("none")  # fixed margins: constrained layout would re-run on every slider move
    ax_f.set_position([0.07, 0.22, 0.405, 0.62])
    ax_d.set_position([0.575, 0.22, 0.405, 0.62])
    extent = (z[0], z[-1], -1.0, 1.0)
    empty = np.zeros((1, z.size, 4))
    shades = [
        ax.imshow(empty, extent=extent, aspect="auto", origin="lower", interpolation="nearest", zorder=0)
        for ax in (ax_f, ax_d)
    ]
    # each curve is drawn as pieces (one line each), cut where f or f' jumps: a gap, no vertical line;
    # the lines are made once here; pieces an activation does not need get empty data
    controls = {
        "name": dropdown("activation", [(display_name(n), n) for n in activations.names()], value=name),
        "alpha": float_slider("α (Leaky ReLU, PReLU, ELU)", alpha, 0.01, 2.0, 0.01),
        "beta": float_slider("β (Swish)", beta, 0.0, 10.0, 0.05),
    }
    n_pieces = _most_pieces(controls)
    pieces = {
        False: [ax_f.plot([], [], lw=2, color="C0")[0] for _ in range(n_pieces)],
        True: [ax_d.plot([], [], lw=2, color="C3")[0] for _ in range(n_pieces)],
    }
    values_at = {  # filled dot: the value at a jump; open dot: a one-sided limit not taken there
        derivative: ax.plot([], [], "o", ms=6, color=color, zorder=4)[0]
        for derivative, ax, color in ((False, ax_f, "C0"), (True, ax_d, "C3"))
    }
    limits_at = {
        derivative: ax.plot([], [], "o", ms=6, mfc="white", mec=color, zorder=4, label="one-sided limit")[0]
        for derivative, ax, color in ((False, ax_f, "C0"), (True, ax_d, "C3"))
    }
    for ax, label in ((ax_f, "f(z)"), (ax_d, "f′(z)")):
        ax.axhline(0, color="0.6", lw=0.7, zorder=1)
        ax.axvline(0, color="0.6", lw=0.7, zorder=1)
        ax.set(xlim=(z[0], z[-1]), xlabel="z", ylabel=label)
    flat = Patch(color=_SHADE[:3], alpha=_SHADE[3], label="|f′| < 5 % of its peak")
    fig.legend(
        handles=[flat, values_at[True], limits_at[True]],
        labels=[flat.get_label(), "value at a jump", "limit from the other side"],
        loc="lower center",
        ncols=3,
        fontsize=8,
        frameon=False,
    )
    title_f = ax_f.set_title("", fontsize=9)
    title_d = ax_d.set_title("", fontsize=9)
    status = caption()  # the parameters, and which sliders are unused: above the figure

    envelopes: dict[str, tuple] = {}

    def update(name: str, alpha: float, beta: float) -> None:
        act = activations.get(name)
        values = {"alpha": alpha, "beta": beta}
        params = resolve_params(name, values)
        d = act.grad(z, **params)
        for derivative, lines in pieces.items():
            cut = curve_pieces(name, z, derivative=derivative, **params)
            if len(cut) > len(lines):
                raise RuntimeError(f"{name}: {len(cut)} pieces, but the explorer drew {len(lines)} lines")
            for line, (zs, ys) in zip(lines, cut + [([], [])] * (len(lines) - len(cut))):
                line.set_data(zs, ys)
            marks = jump_marks(name, z[0], z[-1], derivative=derivative, **params)
            values_at[derivative].set_data([c for c, *_ in marks], [v for _, _, v, _ in marks])
            ends = [(c, y) for c, left, v, right in marks for y in (left, right) if y != v]
            limits_at[derivative].set_data([c for c, _ in ends], [y for _, y in ends])
        rgba = np.where(saturation_mask(d)[None, :, None], _SHADE, 0.0)
        if name not in envelopes:
            envelopes[name] = _envelope(z, name, controls)
        for ax, shade, (lo, hi) in zip((ax_f, ax_d), shades, envelopes[name]):
            if ax.get_ylim() != (lo, hi):
                ax.set_ylim(lo, hi)
            shade.set_data(rgba)
            shade.set_extent((z[0], z[-1], lo, hi))
        title_f.set_text(f"${mathtext(act.latex)}$")
        title_d.set_text(f"${mathtext(act.dlatex)}$")
        status.value = html_text(_status(name, act, params, values))
        for key in _SLIDER_PARAMS:  # a slider the activation does not use is greyed out
            controls[key].disabled = key not in params

    return LiveFigure(fig, controls, update, extra=[status])


@widget
def zero_centred_explorer(mean: float = 0.5) -> LiveFigure:
    """SGD on one linear unit with two weights, from (0, 0) towards the best weights (1, −1).

    The inputs are sigmoid outputs σ(g) moved to the chosen mean: σ(g) − ½ + mean (0: centred,
    ½: the sigmoid outputs themselves, all positive). The caption counts the steps in which both
    weights move the same way, and the distance travelled.
    """
    _, centred = positive_and_centred_inputs(np.random.default_rng(0), m=70)
    w_best = (1.0, -1.0)
    fig, ax = new_figure(1, 1, figsize=(5.2, 4.4))
    envelope = np.concatenate([sgd_path(centred + c, w_best) for c in np.linspace(0.0, 0.5, 11)])
    lo, hi = envelope.min(axis=0) - 0.1, envelope.max(axis=0) + 0.1
    (path_line,) = ax.plot([], [], ".-", ms=4, lw=1, color="C0", label="weights, step by step")
    ax.plot(0.0, 0.0, "ko", ms=6, label="start")
    ax.plot(*w_best, "k*", ms=12, label="best weights")
    ax.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]), xlabel="$w_1$", ylabel="$w_2$", aspect="equal")
    ax.legend(fontsize=8, loc="upper right")
    status = caption()
    controls = {"mean": float_slider("mean of the inputs", mean, 0.0, 0.5, 0.05)}

    def update(mean: float) -> None:
        path = sgd_path(centred + mean, w_best)
        path_line.set_data(path[:, 0], path[:, 1])
        status.value = html_text(
            f"inputs σ(g) − ½ + {mean:.2f}: both weights move the same way on "
            f"{same_direction_fraction(path):.0%} of the steps; distance travelled {path_length(path):.2f} "
            f"(straight line: {np.hypot(*w_best):.2f})"
        )

    return LiveFigure(fig, controls, update, extra=[status])
