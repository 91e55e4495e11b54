"""The notebooks read as a course: verification collapsed out of the way, no lecture-note
forensics, and the length, opener and closer that docs/authoring.md describes.

The figures come from ``tests/notebook_text.py`` (run it for the table)."""

import re
from statistics import mean

import pytest
from notebook_text import (
    ASSERTS_TARGET,
    ROOT,
    SOLUTIONS,
    STUDENT,
    WORDS_TARGET,
    cells,
    is_hidden,
    is_verify,
    references,
    solution_sizes,
    source,
    table,
    visible_asserts,
    words,
)

NOTEBOOKS = [*SOLUTIONS, *STUDENT]
CHECK_CALL = re.compile(r"^check_\w+\(", re.MULTILINE)
ids = [f"{p.parent.name}/{p.name}" for p in NOTEBOOKS]


def test_there_are_notebooks():
    assert STUDENT and len(STUDENT) == len(SOLUTIONS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_verify_cells_are_collapsed_code_and_only_they_are(path):
    for index, cell in enumerate(cells(path)):
        if is_verify(cell):
            assert cell["cell_type"] == "code", f"cell {index}: a verify cell must be a code cell"
            assert is_hidden(cell), f"cell {index}: tagged verify but not collapsed (run make student)"
        else:
            assert not is_hidden(cell), f"cell {index}: collapsed but not tagged verify"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_a_verify_cell_checks_and_does_not_teach(path):
    """A verify cell follows the cell it checks and holds no exercise or check call."""
    nb = cells(path)
    for index, cell in enumerate(nb):
        if is_verify(cell):
            text = source(cell)
            assert index > 0, "a verify cell comes after what it checks, never first"
            assert "BEGIN SOLUTION" not in text, f"cell {index}: an exercise inside a verify cell"
            assert not CHECK_CALL.search(text), f"cell {index}: an exercise check inside a verify cell"
            assert "assert" in text, f"cell {index}: a verify cell with nothing to verify"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_no_lecture_note_references(path):
    assert references(path) == [], f"{path.name}: lecture-note line references or errata ids"


def test_markdown_words_per_notebook_on_average():
    assert mean(words(p) for p in STUDENT) <= WORDS_TARGET, table()


def test_visible_asserts_per_notebook_on_average():
    assert mean(visible_asserts(p) for p in STUDENT) <= ASSERTS_TARGET, table()


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.name for p in SOLUTIONS])
def test_opens_with_what_you_will_learn_and_closes_with_summary_and_next(path):
    markdown = [source(c) for c in cells(path) if c["cell_type"] == "markdown"]
    opener = markdown[0]
    assert opener.startswith(f"# {path.name[:2]} — "), opener[:80]
    for part in ("What you will learn", "What you will do", "What you need", "Time"):
        assert part in opener, f"the first cell lacks {part!r}"
    text = "\n".join(markdown)
    assert "\n## Summary" in "\n" + text, "no ## Summary section"
    summary = ("\n" + text).split("\n## Summary", 1)[1].split("\n## ", 1)[0]
    bullets = [line for line in summary.splitlines() if line.startswith(("- ", "* "))]
    assert len(bullets) == 5, f"the summary has {len(bullets)} bullets, not five"
    assert "\n## Next" in text and "](" in text.split("\n## Next", 1)[1], "no ## Next with a link at the end"


@pytest.mark.parametrize("path", STUDENT, ids=[p.name for p in STUDENT])
def test_links_stay_inside_the_notebooks_folder(path):
    """What a student needs is reachable from where `make lab` opens (notebooks/)."""
    for cell in (c for c in cells(path) if c["cell_type"] == "markdown"):
        for target in re.findall(r"\]\(([^)#\s]+)", source(cell)):
            if "://" in target:
                continue
            assert not target.startswith(("../", "/")), f"{path.name} links outside notebooks/: {target}"
            assert (path.parent / target).exists(), f"{path.name} links to a missing file: {target}"


def test_the_counters_count_what_they_say(tmp_path):
    """The figures can fail: a reference, a visible assert and the words are each found."""
    import json

    nb = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["See the notes (002:L693, errata E57).\n"]},
            {"cell_type": "code", "metadata": {}, "source": ["assert 1 == 1\n", "x = 2"], "outputs": []},
            {
                "cell_type": "code",
                "metadata": {"tags": ["verify"], "jupyter": {"source_hidden": True}},
                "source": ["assert x == 2"],
                "outputs": [],
            },
        ]
    }
    path = tmp_path / "00_x.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert references(path) == ["002:L693", "errata", "E57"]
    assert visible_asserts(path) == 1
    assert words(path) == 6


def test_the_time_a_notebook_announces_is_the_one_the_instructors_guide_gives():
    guide = (ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")
    for path in SOLUTIONS:
        opener = source(cells(path)[0])
        found = re.search(r"\*\*Time:\*\* about (\d+) min in class, (\d+) min of exercises\.", opener)
        assert found, f"{path.name}: no '**Time:** about N min in class, M min of exercises.' line"
        row = re.search(rf"^\| {path.name[:2]} [^|]*\| (\d+) min \| (\d+) min \|", guide, re.MULTILINE)
        assert row, f"docs/teaching.md has no time row for {path.name[:2]}"
        assert row.groups() == found.groups(), f"{path.name}: {found.groups()} vs the guide's {row.groups()}"


def test_solution_sizes_count_code_lines_only(tmp_path):
    import json

    source_ = (
        "def f(x):\n    ### BEGIN SOLUTION\n    # a comment\n\n"
        "    y = 2 * x\n    return y\n    ### END SOLUTION\n"
    )
    path = tmp_path / "00_x.ipynb"
    path.write_text(
        json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "source": source_}]}), "utf-8"
    )
    assert solution_sizes(path) == [2]
