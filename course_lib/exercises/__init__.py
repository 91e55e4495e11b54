"""Exercise checkers, one module per notebook topic, all built on ``_core``.

``from course_lib.exercises import check_sigmoid_grad`` imports only the module that defines it.
Every checker registers itself in :data:`REGISTRY` with its reference solution and known
mistakes when its module is imported; :func:`load_all` imports them all (the tests use it).
"""

from course_lib import _lazy
from course_lib.exercises._core import REGISTRY, Exercise, Feedback, Mistake

_INDEX = _lazy.exports(__name__, __path__)
__getattr__ = _lazy.attach(__name__, _INDEX, globals())


def load_all() -> dict[str, Exercise]:
    """Import every topic module; return the full registry of exercises."""
    _lazy.import_all(_INDEX)
    return REGISTRY


__all__ = ["REGISTRY", "Exercise", "Feedback", "Mistake", "load_all", *_INDEX]
