"""Small 2-D data sets made in code (no downloads): X of shape (m, 2), labels y of shape (m,).

Every function takes an explicit ``rng`` (a ``np.random.Generator``) where it draws noise.
"""

from __future__ import annotations

import numpy as np

from course_lib._validate import as_positive_int, as_real, check_rng

__all__ = ["blobs", "circles", "spirals", "xor", "xor_cloud"]


def _noise(noise) -> float:
    noise = as_real(noise, "noise")
    if noise < 0:
        raise ValueError(f"noise must be >= 0, got {noise}")
    return noise


def xor() -> tuple[np.ndarray, np.ndarray]:
    """The four XOR points: X = [[0,0],[0,1],[1,0],[1,1]], y = [0,1,1,0]."""
    return np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]), np.array([0, 1, 1, 0])


def xor_cloud(m: int, rng: np.random.Generator, noise: float = 0.15) -> tuple[np.ndarray, np.ndarray]:
    """m points scattered around the four XOR corners, labelled by XOR of the corner."""
    m, rng, noise = as_positive_int(m, "m"), check_rng(rng), _noise(noise)
    corners, labels = xor()
    idx = rng.integers(0, 4, size=m)
    return corners[idx] + noise * rng.standard_normal((m, 2)), labels[idx]


def blobs(
    m: int, rng: np.random.Generator, centers=((-1.0, -1.0), (1.0, 1.0)), noise: float = 0.6
) -> tuple[np.ndarray, np.ndarray]:
    """m points around the given centers (one class per center), Gaussian noise of std ``noise``."""
    m, rng, noise = as_positive_int(m, "m"), check_rng(rng), _noise(noise)
    centers = np.asarray(centers, dtype=np.float64)
    if centers.ndim != 2 or centers.shape[1] != 2:
        raise ValueError(f"centers must have shape (k, 2), got {centers.shape}")
    y = np.arange(m) % len(centers)
    return centers[y] + noise * rng.standard_normal((m, 2)), y


def circles(
    m: int, rng: np.random.Generator, noise: float = 0.08, factor: float = 0.5
) -> tuple[np.ndarray, np.ndarray]:
    """Two concentric circles: the outer (radius 1) is class 0, the inner (radius ``factor``) class 1."""
    m, rng, noise = as_positive_int(m, "m"), check_rng(rng), _noise(noise)
    factor = as_real(factor, "factor")
    if not 0 < factor < 1:
        raise ValueError(f"factor must lie in (0, 1), got {factor}")
    y = np.arange(m) % 2
    angle = rng.uniform(0, 2 * np.pi, size=m)
    radius = np.where(y == 0, 1.0, factor)
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return X + noise * rng.standard_normal((m, 2)), y


def spirals(
    m: int, rng: np.random.Generator, n_classes: int = 2, noise: float = 0.2, turns: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spiral arms, one per class (the cs231n spiral data set)."""
    m, rng, noise = as_positive_int(m, "m"), check_rng(rng), _noise(noise)
    n_classes = as_positive_int(n_classes, "n_classes")
    y = np.arange(m) % n_classes
    r = rng.uniform(0.05, 1.0, size=m)
    theta = y * (2 * np.pi / n_classes) + turns * 2 * np.pi * r + noise * rng.standard_normal(m)
    return np.column_stack([r * np.sin(theta), r * np.cos(theta)]), y
