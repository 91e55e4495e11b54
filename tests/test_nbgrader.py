"""nbgrader for real: the metadata `make student` writes, and what a check does under autograde.

The round trip through nbgrader itself (generate_assignment, autograde) is in
``tests/test_nbgrader_roundtrip.py``; it needs nbgrader, installed by ``make test`` from
``tests/requirements.txt``.
"""

import re

import nbformat
import pytest

from course_lib import release
from course_lib.exercises import REGISTRY

SOLUTIONS = sorted((release.ROOT / "solutions").glob("*.ipynb"))
GRADE_ID = re.compile(r"^[a-zA-Z0-9_\-]+$")  # the characters nbgrader accepts in a grade_id


def _stub(*args, **kwargs):
    raise NotImplementedError()


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_not_attempted_prints_the_notice_in_class(name, monkeypatch, capsys):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    REGISTRY[name].check(_stub)
    assert f"⏳ {name}: not attempted yet" in capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_not_attempted_fails_under_autograde(name, monkeypatch, capsys):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    with pytest.raises(AssertionError, match=rf"⏳ {re.escape(name)}: not attempted yet"):
        REGISTRY[name].check(_stub)
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("value", ["validate", ""])
def test_only_autograde_makes_not_attempted_fail(value, monkeypatch, capsys):
    """nbgrader's validate (the student's "Validate" button) keeps the notice: it is not grading."""
    monkeypatch.setenv("NBGRADER_EXECUTION", value)
    name = sorted(REGISTRY)[0]
    REGISTRY[name].check(_stub)
    assert "not attempted yet" in capsys.readouterr().out


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_exercise_cells_carry_nbgrader_metadata(path):
    """Solution cells are answers, check cells locked autograded tests; grade ids are valid,
    unique, and the same in both versions; no other cell is marked."""
    solution = nbformat.read(path, as_version=4)
    student = nbformat.read(release.ROOT / "notebooks" / path.name, as_version=4)
    ids = []
    for index, (cell, twin) in enumerate(zip(solution.cells, student.cells, strict=True)):
        meta = cell.metadata.get("nbgrader")
        assert twin.metadata.get("nbgrader") == meta, f"cell {index}: metadata differs in notebooks/"
        is_solution = "### BEGIN SOLUTION" in cell.source
        is_check = cell.cell_type == "code" and release.CHECK_CALL.search(cell.source)
        if not (is_solution or is_check):
            assert meta is None, f"cell {index} is no exercise cell but has nbgrader metadata"
            continue
        assert meta["schema_version"] == 3 and GRADE_ID.match(meta["grade_id"]), meta
        ids.append(meta["grade_id"])
        if is_check:
            assert (meta["grade"], meta["solution"], meta["locked"]) == (True, False, True)
            assert meta["points"] == release.POINTS
        elif cell.cell_type == "code":
            assert (meta["grade"], meta["solution"], meta["locked"]) == (False, True, False)
            assert "points" not in meta
        else:  # a markdown answer: graded by hand
            assert (meta["grade"], meta["solution"], meta["locked"]) == (True, True, False)
    assert len(ids) == len(set(ids)), f"grade ids not unique: {ids}"


def test_metadata_is_computed_from_the_sources():
    cells = [
        nbformat.v4.new_markdown_cell("Say why.\n### BEGIN SOLUTION\nBecause.\n### END SOLUTION"),
        nbformat.v4.new_code_cell("def f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION"),
        nbformat.v4.new_code_cell("check_f(f)"),
        nbformat.v4.new_code_cell("f(2)", metadata={"nbgrader": {"grade": True, "grade_id": "old"}}),
    ]
    nb = release.strip(nbformat.v4.new_notebook(cells=cells), "01 demo")
    got = [cell.metadata.get("nbgrader") for cell in nb.cells]
    assert [m and m["grade_id"] for m in got] == ["01_demo-answer-0", "01_demo-f-solution", "01_demo-f", None]
    assert release.strip(nbformat.from_dict(nb), "01 demo") == nb  # twice changes nothing
