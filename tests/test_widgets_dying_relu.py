"""course_lib.widgets.dying_relu: the interactive figure of this topic, built and moved headless."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib.widgets import dying_relu_explorer


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


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
