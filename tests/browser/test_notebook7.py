"""One notebook with an interactive figure, run in Jupyter Notebook 7 (``jupyter notebook``).

Instructors also teach with Notebook 7. Its front end is built from JupyterLab's components (the
same notebook panel, commands and ipywidgets manager), so the page is driven by the same in-page
helpers and checked by the same :func:`checks.check_notebook` as in JupyterLab: a private server
(``jupyter_browser.JupyterNotebook``), the notebook's own page ``/notebooks/<path>``, Run All, no
error or stderr output, the check cell's ✓, every widget rendered and its figure painted and
opaque, and the first slider moved with the keyboard changing the figure's pixels. One
difference: in Notebook 7 the arrow keys never reach a slider (they are the notebook's own
shortcuts there, see ``JupyterNotebook.slider_keys``), so the slider is moved with PageUp.

The notebook is ``solutions/00_welcome.ipynb``: the first one a class opens, and the quickest to
run that has a slider figure (``sigmoid_explorer``, 7 code cells, about 2 s), with an exercise
check cell and a static matplotlib figure besides.

A class of its own, so that ``--dist loadscope`` can give it to a worker of its own.
"""

from .checks import check_notebook

NOTEBOOK = "solutions/00_welcome.ipynb"


class TestNotebook7:
    def test_interactive_figure(self, notebook7):
        shown = check_notebook(notebook7, NOTEBOOK)
        app = notebook7.page.evaluate("() => [window.jupyterapp.name, window.jupyterapp.version]")
        assert app[0] == "Jupyter Notebook" and app[1].startswith("7."), f"not Notebook 7: {app}"
        assert shown["sliders_moved"] >= 1, f"{NOTEBOOK} in Notebook 7: no slider was moved ({shown})"
