"""The page checks themselves (no browser needed, but they live with the browser tests): a verify
cell must be shown collapsed and must have run; a collapsed cell must be a verify cell."""

from .checks import _cell_problems


def _cell(source="x = 1", **page):
    cell = {
        "index": 0,
        "source": source,
        "prompt": "[1]:",
        "executionCount": 1,
        "tags": [],
        "collapsed": False,
        "placeholder": False,
        "errors": [],
        "stderr": [],
        "text": "",
        "widgets": [],
    }
    return {**cell, **page}


def test_a_collapsed_verify_cell_that_ran_is_fine():
    cell = _cell("assert 1", prompt="", tags=["verify"], collapsed=True, placeholder=True)
    assert _cell_problems([cell], student=False) == []


def test_a_verify_cell_shown_expanded_is_a_problem():
    [problem] = _cell_problems([_cell("assert 1", tags=["verify"])], student=False)
    assert "shown expanded" in problem


def test_a_collapsed_cell_that_is_not_a_verify_cell_is_a_problem():
    [problem] = _cell_problems([_cell(collapsed=True, placeholder=True)], student=False)
    assert "not a verify cell" in problem


def test_a_verify_cell_that_did_not_run_is_a_problem():
    cell = _cell(
        "assert 1", prompt="", executionCount=None, tags=["verify"], collapsed=True, placeholder=True
    )
    [problem] = _cell_problems([cell], student=False)
    assert "did not run" in problem
