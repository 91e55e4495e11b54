"""Topic tests for the 02 checkers (the generic ones are in test_exercises.py): the first test case
tells every planted mistake apart, pairs are required, and a wrong bias gets only the hints
that fit."""

import re

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
        check_neuron_forward(lambda X, w, b: ex._sigmoid(X @ w + b)[:, None])


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


# ---------------------------------------------------------------- the training loop
def test_first_training_case_separates_every_mistake():
    import itertools

    args = REGISTRY["train_neuron"].cases[0].args
    right = ex._train_reference(*args)
    values = {m.name: m.impl(*args) for m in ex.TRAIN_MISTAKES}
    for name, value in values.items():
        assert any(_differs(v, r) for v, r in zip(value, right)), name
    for (a, va), (b, vb) in itertools.combinations(values.items(), 2):
        assert any(_differs(x, z) for x, z in zip(va, vb)), f"{a} and {b} give the same result"
    assert right[2][0] == pytest.approx(np.log(2), rel=1e-12)  # J at w = 0, b = 0


@pytest.mark.parametrize("case", range(3))
def test_training_reference_is_the_library_run_from_zeros(case):
    X, y, eta, steps = REGISTRY["train_neuron"].cases[case].args
    w, b, costs = ex._train_reference(X, y, eta, steps)
    run = N.train(X, y, np.zeros(X.shape[1]), 0.0, eta, steps)
    np.testing.assert_allclose(w, run.w[-1], rtol=1e-12)
    assert b == pytest.approx(run.b[-1], rel=1e-12, abs=1e-15)
    np.testing.assert_allclose(costs, run.cost[:-1], rtol=1e-12)
    assert costs.shape == (steps,)


_sigmoid = ex._sigmoid


def _by_hand(X, y, eta, steps):
    m, n = X.shape
    w, b, costs = np.zeros(n), 0.0, np.zeros(steps)
    for k in range(steps):
        a = _sigmoid(X @ w + b)
        costs[k] = -np.mean(y * np.log(a) + (1 - y) * np.log(1 - a))
        w = w - eta * (a - y) @ X / m
        b = b - eta * np.sum(a - y) / m
    return w, b, costs


def _with_library_forward_and_cost(X, y, eta, steps):
    w, b, costs = np.zeros(X.shape[1]), 0.0, []
    for _ in range(steps):
        costs.append(N.cost(X, y, w, b))
        dz = N.forward(X, w, b) - y
        w, b = w - eta * X.T @ dz / len(y), b - eta * dz.mean()
    return [w, np.array([b]), np.array(costs)]


@pytest.mark.parametrize("impl", [_by_hand, _with_library_forward_and_cost])
def test_other_correct_training_loops_pass(impl, capsys):
    from course_lib.exercises import check_train_neuron

    check_train_neuron(impl)
    assert capsys.readouterr().out.startswith("✓ train_neuron")


@pytest.mark.parametrize("name", ["train", "gradients", "step"])
def test_the_library_loop_and_its_pieces_are_forbidden(name):
    from course_lib.exercises import check_train_neuron

    def shortcut(X, y, eta, steps):
        w, b, costs = np.zeros(X.shape[1]), 0.0, []
        if name == "train":
            run = N.train(X, y, w, b, eta, steps)
            return run.w[-1], run.b[-1], run.cost[:-1]
        for _ in range(steps):
            costs.append(N.cost(X, y, w, b))
            a = N.forward(X, w, b)
            dw, db = N.gradients(X, y, a) if name == "gradients" else (X.T @ (a - y) / len(y), np.mean(a - y))
            w, b = N.step(w, b, dw, db, eta) if name == "step" else (w - eta * dw, b - eta * db)
        return w, b, np.array(costs)

    with pytest.raises(Feedback, match=f"called the library's `one_neuron.{name}`"):
        check_train_neuron(shortcut)


def test_training_must_leave_X_alone_and_start_from_n_zeros(capsys):
    from course_lib.exercises import check_train_neuron

    def centres_X(X, y, eta, steps):
        X -= X.mean(axis=0)
        return _by_hand(X, y, eta, steps)

    with pytest.raises(Feedback, match="changed its input `X`"):
        check_train_neuron(centres_X)
    check_train_neuron(_by_hand)  # the cases are intact afterwards
    assert "✓" in capsys.readouterr().out

    def two_weights(X, y, eta, steps):  # np.zeros(2): right for the toy data only
        return _by_hand(X[:, :2], y, eta, steps)

    with pytest.raises(Feedback, match=r"w from .*three inputs.*returned shape \(2,\), expected \(3,\)"):
        check_train_neuron(two_weights)


def test_costs_as_a_list_get_a_clear_message():
    from course_lib.exercises import check_train_neuron

    with pytest.raises(Feedback, match=r"costs from .* returned a list; return a NumPy array"):
        check_train_neuron(lambda X, y, eta, steps: (*_by_hand(X, y, eta, steps)[:2], [0.0] * steps))


# ---------------------------------------------------------------- the library's answer is not accepted
# (found trying the notebook as a student: one_neuron.forward, one_neuron.gradients and one_neuron.step,
# all imported in the notebook, passed exercises 1-3)
@pytest.mark.parametrize(
    ("name", "shortcut", "called"),
    [
        ("neuron_forward", lambda X, w, b: N.forward(X, w, b), "one_neuron.forward"),
        ("neuron_gradients", lambda X, y, a: N.gradients(X, y, a), "one_neuron.gradients"),
        ("update_parameters", lambda w, b, dw, db, eta: N.step(w, b, dw, db, eta), "one_neuron.step"),
    ],
)
def test_calling_the_library_is_told(name, shortcut, called):
    with pytest.raises(Feedback, match=re.escape(f"called the library's `{called}`")):
        REGISTRY[name].check(shortcut)


def test_pairs_in_the_wrong_order_get_a_hint():
    """(db, dw) and (b, w) got the shape message 'check which axis you sum' before."""
    with pytest.raises(Feedback, match=re.escape("in the order (dw, db)")):
        check_neuron_gradients(lambda X, y, a: (np.mean(a - y), X.T @ (a - y) / len(y)))
    with pytest.raises(Feedback, match=re.escape("in the order (w, b)")):
        check_update_parameters(lambda w, b, dw, db, eta: (b - eta * db, w - eta * dw))
