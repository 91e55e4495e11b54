"""08 — the histogram plots (``course_lib.plotting.initialization``)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib.plotting import initialization as P


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_plot_functions_draw_one_line_per_layer():
    values = [np.random.default_rng(k).standard_normal(200) * (k + 1) for k in range(3)]
    ax = P.plot_layer_histograms(values, [1, 5, 9])
    assert len(ax.lines) == 3 and len(ax.texts) == 3 and "layer 9" in ax.texts[-1].get_text()
    ax = P.plot_std_per_layer([1.0, 0.1, 0.01], label="x")
    assert ax.get_yscale() == "log" and len(ax.lines) == 2  # the values and the level 1
