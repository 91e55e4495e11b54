"""The frame speed-ups must not change a pixel: cached text equals Agg's, our PNG decodes exactly."""

import io

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from course_lib.widgets._fastagg import CachedTextCanvas, CachedTextRenderer, png


class CachedCanvas(CachedTextCanvas, FigureCanvasAgg):
    pass


def text_figure(shift: float = 0.0) -> Figure:
    """Tick labels, rotated and sub-pixel-placed text, mathtext with rules, bold, unantialiased."""
    fig = Figure(figsize=(4, 3), dpi=100)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1])
    ax.set(xlabel="z", ylabel="f′(z) — rotated", title=r"$\frac{1}{1+e^{-z}}$ and $\sqrt{2/\pi}$")
    for i in range(12):
        ax.text(
            0.05 + 0.07 * i + shift, 0.1 + 0.066 * i, f"{i * 0.137:.3f}", fontsize=6 + i % 5, rotation=15 * i
        )
    ax.text(0.5, 0.5, "bold αβγ", weight="bold", antialiased=False)
    fig.suptitle("σ(z) · ∂J/∂w", fontsize=11)
    return fig


def rgba(canvas) -> np.ndarray:
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


@pytest.mark.skipif(not CachedTextRenderer.enabled, reason="this matplotlib draws text without glyph calls")
@pytest.mark.parametrize("shift", [0.0, 0.0013, 0.31])
def test_cached_text_is_pixel_identical_to_agg(shift):
    expected = rgba(FigureCanvasAgg(text_figure(shift)))
    cached = CachedCanvas(text_figure(shift))
    first, second = rgba(cached), rgba(cached)  # the second draw comes from the caches
    np.testing.assert_array_equal(first, expected)
    np.testing.assert_array_equal(second, expected)


@pytest.mark.parametrize("shape", [(1, 1, 4), (7, 13, 4), (120, 333, 4)])
def test_png_decodes_to_the_same_pixels(shape):
    pixels = np.random.default_rng(0).integers(0, 256, size=shape, dtype=np.uint8)
    pixels[: shape[0] // 2] = 0  # mostly-unchanged frames are mostly zeros
    decoded = np.asarray(Image.open(io.BytesIO(png(pixels))).convert("RGBA"))
    np.testing.assert_array_equal(decoded, pixels)
