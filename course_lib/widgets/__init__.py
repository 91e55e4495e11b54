"""Interactive figures for the notebooks, one module per topic, all built on ``_core``.

``from course_lib.widgets import learning_rate_explorer`` imports only the module that defines
it. Builders register themselves in :data:`WIDGETS` (the ``@widget`` decorator) when their
module is imported; :func:`load_all` imports them all, so tests find every builder without a
hand-kept list.
"""

from course_lib import _lazy
from course_lib.widgets._core import WIDGETS, LiveFigure, new_figure, widget

_INDEX = _lazy.exports(__name__, __path__)
__getattr__ = _lazy.attach(__name__, _INDEX, globals())


def load_all() -> dict:
    """Import every topic module; return every registered widget builder by name."""
    _lazy.import_all(_INDEX)
    return WIDGETS


__all__ = ["WIDGETS", "LiveFigure", "load_all", "new_figure", "widget", *_INDEX]
