"""Plot functions, one module per topic; every one draws on an ``ax``: ``plot_x(..., ax=None) -> Axes``.

What a plot shows is computed in ``course_lib.topics.<topic>`` (or the math core); the functions
here only draw. Import from the topic's module, e.g.
``from course_lib.plotting.calculus import plot_descent_2d``.

:func:`show` puts a finished figure into the notebook with its alternative text (what the
figure shows, for a screen reader and for nbconvert's HTML), instead of matplotlib's automatic
display, which has none.
"""

import base64
import html
import io

import matplotlib.pyplot as plt
from IPython.display import display
from matplotlib.figure import Figure

from course_lib.plotting import (
    activation_functions,
    backprop,
    calculus,
    choosing,
    dying_relu,
    initialization,
    neuron,
    softmax,
    vanishing,
    xor,
)

__all__ = [
    "activation_functions",
    "backprop",
    "calculus",
    "choosing",
    "dying_relu",
    "initialization",
    "neuron",
    "show",
    "softmax",
    "vanishing",
    "xor",
]


def show(fig: Figure, alt: str) -> None:
    """Display ``fig`` in the notebook with the alternative text ``alt``, then close it.

    ``alt`` says in a sentence what the figure shows: a screen reader reads it, and it is the
    ``alt`` of the image in nbconvert's HTML export. The figure goes out as an HTML ``<img>`` (a
    PNG with its ``alt``), which JupyterLab, Notebook 7 and nbconvert all render, and as the text
    ``alt`` for text-only front ends. Closing the figure stops the notebook from showing it a
    second time at the end of the cell. Use it as a cell's last line::

        fig, ax = plt.subplots()
        plot_activation("relu", ax=ax)
        show(fig, "ReLU: zero for z < 0, the identity for z > 0.")
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"show(fig, alt): fig must be a matplotlib Figure, got {type(fig).__name__}")
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError(f"show(fig, alt): alt must be a sentence describing the figure, got {alt!r}")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    png = base64.b64encode(buffer.getvalue()).decode("ascii")
    text = html.escape(alt.strip(), quote=True)
    bundle = {
        "text/html": f'<img src="data:image/png;base64,{png}" alt="{text}">',
        "text/plain": f"[figure: {alt.strip()}]",
    }
    display(bundle, raw=True)
    plt.close(fig)
