"""course_lib: the math behind the course unit "How a neural network learns".

Modules: ``activations`` (one registry of activations with derivatives, softmax),
``losses``, ``initializers``, ``nn`` (layers and a tiny MLP), ``gradcheck``.
"""

from course_lib import activations, gradcheck, initializers, losses, nn

__all__ = ["activations", "gradcheck", "initializers", "losses", "nn"]
__version__ = "0.1.0"
