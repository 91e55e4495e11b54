"""09 — the dying-ReLU plots (``course_lib.plotting.dying_relu``)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib.plotting import dying_relu as D


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_plot_layer_fractions_draws_one_bar_per_layer():
    ax = D.plot_layer_fractions([0.0, 0.25, 1.0], label="dead")
    heights = [p.get_height() for p in ax.patches]
    assert heights == [0.0, 0.25, 1.0]
    assert [p.get_x() + p.get_width() / 2 for p in ax.patches] == pytest.approx([1, 2, 3])
    assert ax.get_ylim() == (0, 1.05) and ax.get_legend() is not None


def test_plot_layer_fractions_offset_and_given_axes():
    _, ax = plt.subplots()
    out = D.plot_layer_fractions([0.5, 0.5], ax=ax, offset=0.2, width=0.4)
    assert out is ax
    assert [p.get_x() for p in ax.patches] == pytest.approx([1.0, 2.0])


def test_plot_over_epochs_one_line_per_column():
    values = np.array([[0.25, 0.25], [0.3, 0.2], [0.4, 0.1]])
    ax = D.plot_over_epochs(values, ylabel="α")
    lines = ax.get_lines()
    assert [ln.get_label() for ln in lines] == ["layer 1", "layer 2"]
    np.testing.assert_array_equal(lines[1].get_ydata(), [0.25, 0.2, 0.1])
    np.testing.assert_array_equal(lines[0].get_xdata(), [0, 1, 2])
    assert len(D.plot_over_epochs([1.0, 2.0], ylabel="x").get_lines()) == 1
