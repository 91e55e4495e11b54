"""course_lib.plotting.calculus: the pure plot functions of notebook 01."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.quiver import Quiver
from matplotlib.text import Annotation

from course_lib.plotting import calculus as C
from course_lib.topics.calculus import bowl_cost, bowl_grad, gradient_descent


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _no_nan_lines(ax: Axes) -> None:
    for line in ax.get_lines():
        assert not np.isnan(np.asarray(line.get_xydata(), dtype=float)).any(), line.get_label()


def test_plot_vectors_draws_one_arrow_and_one_legend_entry_per_vector():
    fig, ax = plt.subplots()
    vectors = {"OA": ((0, 0), (3, 2)), "â": ((0, 0), np.array([3, 2]) / np.sqrt(13)), "AB": ((1, 1), (3, 2))}
    out = C.plot_vectors(vectors, ax=ax)
    assert out is ax
    arrows = [t for t in ax.texts if isinstance(t, Annotation)]
    assert len(arrows) == 3
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(vectors)
    assert arrows[2].xy == (4.0, 3.0)  # AB drawn from A = (1, 1) to B = (4, 3)
    assert len(fig.axes) == 1
    _no_nan_lines(ax)


def test_plot_functions_make_their_own_axes_when_none_given():
    ax = C.plot_vectors({"v": ((0, 0), (1, 1))})
    assert isinstance(ax, Axes)
    ax2 = C.plot_descent_2d(bowl_cost, np.zeros((3, 2)))
    assert isinstance(ax2, Axes) and ax2.figure is not ax.figure


def test_plot_gradient_field_arrows_are_the_gradient():
    _fig, ax = plt.subplots()
    C.plot_gradient_field(
        lambda x, y: x**2 + y**2, lambda x, y: (2 * x, 2 * y), ax=ax, n_arrows=5, title="bowl"
    )
    quivers = [c for c in ax.collections if isinstance(c, Quiver)]
    assert len(quivers) == 1
    q = quivers[0]
    assert q.N == 25
    assert np.allclose(q.U, 2 * q.X) and np.allclose(q.V, 2 * q.Y)
    assert ax.get_xlim() == (-2.0, 2.0) and ax.get_title() == "bowl"


def test_plot_gradient_field_with_zero_gradient_does_not_divide_by_zero():
    fig, ax = plt.subplots()
    C.plot_gradient_field(lambda x, y: 0 * x + 1.0, lambda x, y: (0 * x, 0 * y), ax=ax)
    fig.canvas.draw()


def test_plot_descent_2d_draws_the_path():
    fig, ax = plt.subplots()
    path = gradient_descent(bowl_grad, np.array([-2.5, 1.5]), 0.1, 10)
    C.plot_descent_2d(bowl_cost, path, ax=ax, title="η = 0.1")
    lines = [np.asarray(line.get_xydata()) for line in ax.get_lines()]
    assert any(d.shape == path.shape and np.allclose(d, path) for d in lines)
    assert ax.get_title() == "η = 0.1"
    _no_nan_lines(ax)
    fig.canvas.draw()
