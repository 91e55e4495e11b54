"""04 — the computational graph of a small network, with forward values and gradients of every node."""

import html

import ipywidgets as W

from course_lib.plotting.backprop import draw_graph
from course_lib.topics.backprop import (
    TWO_PATH_DEFAULTS,
    central_dw1,
    edge_width,
    graph_labels,
    two_path_network,
)
from course_lib.widgets._core import LiveFigure, caption, float_slider, html_text, new_figure, widget

__all__ = ["backprop_graph_explorer"]

_ROWS = (  # (row label, name in graph_labels)
    ("input x", "x"),
    ("weight w1", "w1"),
    ("h1", "h1"),
    ("weight w2", "w2"),
    ("weight w3", "w3"),
    ("h2", "h2"),
    ("h3", "h3"),
    ("weight w4", "w4"),
    ("weight w5", "w5"),
    ("output ŷ", "out"),
)


def _table(labels: dict) -> str:
    """The graph's numbers as an HTML table: forward values (blue) and gradients (red) per node and edge."""
    cell = 'style="padding:1px 10px 1px 0; vertical-align:top; white-space:nowrap"'
    rows = [
        f"<tr><th {cell}></th><th {cell} align='left' style='color:#1f77b4'>forward</th>"
        f"<th {cell} align='left' style='color:#d62728'>backward ∂e/∂(·)</th></tr>"
    ]
    for label, name in _ROWS:
        rows.append(
            f"<tr><td {cell}><b>{html.escape(label)}</b></td>"
            f"<td {cell}><span style='color:#1f77b4'>{html_text(labels['fwd'][name])}</span></td>"
            f"<td {cell}><span style='color:#d62728'>{html_text(labels['bwd'][name])}</span></td></tr>"
        )
    rows.append(
        f"<tr><td {cell}><b>error e</b></td>"
        f"<td {cell} colspan='2'><span style='color:#1f77b4'>{html_text(labels['fwd']['e'])}</span></td></tr>"
    )
    return "<table style='font-size:12px; line-height:1.35'>" + "".join(rows) + "</table>"


@widget
def backprop_graph_explorer() -> LiveFigure:
    """x → h1 → {h2, h3} → ŷ → e = (y − ŷ)²: sliders for x and w1…w5; the graph, and every
    forward value and gradient beside it (the numbers are HTML, rendered by the browser).

    The returned figure also carries ``graph_values`` (the last forward/backward pass, a dict
    from :func:`~course_lib.topics.backprop.two_path_network`) and ``graph_texts`` (the texts
    shown, from :func:`~course_lib.topics.backprop.graph_labels`: ``graph_texts["bwd"]["w1"]``
    is the printed ∂e/∂w1), so a notebook can assert that what is shown agrees with central
    differences.
    """
    fig, ax = new_figure(figsize=(6.2, 3.3))
    arts = draw_graph(ax, values=False)
    state: dict[str, float] = {}
    shown: dict = {}
    table = W.HTML()
    footer = caption()

    def update(x: float, w1: float, w2: float, w3: float, w4: float, w5: float) -> None:
        w = {"x": x, "w1": w1, "w2": w2, "w3": w3, "w4": w4, "w5": w5, "y": TWO_PATH_DEFAULTS["y"]}
        state.clear()
        state.update(two_path_network(**w))
        shown.clear()
        shown.update(graph_labels(state, w, central_dw1(w)))
        for name, edge in arts["edge"].items():
            edge.set_linewidth(edge_width(state["de_d" + name]))
        table.value = _table(shown)
        footer.value = html_text(shown["footer"])

    d = TWO_PATH_DEFAULTS
    controls = {"x": float_slider("input x", d["x"], -2.0, 2.0, 0.05)}
    for name in ("w1", "w2", "w3", "w4", "w5"):
        controls[name] = float_slider(f"weight {name}", d[name], -3.0, 3.0, 0.05)
    live = LiveFigure(fig, controls, update, extra=[footer], side=[table])
    live.graph_values = state
    live.graph_texts = shown
    return live
