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
from course_lib.exercises.calculus import (
    ETA_OPTIONS,
    check_central_difference,
    check_eta_prediction,
    check_gradient_descent,
    check_gradient_descent_step,
)
from course_lib.exercises.capstone import (
    check_my_activation_backward,
    check_my_activation_forward,
    check_my_dense_backward,
    check_my_dense_forward,
    check_my_network_backward,
    check_my_network_forward,
    check_my_numerical_gradient,
    check_my_output_backward,
    check_my_output_forward,
    check_my_train_minibatch,
)
from course_lib.exercises.choosing import (
    OUTPUT_TASKS,
    PREDICT_OPTIONS,
    check_choose_output_activation,
    check_fixed_train_step,
    check_least_learning_prediction,
)
from course_lib.exercises.dying_relu import (
    check_dead_fraction,
    check_dead_units_per_layer,
    check_elu_grad_from_output,
    check_prelu_alpha_grad,
)
from course_lib.exercises.initialization import (
    check_glorot_uniform,
    check_he_normal,
    check_relu_weight_variance,
    check_signal_profile,
)
from course_lib.exercises.neuron import (
    check_neuron_forward,
    check_neuron_gradients,
    check_train_neuron,
    check_update_parameters,
)
from course_lib.exercises.softmax import (
    check_softmax_ce_forward_backward,
    check_softmax_jacobian,
    check_stable_softmax,
)
from course_lib.exercises.vanishing import (
    buggy_sigmoid_backward,
    check_first_last_ratio,
    check_fixed_sigmoid_backward,
    check_layer_grad_norms,
    check_layer_statistics,
    check_smallest_gradient_prediction,
)
from course_lib.exercises.welcome import check_sigmoid_grad
from course_lib.exercises.xor import check_mlp_forward, check_xor_backward, check_xor_weights

__all__ = [
    "ETA_OPTIONS",
    "OUTPUT_TASKS",
    "PREDICT_OPTIONS",
    "REGISTRY",
    "Exercise",
    "Feedback",
    "Mistake",
    "buggy_sigmoid_backward",
    "check_central_difference",
    "check_choose_output_activation",
    "check_dead_fraction",
    "check_dead_units_per_layer",
    "check_dense_backward",
    "check_elu_grad_from_output",
    "check_eta_prediction",
    "check_first_last_ratio",
    "check_fixed_backward",
    "check_fixed_sigmoid_backward",
    "check_fixed_train_step",
    "check_glorot_uniform",
    "check_gradient_check",
    "check_gradient_descent",
    "check_gradient_descent_step",
    "check_he_normal",
    "check_layer_grad_norms",
    "check_layer_statistics",
    "check_leaky_relu",
    "check_leaky_relu_grad",
    "check_least_learning_prediction",
    "check_mlp_forward",
    "check_my_activation_backward",
    "check_my_activation_forward",
    "check_my_dense_backward",
    "check_my_dense_forward",
    "check_my_network_backward",
    "check_my_network_forward",
    "check_my_numerical_gradient",
    "check_my_output_backward",
    "check_my_output_forward",
    "check_my_train_minibatch",
    "check_neuron_forward",
    "check_neuron_gradients",
    "check_prelu_alpha_grad",
    "check_relu_weight_variance",
    "check_sigmoid_grad",
    "check_signal_profile",
    "check_smallest_gradient_prediction",
    "check_softmax_ce_forward_backward",
    "check_softmax_jacobian",
    "check_stable_softmax",
    "check_swish_grad",
    "check_train_neuron",
    "check_update_parameters",
    "check_xor_backward",
    "check_xor_weights",
]
