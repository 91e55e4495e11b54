"""Tests for ``course_lib.topics.softmax``: the entropy of a probability vector."""

import numpy as np
import pytest

from course_lib.activations import softmax
from course_lib.topics.softmax import entropy


# ---------------------------------------------------------------- entropy
@pytest.mark.parametrize("K", [2, 3, 10])
def test_entropy_limits(K):
    assert np.isclose(entropy(np.full(K, 1 / K)), np.log(K))
    assert entropy(np.eye(K)[0]) == 0.0  # 0 ln 0 = 0, no NaN


def test_entropy_of_the_slides_example_and_batches():
    p = softmax(np.array([2.0, 1.0, 0.1]))
    assert np.isclose(entropy(p), -np.sum(p * np.log(p)))
    P = softmax(np.random.default_rng(0).normal(size=(5, 4)))
    np.testing.assert_allclose(entropy(P), [entropy(row) for row in P])
    np.testing.assert_allclose(entropy(P.T, axis=0), entropy(P))


def test_entropy_grows_with_temperature():
    z = np.array([2.0, 1.0, 0.1])
    Ts = np.logspace(-1, 2, 50)
    assert np.all(np.diff(entropy(softmax(z[None, :] / Ts[:, None]))) > 0)


def test_entropy_rejects_non_probabilities():
    with pytest.raises(ValueError, match="probabilities"):
        entropy(np.array([0.5, -0.1, 0.6]))
    with pytest.raises(ValueError, match="probabilities"):
        entropy(np.array([np.nan, 1.0]))
