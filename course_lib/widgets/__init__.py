"""Interactive figures for the notebooks, one module per topic, all built on ``_core``.

Every builder registers itself in :data:`WIDGETS` (the ``@widget`` decorator), so the tests
find and exercise each one without a hand-kept list.
"""

from course_lib.widgets._core import WIDGETS, LiveFigure, new_figure, widget
from course_lib.widgets.activation_functions import activation_explorer, zero_centred_explorer
from course_lib.widgets.backprop import backprop_graph_explorer
from course_lib.widgets.calculus import bowl_descent_explorer, learning_rate_explorer, secant_explorer
from course_lib.widgets.choosing import REFLECT_QUIZ, Quiz, decision_boundary_explorer, quiz
from course_lib.widgets.dying_relu import dying_relu_explorer
from course_lib.widgets.initialization import activation_histogram_explorer
from course_lib.widgets.neuron import one_neuron_explorer
from course_lib.widgets.softmax import softmax_temperature_explorer
from course_lib.widgets.vanishing import gradient_flow_explorer
from course_lib.widgets.welcome import sigmoid_explorer
from course_lib.widgets.xor import xor_network_explorer

__all__ = [
    "REFLECT_QUIZ",
    "WIDGETS",
    "LiveFigure",
    "Quiz",
    "activation_explorer",
    "activation_histogram_explorer",
    "backprop_graph_explorer",
    "bowl_descent_explorer",
    "decision_boundary_explorer",
    "dying_relu_explorer",
    "gradient_flow_explorer",
    "learning_rate_explorer",
    "new_figure",
    "one_neuron_explorer",
    "quiz",
    "secant_explorer",
    "sigmoid_explorer",
    "softmax_temperature_explorer",
    "widget",
    "xor_network_explorer",
    "zero_centred_explorer",
]
