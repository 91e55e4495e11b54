"""Shared pytest set-up: one Hypothesis profile for the whole unit suite, and a seeded rng.

``derandomize=True`` makes every property test draw the same examples on every run (the suite
is deterministic); ``database=None`` writes nothing to disk; ``deadline=None`` because the
first call into numpy/scipy can be slow on a cold CI machine.
"""

import numpy as np
import pytest
from hypothesis import settings

settings.register_profile("course_lib", max_examples=60, deadline=None, derandomize=True, database=None)
settings.load_profile("course_lib")


@pytest.fixture
def rng() -> np.random.Generator:
    """A new generator with a fixed seed in every test: what a test draws does not depend on
    which other tests ran before it (or on which xdist worker)."""
    return np.random.default_rng(20241127)
