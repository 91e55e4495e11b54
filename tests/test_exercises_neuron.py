"""Topic tests for the 02 checkers (the generic ones are in test_exercises.py): the first test case
tells every planted mistake apart, pairs are required, and a wrong bias gets only the hints
that fit."""

import numpy as np
import pytest

from course_lib.exercises import REGISTRY, Feedback, check_neuron_gradients, check_update_parameters
from course_lib.exercises import neuron as ex
from course_lib.topics import neuron as N


def _differs(got, expected) -> bool:
    got, expected = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    return got.shape != expected.shape or not np.allclose(got, expected, rtol=1e-6, atol=1e-9)


def test_first_forward_case_separates_every_mistake():
    X, w, b = REGISTRY["neuron_forward"].cases[0].args
    for m in ex.FORWARD_MISTAKES:
        assert _differs(m.impl(X, w, b), N.forward(X, w, b)), m.name


def test_first_gradient_case_separates_every_mistake():
    X, y, a = REGISTRY["neuron_gradients"].cases[0].args
    dw, db = N.gradients(X, y, a)
    for m in ex.GRADIENT_MISTAKES:
        mdw, mdb = m.impl(X, y, a)
        assert _differs(mdw, dw) or _differs(mdb, db), m.name


def test_first_update_case_separates_every_mistake():
    w, b, dw, db, eta = REGISTRY["update_parameters"].cases[0].args
    w_new, b_new = N.step(w, b, dw, db, eta)
    for m in ex.UPDATE_MISTAKES:
        mw, mb = m.impl(w, b, dw, db, eta)
        assert _differs(mw, w_new) or _differs(mb, b_new), m.name


def test_gradients_must_be_a_pair():
    with pytest.raises(Feedback, match=r"expected 2 results: `return dw, db`"):
        check_neuron_gradients(lambda X, y, a: X.T @ (a - y) / len(y))


def test_update_must_be_a_pair():
    with pytest.raises(Feedback, match=r"expected 2 results: `return w, b`"):
        check_update_parameters(lambda w, b, dw, db, eta: w - eta * dw)


def test_wrong_db_gets_only_the_db_hint():
    only_db = next(m for m in ex.GRADIENT_MISTAKES if m.name == "only db summed")
    summed = next(m for m in ex.GRADIENT_MISTAKES if m.name == "summed instead of averaged")
    with pytest.raises(Feedback) as info:
        check_neuron_gradients(only_db.impl)
    assert only_db.hint in str(info.value) and summed.hint not in str(info.value)


def test_column_vector_output_is_a_shape_message():
    from course_lib.exercises import check_neuron_forward

    with pytest.raises(Feedback, match=r"returned shape \(5, 1\), expected \(5,\)"):
        check_neuron_forward(lambda X, w, b: N.forward(X, w, b)[:, None])


def test_correct_answers_with_lists_and_floats_pass(capsys):
    """A student may return (dw, db) as a list, and db as a 1-element array."""
    check_neuron_gradients(lambda X, y, a: [X.T @ (a - y) / len(y), np.array([np.mean(a - y)])])
    assert capsys.readouterr().out.startswith("✓ neuron_gradients")


def test_elementwise_product_gets_its_hint_from_the_wrong_shape():
    from course_lib.exercises import check_neuron_forward

    elementwise = next(m for m in ex.FORWARD_MISTAKES if m.name == "elementwise X * w")
    with pytest.raises(Feedback, match=r"returned shape \(5, 2\), expected \(5,\)") as info:
        check_neuron_forward(elementwise.impl)
    assert elementwise.hint in str(info.value)


def test_no_hint_names_the_lecture_notes():
    for m in (*ex.FORWARD_MISTAKES, *ex.GRADIENT_MISTAKES, *ex.UPDATE_MISTAKES):
        assert "notes" not in m.hint and "errata" not in m.hint, m.hint
