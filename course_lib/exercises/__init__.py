"""Exercise checkers, one module per notebook topic, all built on ``_core``.

Every ``check_*`` function is exported here (``from course_lib.exercises import
check_sigmoid_grad``) and registered in :data:`REGISTRY` with its reference solution and
known mistakes, which the tests use.
"""

import importlib
import pkgutil

from course_lib.exercises._core import REGISTRY, Exercise, Feedback, Mistake

for _info in pkgutil.iter_modules(__path__):
    if not _info.name.startswith("_"):
        _module = importlib.import_module(f"{__name__}.{_info.name}")
        for _name in getattr(_module, "__all__", []):
            globals()[_name] = getattr(_module, _name)

__all__ = [
    "REGISTRY",
    "Exercise",
    "Feedback",
    "Mistake",
    *sorted(n for n in globals() if n.startswith("check_")),
]
