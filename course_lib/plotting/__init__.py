"""Plot functions, one module per topic; every one draws on an ``ax``: ``plot_x(..., ax=None) -> Axes``.

What a plot shows is computed in ``course_lib.topics.<topic>`` (or the math core); the functions
here only draw. Import from the topic's module, e.g.
``from course_lib.plotting.calculus import plot_descent_2d``.
"""

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
    "softmax",
    "vanishing",
    "xor",
]
