"""The models and experiments of each topic, one module per notebook topic.

``course_lib.topics.xor`` holds what notebook 03 computes about XOR (the 2-h-1 networks, linear
separability, training many seeds), ``topics.neuron`` the one neuron of notebook 02, and so on.
Plots of a topic are in ``course_lib.plotting.<topic>`` (functions that draw on an ``ax``), its
interactive figures in ``course_lib.widgets.<topic>``, its exercise checkers in
``course_lib.exercises.<topic>``. The math every topic shares (activations, losses, layers,
the trainer) is in the modules at the top of ``course_lib``.
"""

from course_lib.topics import (
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
