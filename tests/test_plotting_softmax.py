"""Tests for ``course_lib.plotting.softmax``: the pure plot functions of notebook 06."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb

from course_lib.activations import softmax
from course_lib.plotting.softmax import plot_decision_regions, plot_jacobian, plot_probabilities
from course_lib.topics.softmax import CLASS_COLORS


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ---------------------------------------------------------------- plot_probabilities
def test_plot_probabilities_draws_one_bar_per_class():
    p = softmax(np.array([2.0, 1.0, 0.1]))
    ax = plot_probabilities(p, ["cat", "dog", "rabbit"], title="t")
    assert isinstance(ax, Axes)
    np.testing.assert_allclose([bar.get_height() for bar in ax.patches], p)
    assert [t.get_text() for t in ax.texts] == [f"{v:.3f}" for v in p]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["cat", "dog", "rabbit"]
    assert ax.get_title() == "t"


def test_plot_probabilities_uses_the_given_axes_and_default_labels():
    fig, ax = plt.subplots()
    assert plot_probabilities(np.array([0.25, 0.75]), ax=ax) is ax
    assert len(fig.axes) == 1
    assert [t.get_text() for t in ax.get_xticklabels()] == ["class 0", "class 1"]


def test_plot_probabilities_rejects_bad_input():
    with pytest.raises(ValueError, match="shape"):
        plot_probabilities(np.ones((2, 2)) / 2)
    with pytest.raises(ValueError, match="one label per class"):
        plot_probabilities(np.array([0.5, 0.5]), ["a"])


# ---------------------------------------------------------------- plot_jacobian
def test_plot_jacobian_shows_the_matrix():
    s = softmax(np.array([2.0, 1.0, 0.1]))
    J = np.diag(s) - np.outer(s, s)
    ax = plot_jacobian(J, ["cat", "dog", "rabbit"])
    (image,) = ax.images
    np.testing.assert_allclose(image.get_array(), J)
    vmin, vmax = image.get_clim()
    assert np.isclose(vmin, -vmax)  # diverging colours centred on 0
    assert len(ax.texts) == 9


def test_plot_jacobian_rejects_non_square():
    with pytest.raises(ValueError, match="square"):
        plot_jacobian(np.zeros((2, 3)))


# ---------------------------------------------------------------- plot_decision_regions
def _data():
    X = np.array([[-1.0, -1.0], [1.0, 1.0], [-1.0, 1.0], [1.0, -1.0]])
    return X, np.array([0, 1, 2, 3])


def test_decision_regions_image_and_points():
    X, y = _data()

    def nearest_centre(G):  # class = quadrant of the nearest data point, sure far from the axes
        d = -((G[:, None, :] - X[None, :, :]) ** 2).sum(axis=2)
        return softmax(5 * d)

    ax = plot_decision_regions(nearest_centre, X, y, resolution=40)
    (image,) = ax.images
    rgb = np.asarray(image.get_array())
    assert rgb.shape == (40, 40, 3)
    assert np.isfinite(rgb).all() and rgb.min() >= 0 and rgb.max() <= 1
    (points,) = ax.collections
    np.testing.assert_allclose(points.get_offsets(), X)
    # bottom-left pixel belongs to class 0 (blue-ish), top-right to class 1 (orange-ish)
    blue, orange = np.array(to_rgb(CLASS_COLORS[0])), np.array(to_rgb(CLASS_COLORS[1]))
    corner_bl, corner_tr = rgb[0, 0], rgb[-1, -1]
    assert np.linalg.norm(corner_bl - blue) < np.linalg.norm(corner_bl - orange)
    assert np.linalg.norm(corner_tr - orange) < np.linalg.norm(corner_tr - blue)


def test_decision_regions_pale_when_unsure():
    X, y = _data()
    uniform = plot_decision_regions(lambda G: np.full((len(G), 4), 0.25), X, y, resolution=10)
    sure = plot_decision_regions(lambda G: np.tile([1.0, 0, 0, 0], (len(G), 1)), X, y, resolution=10)
    pale = np.asarray(uniform.images[0].get_array())
    strong = np.asarray(sure.images[0].get_array())
    assert pale.mean() > strong.mean()  # closer to white
    blue = np.array(to_rgb(CLASS_COLORS[0]))
    np.testing.assert_allclose(strong[0, 0], 0.4 + 0.6 * blue)


def test_decision_regions_rejects_bad_shapes():
    X, y = _data()
    with pytest.raises(ValueError, match=r"X must have shape \(m, 2\)"):
        plot_decision_regions(lambda G: G, np.zeros((4, 3)), y)
    with pytest.raises(ValueError, match="one label per row"):
        plot_decision_regions(lambda G: G, X, y[:3])
