"""10 — the plots of ``course_lib.plotting.choosing``."""

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib.plotting import choosing as P
from course_lib.topics import choosing as C


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_plots_return_their_axes_without_warnings():
    X, y = C.make_datasets(30, np.random.default_rng(4))["spirals"]
    prob = np.linspace(0, 1, 100).reshape(10, 10)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _fig, axes = plt.subplots(1, 3)
        assert P.plot_points(X, y, ax=axes[0]) is axes[0]
        assert P.plot_boundary(prob, X, y, ax=axes[1]) is axes[1]
        assert len(axes[1].collections) >= 3  # the 0.5 contour and the two classes
        costs = {"relu": np.geomspace(0.7, 0.01, 50), "sigmoid": np.full(50, 0.69)}
        band = {"relu": (costs["relu"] * 0.9, costs["relu"] * 1.1)}
        assert P.plot_cost_curves(costs, ax=axes[2], band=band) is axes[2]
        assert axes[2].get_yscale() == "log" and len(axes[2].get_lines()) == 3  # two curves and ln 2
        P.plot_boundary(np.full((10, 10), 0.3), ax=axes[1])  # no 0.5 level: no contour, no warning
