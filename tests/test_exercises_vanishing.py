"""07 — topic-specific behaviour of the checkers for layer_grad_norms and first_last_ratio.

(The generic tests in test_exercises.py already feed every planted mistake to its checker.)
"""

import numpy as np
import pytest

from course_lib.exercises import Feedback, check_first_last_ratio, check_layer_grad_norms


def test_a_list_of_norms_gets_told_to_return_an_array():
    def as_list(grads):
        return [float(np.linalg.norm(dW)) for dW, _ in grads]

    with pytest.raises(Feedback, match=r"np\.array"):
        check_layer_grad_norms(as_list)


def test_a_single_number_that_is_not_the_flattened_norm_gets_the_per_layer_hint():
    with pytest.raises(Feedback, match="one norm per layer") as info:
        check_layer_grad_norms(lambda grads: 1.0)
    assert "over all layers together" not in str(info.value)


def test_float32_and_in_place_work_pass(capsys):
    def careful(grads):
        out = np.empty(len(grads), dtype=np.float32)
        for i, (dW, _db) in enumerate(grads):
            dW *= 1.0  # modifies the checker's copy only
            out[i] = np.sqrt(np.sum(dW.astype(np.float64) ** 2))
        return out.astype(np.float64)

    check_layer_grad_norms(careful)
    assert capsys.readouterr().out.startswith("✓ layer_grad_norms:")


def test_destroying_the_input_does_not_corrupt_later_cases():
    def destructive(grads):
        norms = np.array([np.linalg.norm(dW) for dW, _ in grads])
        for dW, db in grads:
            dW[...] = 0.0
            db[...] = 0.0
        return norms

    check_layer_grad_norms(destructive)  # every case is checked against untouched gradients


def test_wrong_shape_is_reported():
    with pytest.raises(Feedback, match="shape"):
        check_layer_grad_norms(lambda grads: np.array([np.linalg.norm(dW) for dW, _ in grads])[:, None])


def test_ratio_accepts_a_one_element_array(capsys):
    check_first_last_ratio(lambda norms: np.array([norms[0] / norms[-1]]))
    assert capsys.readouterr().out.startswith("✓ first_last_ratio:")


def test_ratio_feedback_names_the_input():
    with pytest.raises(Feedback, match=r"first_last_ratio\(norms=\[") as info:
        check_first_last_ratio(lambda norms: norms[-1] / norms[0])
    assert "last / first" in str(info.value)
