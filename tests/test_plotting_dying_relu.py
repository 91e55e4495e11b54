"""09 — the dying-ReLU plots, and the explorer of course_lib.widgets.dying_relu."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib.plotting import dying_relu as D
from course_lib.widgets import dying_relu_explorer


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ---------------------------------------------------------------- plots
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


# ---------------------------------------------------------------- the explorer
def test_explorer_updates_artists_in_place():
    live = dying_relu_explorer()
    axes = live.fig.axes
    before = [(list(ax.patches), list(ax.get_lines()), list(ax.images)) for ax in axes]
    for name, value in [("eta", 5.0), ("bias", -1.5), ("activation", "elu"), ("alpha", 0.5)]:
        live.controls[name].value = value
        live.render()
    assert [(list(ax.patches), list(ax.get_lines()), list(ax.images)) for ax in axes] == before
    assert [ax.get_xlim() for ax in axes] == [ax.get_xlim() for ax in dying_relu_explorer().fig.axes]


def test_explorer_shows_dying_at_a_large_learning_rate():
    live = dying_relu_explorer()
    after = live.fig.axes[0].patches[3:]
    low = [p.get_height() for p in after]
    live.controls["eta"].value = 10.0
    high = [p.get_height() for p in after]
    assert max(low) < 0.5 and min(high) > 0.9
    assert "dead" in live.caption.value


def test_explorer_reports_divergence():
    live = dying_relu_explorer()
    live.controls["activation"].value = "elu"
    live.controls["eta"].value = 10.0
    assert "diverged" in live.caption.value
    assert all(p.get_height() == 0 for p in live.fig.axes[0].patches[3:])


def test_explorer_is_deterministic():
    a, b = dying_relu_explorer(), dying_relu_explorer()
    np.testing.assert_array_equal(
        a.fig.axes[1].get_lines()[1].get_ydata(), b.fig.axes[1].get_lines()[1].get_ydata()
    )
    np.testing.assert_array_equal(a.fig.axes[2].images[0].get_array(), b.fig.axes[2].images[0].get_array())
