"""Every notebook, student and solution version, run in JupyterLab in a headless Chromium.

What is checked is in checks.py. The two versions are two test classes: ``--dist loadscope``
(``make test``) groups tests by class, so two xdist workers run them side by side, each with its
own JupyterLab and browser. Both classes share one test function (so a skip is reported once).
(test_notebook7.py's class, one notebook in Jupyter Notebook 7, goes to one of the workers too.)
"""

from .checks import check_notebook
from .jupyter_browser import ROOT


def pytest_generate_tests(metafunc):
    """One test per notebook of the class's folder."""
    names = sorted(path.name for path in (ROOT / metafunc.cls.folder).glob("*.ipynb"))
    metafunc.parametrize("name", names)


class Notebooks:
    folder = ""

    def test_notebook(self, lab, name):
        check_notebook(lab, f"{self.folder}/{name}")


class TestStudentVersion(Notebooks):
    folder = "notebooks"


class TestSolutionVersion(Notebooks):
    folder = "solutions"
