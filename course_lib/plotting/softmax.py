r"""06 — softmax: pure plot functions, ``plot_x(..., ax=None) -> Axes``.

They draw on ``ax`` (a new figure's axes if None) and change nothing else: one probability
vector as bars (:func:`plot_probabilities`), the softmax Jacobian as a heat map
(:func:`plot_jacobian`), a classifier's regions in the plane (:func:`plot_decision_regions`).
The class colours and the entropy are in :mod:`course_lib.topics.softmax`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb

from course_lib.topics.softmax import CLASS_COLORS

__all__ = [
    "plot_decision_regions",
    "plot_jacobian",
    "plot_probabilities",
]


def _axes(ax: Axes | None, figsize) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


# ---------------------------------------------------------------- plots
def plot_probabilities(
    p,
    labels: Sequence[str] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    colors: Sequence[str] | None = None,
) -> Axes:
    """A bar chart of one probability vector p (shape (K,)), each bar labelled with its value."""
    p = np.asarray(p, dtype=np.float64)
    if p.ndim != 1:
        raise ValueError(f"p must be one probability vector of shape (K,), got shape {p.shape}")
    K = p.size
    labels = [f"class {k}" for k in range(K)] if labels is None else list(labels)
    if len(labels) != K:
        raise ValueError(f"need one label per class ({K}), got {len(labels)}")
    colors = list(colors or CLASS_COLORS)
    ax = _axes(ax, (4.5, 3.0))
    x = np.arange(K)
    bars = ax.bar(x, p, color=[colors[k % len(colors)] for k in range(K)], width=0.6)
    for bar, value in zip(bars, p):
        ax.text(bar.get_x() + bar.get_width() / 2, value + 0.02, f"{value:.3f}", ha="center", va="bottom")
    ax.set_xticks(x, labels)
    ax.set_ylim(0, 1.1)
    ax.set_ylabel("probability")
    if title:
        ax.set_title(title)
    return ax


def plot_jacobian(J, labels: Sequence[str] | None = None, ax: Axes | None = None) -> Axes:
    r"""Softmax Jacobian J_{ij} = \partial s_i/\partial z_j as an annotated heat map (red > 0, blue < 0)."""
    J = np.asarray(J, dtype=np.float64)
    if J.ndim != 2 or J.shape[0] != J.shape[1]:
        raise ValueError(f"J must be a square matrix, got shape {J.shape}")
    K = J.shape[0]
    labels = [str(k) for k in range(K)] if labels is None else list(labels)
    ax = _axes(ax, (3.6, 3.2))
    lim = max(float(np.abs(J).max()), 1e-12)
    ax.imshow(J, cmap="RdBu_r", vmin=-lim, vmax=lim)
    for i in range(K):
        for j in range(K):
            dark = abs(J[i, j]) > 0.6 * lim
            ax.text(j, i, f"{J[i, j]:.3f}", ha="center", va="center", fontsize=9, color="w" if dark else "k")
    ax.set_xticks(range(K), [f"$z$ {lab}" for lab in labels])
    ax.set_yticks(range(K), [f"$s$ {lab}" for lab in labels])
    ax.set_title(r"$J_{ij} = \partial s_i / \partial z_j$")
    return ax


def plot_decision_regions(
    proba: Callable[[np.ndarray], np.ndarray],
    X,
    y,
    ax: Axes | None = None,
    resolution: int = 200,
    pad: float = 0.15,
    colors: Sequence[str] | None = None,
) -> Axes:
    """Regions where each class wins (colour) and how sure the model is (paler = less sure).

    ``proba(X)`` returns class probabilities of shape (m, K), e.g. ``net.forward``. The shading is
    an image of the arg-max class, blended with white by the winning probability (1/K → white).
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (m, 2), got {X.shape}")
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},) (one label per row of X), got {y.shape}")
    colors = np.array([to_rgb(c) for c in (colors or CLASS_COLORS)])
    lo, hi = X.min(axis=0), X.max(axis=0)
    lo, hi = lo - pad * (hi - lo), hi + pad * (hi - lo)
    g0, g1 = np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution)
    grid = np.column_stack([a.ravel() for a in np.meshgrid(g0, g1)])
    P = np.asarray(proba(grid), dtype=np.float64)
    K = P.shape[1]
    if K > len(colors):
        raise ValueError(f"{K} classes but only {len(colors)} colours")
    winner = P.argmax(axis=1)
    sure = (P.max(axis=1) - 1.0 / K) / (1.0 - 1.0 / K)  # 0 when uniform, 1 when one-hot
    weight = (0.15 + 0.45 * sure)[:, None]
    rgb = (1.0 - weight) + weight * colors[winner]
    ax = _axes(ax, (4.2, 4.0))
    ax.imshow(
        rgb.reshape(resolution, resolution, 3),
        origin="lower",
        extent=(lo[0], hi[0], lo[1], hi[1]),
        aspect="auto",
        interpolation="nearest",
    )
    ax.scatter(X[:, 0], X[:, 1], c=colors[y % len(colors)], s=12, edgecolors="k", linewidths=0.4)
    ax.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]), xlabel="$x_1$", ylabel="$x_2$")
    return ax
