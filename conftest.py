"""One more test item per notebook, beside nbval's cells: the notebook keeps its promises.

nbval (``--nbval-lax``, set in pyproject.toml) checks that every cell runs without error. The
item ``<folder>/NN_name.ipynb::promises`` runs the notebook itself (``tests/notebook_promises.py``,
nbclient in a fresh kernel) and fails unless

* every check cell (a line starting ``check_...(``) prints what its version promises: the
  "not attempted yet" notice in ``notebooks/`` (student version), the ✓ line in ``solutions/``;
* solution versions: Restart & Run All twice gives the same text (every text output of every
  code cell, but for cells tagged ``timing`` and widget views).

It is collected by pytest's ``pytest_collect_file`` hook for every notebook in ``notebooks/`` and
``solutions/`` (also ``pytest solutions/00_welcome.ipynb``), and has the notebook's path, so
``--dist loadscope`` sends it to the worker that runs the notebook's nbval cells: the notebooks
spread over the workers as before.
"""

import pytest
from notebook_promises import SOLUTION_FOLDER, STUDENT_FOLDER, is_student_version, notebook_problems


def pytest_collect_file(file_path, parent):
    if file_path.suffix == ".ipynb" and file_path.parent.name in (STUDENT_FOLDER, SOLUTION_FOLDER):
        return NotebookPromisesFile.from_parent(parent, path=file_path)
    return None


class NotebookPromisesFile(pytest.File):
    def collect(self):
        yield NotebookPromises.from_parent(self, name="promises")


class NotebookPromises(pytest.Item):
    def runtest(self):
        problems = notebook_problems(self.path)
        if problems:
            pytest.fail(f"{self.path.name}:\n" + "\n".join(f"  - {p}" for p in problems), pytrace=False)

    def reportinfo(self):
        if is_student_version(self.path):
            return self.path, None, f"{self.path.name}: every check cell says 'not attempted yet'"
        return self.path, None, f"{self.path.name}: every check cell passes; Run All twice, same text"
