"""Checker for 09 — dying ReLU: the fraction of dead units in one layer."""

import numpy as np

from course_lib import nn
from course_lib.exercises._core import Feedback, Mistake, call, describe, exercise, expect_close

__all__ = ["check_dead_fraction"]


def _dead_fraction(Z) -> float:
    """Fraction of units (columns) whose pre-activation is ≤ 0 on every example (row)."""
    return float(np.mean(np.all(np.asarray(Z, dtype=np.float64) <= 0, axis=0)))


MISTAKES = (
    Mistake(
        "fraction of entries",
        lambda Z: np.mean(np.asarray(Z) <= 0),
        "you returned the fraction of *entries* Z[i, j] ≤ 0 (how often a unit is off on one example); "
        "a unit is dead only if its whole column is ≤ 0: first decide, for each unit, whether that holds "
        "on every example, then average over the units.",
    ),
    Mistake(
        "strict inequality",
        lambda Z: np.mean(np.all(np.asarray(Z) < 0, axis=0)),
        "you used z < 0; at z = 0 ReLU's output is 0 and its derivative is 0 too, so a unit with "
        "z ≤ 0 on every example is dead: use <= 0.",
    ),
    Mistake(
        "counted alive units",
        lambda Z: np.mean(np.any(np.asarray(Z) > 0, axis=0)),
        "you returned the fraction of units that are *alive* (z > 0 on at least one example); "
        "the exercise asks for the dead ones, which is 1 minus that.",
    ),
    Mistake(
        "rows instead of columns",
        lambda Z: np.mean(np.all(np.asarray(Z) <= 0, axis=1)),
        "you checked the rows (axis=1); rows are examples and columns are units, so check each "
        "column, over all examples: which axis runs over the examples?",
    ),
    Mistake(
        "any instead of all",
        lambda Z: np.mean(np.any(np.asarray(Z) <= 0, axis=0)),
        "you counted units that are off on *at least one* example (np.any); dead means off on "
        "*every* example: use np.all.",
    ),
    Mistake(
        "count instead of fraction",
        lambda Z: np.sum(np.all(np.asarray(Z) <= 0, axis=0)),
        "you returned the number of dead units; divide by the number of units (or use np.mean) "
        "to get a fraction.",
    ),
    Mistake(
        "percent",
        lambda Z: 100 * np.mean(np.all(np.asarray(Z) <= 0, axis=0)),
        "you returned a percentage; return a fraction between 0 and 1.",
    ),
)


def _handmade():
    """6 examples × 5 units. Unit 0: all < 0 (dead); unit 1: zeros and negatives (dead, because
    ReLU′(0) = 0); unit 2: all > 0; unit 3: mixed; unit 4: one positive entry. Row 5 is ≤ 0
    everywhere (an example on which every unit is off)."""
    return np.array(
        [
            [-1.0, 0.0, 2.0, 0.5, -0.3],
            [-0.2, -1.5, 0.1, -2.0, -1.0],
            [-3.0, 0.0, 1.0, 1.5, 0.2],
            [-0.5, -0.1, 0.3, -0.4, -2.0],
            [-2.0, 0.0, 4.0, 0.8, -0.6],
            [-1.0, -0.7, 0.0, -1.0, -0.1],
        ]
    )


def _network_layer():
    """Layer 3 of a 4-hidden-layer ReLU net with hidden biases −0.5 on 40 points: tall and mixed."""
    gen = np.random.default_rng(5)
    X = gen.standard_normal((40, 3))
    net = nn.MLP([3, 12, 12, 12, 12, 1], hidden="relu", init="he_normal", rng=gen, bias=-0.5)
    return net.forward_pass(X).zs[2]


@exercise("dead_fraction", notebook="09", reference=_dead_fraction, mistakes=MISTAKES)
def check_dead_fraction(dead_fraction) -> str:
    """Check on a hand-made 6×5 layer (with exact zeros), a real network layer and two edge cases."""
    network = _network_layer()
    assert 0 < _dead_fraction(network) < 1, "the network case must have dead and live units"
    cases = [
        (_handmade(), "Z of shape (6, 5), with exact zeros"),
        (network, f"Z of shape {network.shape} from layer 3 of a ReLU network"),
        (np.array([[0.0, -1.0, 3.0]]), "Z = [[0, -1, 3]] (one example)"),
        (np.full((4, 2), 0.5), "Z of shape (4, 2), all 0.5"),
    ]
    for Z, label in cases:
        what = f"dead_fraction({label})"
        got = call(dead_fraction, Z)
        if isinstance(got, np.ndarray) and got.size > 1:
            raise Feedback(
                f"{what} returned an array of shape {got.shape} ({describe(got)}), expected one number, "
                f"{_dead_fraction(Z):g}. Hint: average the per-unit dead/alive values with np.mean."
            )
        expect_close(got, _dead_fraction(Z), what, mistakes=[(m, m.impl(Z)) for m in MISTAKES])
    return (
        "counts a unit (column) as dead when z ≤ 0 on every example (row), zeros included, and "
        "returns the fraction of such units: 0.4 on the hand-made layer, right on a network's layer, "
        "a single example and a layer with no dead unit."
    )
