"""04 — the computational graph of a small network, with forward values and gradients on every edge."""

from course_lib.plotting.backprop import (
    TWO_PATH_DEFAULTS,
    _central_dw1,
    _draw_graph,
    _fill_graph,
    two_path_network,
)
from course_lib.widgets._core import LiveFigure, float_slider, new_figure, widget

__all__ = ["backprop_graph_explorer"]


@widget
def backprop_graph_explorer() -> LiveFigure:
    """x → h1 → {h2, h3} → ŷ → e = (y − ŷ)²: sliders for x and w1…w5; values above, gradients below.

    The returned figure also carries ``graph_values`` (the last forward/backward pass, a dict
    from :func:`~course_lib.plotting.backprop.two_path_network`) and ``graph_texts`` (the text
    artists: ``graph_texts["bwd"]["w1"]`` is the printed ∂e/∂w1), so a notebook can assert
    that what is shown agrees with central differences.
    """
    fig, ax = new_figure(figsize=(10.0, 5.0))
    arts = _draw_graph(ax)
    state: dict[str, float] = {}

    def update(x: float, w1: float, w2: float, w3: float, w4: float, w5: float) -> None:
        w = {"x": x, "w1": w1, "w2": w2, "w3": w3, "w4": w4, "w5": w5, "y": TWO_PATH_DEFAULTS["y"]}
        state.clear()
        state.update(two_path_network(**w))
        _fill_graph(arts, state, w, _central_dw1(w))

    d = TWO_PATH_DEFAULTS
    controls = {"x": float_slider("input x", d["x"], -2.0, 2.0, 0.05)}
    for name in ("w1", "w2", "w3", "w4", "w5"):
        controls[name] = float_slider(f"weight {name}", d[name], -3.0, 3.0, 0.05)
    live = LiveFigure(fig, controls, update)
    live.graph_values = state
    live.graph_texts = arts
    return live
