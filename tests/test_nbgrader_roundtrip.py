"""The nbgrader round trip, with real nbgrader (``tests/requirements.txt``; ``make test`` installs it).

In a temporary course directory (its own ``nbgrader_config.py``, gradebook and Jupyter config and
data directories, so nothing from the machine's Jupyter set-up leaks in; no network):

1. ``nbgrader generate_assignment`` accepts ``solutions/`` as its source, and its release version
   of every notebook is the student notebook ``make student`` writes: the same source in every
   cell and the same nbgrader metadata. The differences are nbgrader's own additions: it stores
   a ``checksum`` and the ``cell_type`` in each graded cell's nbgrader metadata, and marks
   solution cells ``deletable: false`` and check cells also ``editable: false`` (its LockCells
   step). ``make student`` leaves these out; nbgrader adds them when an instructor generates the
   assignment.
2. ``nbgrader autograde`` grades three submissions of a few notebooks (:data:`GRADED`; all eleven
   take ~35 s per submission, these ~8 s): the solutions (full marks), the untouched student
   versions (0 points: an unattempted check fails under autograde) and the solutions with one
   planted mistake in one exercise (:data:`PLANTED`; exactly that exercise's point is lost, so
   no later cell depends on the student's function). Scores are read with nbgrader's
   ``nbgrader.api.Gradebook``.

nbgrader runs through its command line (``python -m nbgrader``), as an instructor runs it.
``make test-oldest`` leaves this file out (its environment has only requirements.txt).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from course_lib import release

SOLUTIONS = release.ROOT / "solutions"
STUDENTS = release.ROOT / "notebooks"
GRADED = ("00_welcome", "04_backpropagation")  # 1 + 3 exercises, one point each
PLANTED = ("04_backpropagation", "04_backpropagation-dense_backward-solution")  # notebook, cell
COURSE = "how-a-network-learns"
LOCAL = ("checksum", "cell_type")  # nbgrader metadata that generate_assignment adds


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("course")
    (root / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.root = {str(root)!r}\n"
        f"c.CourseDirectory.course_id = {COURSE!r}\n"
        f"c.CourseDirectory.db_url = {'sqlite:///' + str(root / 'gradebook.db')!r}\n"
        "c.Execute.timeout = 120\n",
        encoding="utf-8",
    )
    shutil.copytree(SOLUTIONS, root / "source" / "all")
    (root / "source" / "graded").mkdir()
    for stem in GRADED:
        shutil.copy(SOLUTIONS / f"{stem}.ipynb", root / "source" / "graded")
    nbgrader(root, "generate_assignment", "all")
    nbgrader(root, "generate_assignment", "graded")
    return root


def nbgrader(root: Path, *args: str) -> None:
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(root / ".jupyter-config"),
        JUPYTER_DATA_DIR=str(root / ".jupyter-data"),
        # nbgrader runs `alembic` (its database migrations) from PATH: the venv's own
        PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
    )
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args], cwd=root, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{done.stderr[-3000:]}"


def scores(root: Path, student: str) -> dict[str, float]:
    """{notebook: score} and {"total": score, "max": max score} of the student's submission."""
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course_id=COURSE) as gb:
        submission = gb.find_submission("graded", student)
        found = {nb.name: nb.score for nb in submission.notebooks}
        found.update(total=submission.score, max=submission.max_score)
    return found


def submit(root: Path, student: str, notebooks: dict[str, nbformat.NotebookNode]) -> dict[str, float]:
    folder = root / "submitted" / student / "graded"
    folder.mkdir(parents=True)
    for stem, nb in notebooks.items():
        nbformat.write(nb, folder / f"{stem}.ipynb")
    nbgrader(root, "autograde", "graded", "--student", student)
    return scores(root, student)


def read(folder: Path, stem: str) -> nbformat.NotebookNode:
    return nbformat.read(folder / f"{stem}.ipynb", as_version=4)


def points(stem: str) -> int:
    return sum(c.metadata.get("nbgrader", {}).get("points", 0) for c in read(SOLUTIONS, stem).cells)


@pytest.mark.parametrize("path", sorted(SOLUTIONS.glob("*.ipynb")), ids=lambda p: p.name)
def test_generate_assignment_releases_the_student_notebook(course, path):
    released = nbformat.read(course / "release" / "all" / path.name, as_version=4)
    student = nbformat.read(STUDENTS / path.name, as_version=4)
    assert [c.source for c in released.cells] == [c.source for c in student.cells]
    for index, (ours, theirs) in enumerate(zip(student.cells, released.cells, strict=True)):
        meta = {k: v for k, v in theirs.metadata.get("nbgrader", {}).items() if k not in LOCAL}
        assert meta == ours.metadata.get("nbgrader", {}), f"{path.name}, cell {index}"


def test_autograde_gives_the_solutions_full_marks(course):
    got = submit(course, "solved", {stem: read(SOLUTIONS, stem) for stem in GRADED})
    assert got == {**{stem: points(stem) for stem in GRADED}, "total": 4, "max": 4}


def test_autograde_gives_the_untouched_student_versions_nothing(course):
    got = submit(course, "untouched", {stem: read(STUDENTS, stem) for stem in GRADED})
    assert got == {**{stem: 0 for stem in GRADED}, "total": 0, "max": 4}


def test_autograde_takes_exactly_the_planted_mistakes_point(course):
    notebooks = {stem: read(SOLUTIONS, stem) for stem in GRADED}
    stem, grade_id = PLANTED
    cell = next(
        c for c in notebooks[stem].cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id
    )
    lines = cell.source.splitlines()
    begin = next(i for i, line in enumerate(lines) if release.BEGIN.match(line))
    indent = release.BEGIN.match(lines[begin]).group(1)
    assert indent, "the planted mistake needs a solution region inside a function"
    lines.insert(begin + 1, f"{indent}return None  # planted mistake: the result is never returned")
    cell.source = "\n".join(lines)
    got = submit(course, "one_mistake", notebooks)
    assert got == {
        "00_welcome": 1,
        "04_backpropagation": points("04_backpropagation") - 1,
        "total": 3,
        "max": 4,
    }


def test_a_solution_cell_that_defines_its_own_check_earns_nothing(course):
    """The locked check cell imports its checker, so a check_x the student defines in the
    solution cell (one that always prints ✓) is replaced before it is called."""
    notebooks = {stem: read(SOLUTIONS, stem) for stem in GRADED}
    cell = next(
        c
        for c in notebooks["00_welcome"].cells
        if c.metadata.get("nbgrader", {}).get("grade_id") == "00_welcome-sigmoid_grad-solution"
    )
    cell.source = (
        "def sigmoid_grad(z):\n"
        "    return 0 * z  # wrong\n\n\n"
        "def check_sigmoid_grad(fn):\n"
        '    print("✓ sigmoid_grad: looks fine")\n'
    )
    got = submit(course, "own_check", notebooks)
    assert got == {
        "00_welcome": 0,
        "04_backpropagation": points("04_backpropagation"),
        "total": 3,
        "max": 4,
    }
