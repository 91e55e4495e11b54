"""LiveFigure's frames: what is sent to the page must be exactly the pixels a full redraw gives."""

import io

import numpy as np
import pytest
from PIL import Image

from course_lib.widgets import WIDGETS, LiveFigure, new_figure
from course_lib.widgets._core import float_slider, png


def decode(png_bytes: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png_bytes)).convert("RGBA"))


def pixels(live: LiveFigure) -> np.ndarray:
    """The last frame sent to the page, decoded."""
    assert bytes(live.image.value) == live.frame, "the Image widget does not hold the last frame"
    return decode(live.frame)


def full_redraw(live: LiveFigure) -> np.ndarray:
    """The figure drawn from scratch, every artist in z-order, at the canvas's size."""
    buf = io.BytesIO()
    live.savefig(buf, format="rgba", dpi=live.fig.dpi)
    width, height = live.fig.canvas.get_width_height(physical=True)
    return np.frombuffer(buf.getvalue(), dtype=np.uint8).reshape(height, width, 4)


@pytest.mark.parametrize("shape", [(1, 1), (3, 5), (240, 320)])
def test_png_round_trip(shape):
    rgba = np.random.default_rng(0).integers(0, 256, size=(*shape, 4), dtype=np.uint8)
    np.testing.assert_array_equal(decode(png(rgba)), rgba)


def test_every_move_sends_one_frame():
    live = image_under_points()
    before = live.frames
    live.controls["a"].value = 1.0
    live.controls["a"].value = -1.0
    assert live.frames == before + 2


def image_under_points(alpha: float | None = None) -> LiveFigure:
    """A changing image below a static point, a static legend and the spines."""
    fig, ax = new_figure(figsize=(3, 3))
    grid = np.linspace(-1, 1, 40)
    image = ax.imshow(
        np.zeros((40, 40)), extent=(-1, 1, -1, 1), vmin=-1, vmax=1, cmap="RdBu", zorder=0, alpha=alpha
    )
    ax.plot([0.0], [0.0], "o", color="red", ms=12, zorder=5, label="static point")
    (moving,) = ax.plot(grid, grid, color="k", label="moving line")
    ax.legend(loc="upper left")

    def update(a: float) -> None:
        image.set_data(np.tanh(a * (grid[None, :] + grid[:, None])))
        moving.set_ydata(a * grid)

    return LiveFigure(fig, {"a": float_slider("a", 0.5, -2.0, 2.0, 0.1)}, update)


@pytest.mark.parametrize("alpha", [None, 0.5])
def test_static_artists_above_a_changing_one_stay_on_top(alpha):
    # alpha 0.5: a see-through image drawn twice (in the background and over it) would be darker;
    # matplotlib < 3.11 draws even an animated image in a full draw (issue #18985)
    live = image_under_points(alpha)
    for value in (1.0, -1.5, 2.0):
        live.controls["a"].value = value
    blitted = pixels(live)
    np.testing.assert_array_equal(blitted, full_redraw(live))


def test_a_savefig_in_between_does_not_corrupt_later_frames():
    live = image_under_points()
    live.controls["a"].value = 1.0
    buf = io.BytesIO()
    live.savefig(buf, format="png", dpi=60)  # another size: the canvas renderer is replaced
    assert buf.getvalue().startswith(b"\x89PNG")
    live.controls["a"].value = -1.0
    blitted = pixels(live)
    np.testing.assert_array_equal(blitted, full_redraw(live))


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_blitted_frame_equals_a_full_redraw(name):
    live = WIDGETS[name]()
    for control in live.controls.values():
        options = getattr(control, "options", None)
        if options:
            values = [o[1] if isinstance(o, tuple) else o for o in options][-2:]
        else:
            values = [control.max, (control.min + control.max) / 2]
            if isinstance(control.value, int):
                values = [round(v) for v in values]
        for value in values:
            control.value = value
    blitted = pixels(live)
    np.testing.assert_array_equal(
        blitted, full_redraw(live), err_msg=f"{name}: blit differs from a full draw"
    )
