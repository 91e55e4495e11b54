"""05 — the activation explorer: any registry entry, f and f' side by side, flat regions shaded."""

import numpy as np
from matplotlib.patches import Patch

from course_lib import activations
from course_lib.topics.activation_functions import (
    display_name,
    kinks,
    mathtext,
    resolve_params,
    saturation_mask,
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

__all__ = ["activation_explorer"]

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
    there the gradient that flows back through the unit is (close to) zero. Open circles on the
    f' panel mark kinks, where the left and right derivatives differ.
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
    (line_f,) = ax_f.plot(z, z, lw=2, color="C0")
    (line_d,) = ax_d.plot(z, z, lw=2, color="C3")
    (kink_marks,) = ax_d.plot([], [], "o", ms=6, mfc="white", mec="k", label="kink: left / right slope")
    for ax, label in ((ax_f, "f(z)"), (ax_d, "f′(z)")):
        ax.axhline(0, color="0.6", lw=0.7, zorder=1)
        ax.axvline(0, color="0.6", lw=0.7, zorder=1)
        ax.set(xlim=(z[0], z[-1]), xlabel="z", ylabel=label)
    flat = Patch(color=_SHADE[:3], alpha=_SHADE[3], label="|f′| < 5 % of its peak")
    fig.legend(handles=[flat, kink_marks], loc="lower center", ncols=2, fontsize=8, frameon=False)
    title_f = ax_f.set_title("", fontsize=9)
    title_d = ax_d.set_title("", fontsize=9)
    status = caption()  # the parameters, and which sliders are unused: above the figure

    controls = {
        "name": dropdown("activation", [(display_name(n), n) for n in activations.names()], value=name),
        "alpha": float_slider("α (Leaky ReLU, PReLU, ELU)", alpha, 0.01, 2.0, 0.01),
        "beta": float_slider("β (Swish)", beta, 0.0, 10.0, 0.05),
    }

    envelopes: dict[str, tuple] = {}

    def update(name: str, alpha: float, beta: float) -> None:
        act = activations.get(name)
        values = {"alpha": alpha, "beta": beta}
        params = resolve_params(name, values)
        f, d = act(z, **params), act.grad(z, **params)
        line_f.set_ydata(f)
        line_d.set_ydata(d)
        rgba = np.where(saturation_mask(d)[None, :, None], _SHADE, 0.0)
        if name not in envelopes:
            envelopes[name] = _envelope(z, name, controls)
        for ax, shade, (lo, hi) in zip((ax_f, ax_d), shades, envelopes[name]):
            if ax.get_ylim() != (lo, hi):
                ax.set_ylim(lo, hi)
            shade.set_data(rgba)
            shade.set_extent((z[0], z[-1], lo, hi))
        points = kinks(name, **params)
        kink_marks.set_data([c for c, _, _ in points for _ in (0, 1)], [s for p in points for s in p[1:]])
        title_f.set_text(f"${mathtext(act.latex)}$")
        title_d.set_text(f"${mathtext(act.dlatex)}$")
        status.value = html_text(_status(name, act, params, values))
        for (
            key
        ) in _SLIDER_PARAMS:  # a slider the activation does not use is greyed out (moving it is harmless)
            controls[key].disabled = key not in params

    return LiveFigure(fig, controls, update, extra=[status])
