"""Two speed-ups for live figures' frames, each exact: same pixels, same PNG content.

* :class:`CachedTextRenderer` — matplotlib's Agg renderer, except that text reuses work. Since
  matplotlib 3.11 Agg lays out every string (HarfBuzz) and renders every glyph through FreeType
  on every draw; on a slider figure full of numbers and tick labels that was most of a frame.
  Here a string's layout is cached by (string, font properties, dpi, ...) and a glyph's coverage
  bitmap by (font, size, glyph, angle, sub-pixel position): FreeType places a glyph at a
  position given in 1/64 pixel, so a glyph rendered at the fractional part of that position and
  shifted by whole pixels is the same bitmap. ``tests/test_widgets_fastagg.py`` checks the
  pixels against plain Agg.
* :func:`png` — PNG encoding with no row filter and zlib level 1: a few ms for a figure-sized
  frame that is mostly unchanged (zeros), where Pillow's adaptive filters cost several times more.
"""

from __future__ import annotations

import math
import struct
import zlib
from typing import ClassVar

import numpy as np
from matplotlib.backends.backend_agg import RendererAgg, get_hinting_flag
from matplotlib.font_manager import fontManager, get_font
from matplotlib.ft2font import RenderMode

__all__ = ["CachedTextRenderer", "png"]

_MAX_ENTRIES = 50_000  # glyph bitmaps are a few hundred bytes; the caches are cleared when full


def _glyph_path_supported() -> bool:
    """The cache re-implements RendererAgg._draw_text_glyphs_and_boxes (matplotlib ≥ 3.11)."""
    from matplotlib.ft2font import FT2Font

    return hasattr(RendererAgg, "_draw_text_glyphs_and_boxes") and hasattr(FT2Font, "_render_glyph")


def _prop_key(prop) -> tuple:
    """Everything of a FontProperties that selects the font and its size (a hashable snapshot)."""
    return (
        tuple(prop.get_family()),
        prop.get_slant(),
        prop.get_variant(),
        prop.get_weight(),
        prop.get_stretch(),
        prop.get_size_in_points(),
        prop.get_file(),
        prop.get_math_fontfamily(),
    )


class CachedTextRenderer(RendererAgg):
    """RendererAgg with cached text layout and glyph bitmaps (identical pixels)."""

    # shared by every renderer (fonts are shared too); keys hold all the pixels depend on
    _layouts: ClassVar[dict] = {}
    _glyphs: ClassVar[dict] = {}
    enabled = _glyph_path_supported()

    _heights: ClassVar[dict] = {}

    def _get_font_height_metrics(self, prop):
        """(ascent, descent, line gap) of a font at its size: what Text._get_layout otherwise
        reads from the font's tables on every draw of every text (matplotlib ≥ 3.11 asks
        renderers for it first; the computation is Text._get_layout's own)."""
        key = (_prop_key(prop), self.dpi)
        metrics = self._heights.get(key)
        if metrics is None:
            metrics = (None, None, None)
            font = get_font(fontManager._find_fonts_by_props(prop))
            for table_name, gap_key, ascent_key, descent_key in (
                ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                ("hhea", "lineGap", "ascent", "descent"),
            ):
                table = font.get_sfnt_table(table_name)
                if table is None:
                    continue
                scale = (
                    1 / font.get_sfnt_table("head")["unitsPerEm"] * prop.get_size_in_points() * self.dpi / 72
                )
                metrics = (table[ascent_key] * scale, -table[descent_key] * scale, table[gap_key] * scale)
                break
            self._heights[key] = metrics
        return metrics

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath or not self.enabled:  # mathtext's glyphs still go through the glyph cache below
            return super().draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        flags = get_hinting_flag()
        key = (
            s,
            _prop_key(prop),
            self.dpi,
            flags,
            None if features is None else tuple(features),
            None if language is None else str(language),
        )
        glyphs = self._layouts.get(key)
        if glyphs is None:
            font = self._prepare_font(prop)
            items = font._layout(s, flags=flags, features=features, language=language)
            size = prop.get_size_in_points()
            glyphs = tuple((item.ft_object, size, item.glyph_index, 0, 1, item.x, item.y) for item in items)
            if len(self._layouts) >= _MAX_ENTRIES:
                self._layouts.clear()
            self._layouts[key] = glyphs
        self._draw_text_glyphs_and_boxes(gc, x, y, angle, glyphs, [])

    def _draw_text_glyphs_and_boxes(self, gc, x, y, angle, glyphs, boxes):
        if not self.enabled:
            return super()._draw_text_glyphs_and_boxes(gc, x, y, angle, glyphs, boxes)
        # as RendererAgg's loop, with each glyph's bitmap rendered once per sub-pixel offset
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        flags = get_hinting_flag()
        antialiased = gc.get_antialiased()
        height = self.height
        cache = self._glyphs
        for font, size, glyph_index, slant, extend, dx, dy in glyphs:  # dy is upwards
            gx = round(0x40 * (x + dx * cos - dy * sin))  # 26.6 fixed point, FreeType's y upwards
            gy = round(0x40 * (height - y + dx * sin + dy * cos))
            key = (
                font,
                size,
                self.dpi,
                glyph_index,
                slant,
                extend,
                angle,
                gx & 63,
                gy & 63,
                flags,
                antialiased,
            )
            hit = cache.get(key)
            if hit is None:
                font.set_size(size, self.dpi)
                matrix = 0x10000 * np.array([[cos, -sin], [sin, cos]]) @ [[extend, extend * slant], [0, 1]]
                font._set_transform(matrix.round().astype(int), [gx & 63, gy & 63])
                bitmap = font._render_glyph(
                    glyph_index, flags, RenderMode.NORMAL if antialiased else RenderMode.MONO
                )
                buffer = np.array(bitmap.buffer)  # a copy: FreeType reuses its slot
                if not antialiased:
                    buffer *= 0xFF
                hit = (buffer, bitmap.left, bitmap.top)
                if len(cache) >= _MAX_ENTRIES:
                    cache.clear()
                cache[key] = hit
            buffer, left, top = hit
            # shift by the whole pixels left out above; draw_text_image's y is downwards, bitmap bottom
            self._renderer.draw_text_image(
                buffer, left + (gx >> 6), int(height) - (top + (gy >> 6)) + buffer.shape[0], 0, gc
            )
        if boxes:  # mathtext's rules (fraction bars, roots): drawn by Agg as before
            super()._draw_text_glyphs_and_boxes(gc, x, y, angle, (), boxes)


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def png(rgba: np.ndarray, level: int = 1) -> bytes:
    """PNG bytes of an (h, w, 4) uint8 RGBA array: 8-bit RGBA, filter 0 (none) on every row."""
    h, w, _ = rgba.shape
    raw = np.empty((h, 1 + 4 * w), dtype=np.uint8)
    raw[:, 0] = 0  # the filter-type byte that starts every row
    raw[:, 1:] = rgba.reshape(h, 4 * w)
    header = struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)  # 8 bits per channel, colour type 6 = RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, level))
        + _chunk(b"IEND", b"")
    )
