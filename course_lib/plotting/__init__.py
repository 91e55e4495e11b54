"""Pure plot functions, one module per topic: ``plot_x(..., ax=None) -> Axes``.

Import from the topic module, e.g. ``from course_lib.plotting.calculus import plot_secant``.
"""
