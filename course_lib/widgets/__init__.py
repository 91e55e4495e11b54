"""Interactive figures for the notebooks, one module per topic, all built on ``_core``.

Every builder is registered in :data:`WIDGETS` (by the ``@widget`` decorator) and exported
here, so ``from course_lib.widgets import learning_rate_explorer`` works and tests can find
every builder without a hand-kept list.
"""

import importlib
import pkgutil

from course_lib.widgets._core import WIDGETS, LiveFigure, _ipympl, new_figure, widget

_ipympl()  # import ipympl once, up front, keeping the notebook's own matplotlib backend

for _info in pkgutil.iter_modules(__path__):
    if not _info.name.startswith("_"):
        _module = importlib.import_module(f"{__name__}.{_info.name}")
        for _name in getattr(_module, "__all__", []):
            globals()[_name] = getattr(_module, _name)

__all__ = ["WIDGETS", "LiveFigure", "new_figure", "widget", *WIDGETS]
