"""The student notebooks are generated from the solutions, and the markers work as documented."""

import nbformat
import pytest

from course_lib import release
from course_lib.exercises import REGISTRY

SOLUTIONS = sorted((release.ROOT / "solutions").glob("*.ipynb"))


def test_committed_notebooks_match_the_generator():
    stale = release.drift()
    assert not stale, f"out of date (run `make student`): {[str(p.relative_to(release.ROOT)) for p in stale]}"


def test_every_solution_has_a_student_twin_and_vice_versa():
    students = {p.name for p in (release.ROOT / "notebooks").glob("*.ipynb")}
    assert students == {p.name for p in SOLUTIONS}


def test_code_region_becomes_stub_with_its_indentation():
    source = "def f(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION\n\nf(1)"
    assert release.student_source(source) == (
        "def f(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()\n\nf(1)"
    )


def test_markdown_region_becomes_answer_stub():
    assert release.student_source("Q?\n### BEGIN SOLUTION\nA.\n### END SOLUTION", "markdown") == (
        "Q?\nYOUR ANSWER HERE"
    )


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("### BEGIN SOLUTION\nx = 1", "without END"),
        ("x = 1\n### END SOLUTION", "without BEGIN"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "inside another"),
    ],
)
def test_unbalanced_markers_are_errors(source, message):
    with pytest.raises(ValueError, match=message):
        release.student_source(source, where="nb, cell 3")


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_student_version_has_no_solution_left(path):
    student = nbformat.read(release.ROOT / "notebooks" / path.name, as_version=4)
    text = "\n".join(cell.source for cell in student.cells)
    assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text


def test_every_registered_exercise_is_checked_in_its_notebook():
    sources = {
        p.name[:2]: "\n".join(c.source for c in nbformat.read(p, as_version=4).cells) for p in SOLUTIONS
    }
    for name, ex in REGISTRY.items():
        assert ex.notebook in sources, f"exercise {name}: notebook {ex.notebook} does not exist"
        asked = getattr(ex.check, "asked_by", ex.check.__name__)  # a quiz question: by the quiz widget
        assert f"{asked}(" in sources[ex.notebook], f"{asked} is never called in {ex.notebook}"


def test_verify_cells_are_collapsed_and_other_jupyter_metadata_is_dropped():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("assert 1 + 1 == 2", metadata={"tags": ["verify"]}),
        nbformat.v4.new_code_cell("x = 1", metadata={"jupyter": {"source_hidden": True}, "scrolled": True}),
    ]
    for version in (release.strip(nbformat.from_dict(nb)), release.student_version(nb)):
        assert version.cells[0].metadata == {"tags": ["verify"], "jupyter": {"source_hidden": True}}
        assert version.cells[1].metadata == {}


def test_every_check_cell_imports_its_checker():
    """The check cell (locked under nbgrader) imports the checker it calls, so a student's own
    ``def check_x`` in a solution cell cannot stand in for it."""
    for path in SOLUTIONS:
        for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
            called = release.CHECK_CALL.findall(cell.source) if cell.cell_type == "code" else []
            for name in called:
                assert f"import {name}" in cell.source, (
                    f"{path.name}, cell {index}: {name} is not imported there"
                )
