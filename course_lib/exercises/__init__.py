"""Exercise checkers, one module per notebook topic, all built on ``_core``.

Every checker registers itself in :data:`REGISTRY` with its reference solution and known
mistakes when its module is imported (below), so the tests find every exercise.
"""

from course_lib.exercises._core import REGISTRY, Exercise, Feedback, Mistake
from course_lib.exercises.activation_functions import (
    check_leaky_relu,
    check_leaky_relu_grad,
    check_swish_grad,
)
from course_lib.exercises.backprop import check_dense_backward, check_fixed_backward, check_gradient_check
from course_lib.exercises.calculus import check_central_difference, check_gradient_descent_step
from course_lib.exercises.choosing import OUTPUT_TASKS, check_choose_output_activation
from course_lib.exercises.dying_relu import check_dead_fraction
from course_lib.exercises.initialization import check_glorot_uniform, check_he_normal
from course_lib.exercises.neuron import check_neuron_forward, check_neuron_gradients, check_update_parameters
from course_lib.exercises.softmax import check_stable_softmax
from course_lib.exercises.vanishing import check_first_last_ratio, check_layer_grad_norms
from course_lib.exercises.welcome import check_sigmoid_grad
from course_lib.exercises.xor import check_mlp_forward, check_xor_weights

__all__ = [
    "OUTPUT_TASKS",
    "REGISTRY",
    "Exercise",
    "Feedback",
    "Mistake",
    "check_central_difference",
    "check_choose_output_activation",
    "check_dead_fraction",
    "check_dense_backward",
    "check_first_last_ratio",
    "check_fixed_backward",
    "check_glorot_uniform",
    "check_gradient_check",
    "check_gradient_descent_step",
    "check_he_normal",
    "check_layer_grad_norms",
    "check_leaky_relu",
    "check_leaky_relu_grad",
    "check_mlp_forward",
    "check_neuron_forward",
    "check_neuron_gradients",
    "check_sigmoid_grad",
    "check_stable_softmax",
    "check_swish_grad",
    "check_update_parameters",
    "check_xor_weights",
]
