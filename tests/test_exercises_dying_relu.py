"""09 — topic-specific behaviour of the checker for dead_fraction.

(The generic tests in test_exercises.py already feed every planted mistake to its checker.)
"""

import numpy as np
import pytest

from course_lib.exercises import Feedback, check_dead_fraction


def test_a_per_unit_array_gets_told_to_average(capsys):
    with pytest.raises(Feedback, match=r"np\.mean") as info:
        check_dead_fraction(lambda Z: np.all(Z <= 0, axis=0).astype(float))
    assert "expected one number, 0.4" in str(info.value)


def test_booleans_get_told_to_convert():
    with pytest.raises(Feedback, match="booleans"):
        check_dead_fraction(lambda Z: np.bool_(np.all(Z <= 0, axis=0).mean() > 0.3))


def test_a_list_gets_told_to_return_a_number():
    with pytest.raises(Feedback, match="NumPy array or number"):
        check_dead_fraction(lambda Z: [float(np.mean(np.all(Z <= 0, axis=0)))])


def test_other_correct_forms_pass(capsys):
    def by_counting(Z):
        _, n = Z.shape
        dead = 0
        for j in range(n):
            if max(Z[:, j]) <= 0:
                dead += 1
        return dead / n

    def destructive(Z):
        out = 1 - np.mean(np.any(Z > 0, axis=0))
        Z[...] = 1.0  # modifies the checker's copy only
        return out

    for solution in (by_counting, destructive, lambda Z: np.float32(np.mean(np.max(Z, axis=0) <= 0))):
        check_dead_fraction(solution)
        assert capsys.readouterr().out.startswith("✓ dead_fraction:")


def test_feedback_names_the_input():
    with pytest.raises(Feedback, match=r"dead_fraction\(Z of shape \(6, 5\), with exact zeros\)"):
        check_dead_fraction(lambda Z: 0.5)
