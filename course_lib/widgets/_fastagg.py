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

__all__ = ["CachedTextCanvas", "CachedTextRenderer", "png"]

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
    _strings: ClassVar[dict] = {}

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

    def _glyph(self, font, size, glyph_index, slant, extend, angle, gx, gy, flags, antialiased):
        """(coverage bitmap, left, top) of one glyph at the 26.6 position (gx, gy), rendered once
        per sub-pixel offset (gx & 63, gy & 63) and shifted by whole pixels."""
        key = (font, size, self.dpi, glyph_index, slant, extend, angle, gx & 63, gy & 63, flags, antialiased)
        hit = self._glyphs.get(key)
        if hit is None:
            cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
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
            if len(self._glyphs) >= _MAX_ENTRIES:
                self._glyphs.clear()
            self._glyphs[key] = hit
        buffer, left, top = hit
        return buffer, left + (gx >> 6), top + (gy >> 6)

    def _string_bitmap(self, placed):
        """One coverage bitmap for a whole string, if no two glyphs cover the same pixel (then
        drawing it once blends every pixel exactly as drawing the glyphs one by one); else None."""
        left = min(p[1] for p in placed)
        top = max(p[2] for p in placed)
        right = max(p[1] + p[0].shape[1] for p in placed)
        bottom = min(p[2] - p[0].shape[0] for p in placed)
        out = np.zeros((top - bottom, right - left), dtype=np.uint8)
        for buffer, g_left, g_top in placed:
            rows = slice(top - g_top, top - g_top + buffer.shape[0])
            cols = slice(g_left - left, g_left - left + buffer.shape[1])
            region = out[rows, cols]
            if np.any((region > 0) & (buffer > 0)):
                return None
            np.maximum(region, buffer, out=region)
        return out, left, top

    def _draw_text_glyphs_and_boxes(self, gc, x, y, angle, glyphs, boxes):
        if not self.enabled:
            return super()._draw_text_glyphs_and_boxes(gc, x, y, angle, glyphs, boxes)
        # as RendererAgg's loop (same 26.6 positions), with rendered glyphs and strings reused
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        flags = get_hinting_flag()
        antialiased = gc.get_antialiased()
        height = self.height
        glyphs = tuple(glyphs)
        spots = [  # 26.6 fixed point; FreeType's y is upwards, dy is upwards
            (round(0x40 * (x + dx * cos - dy * sin)), round(0x40 * (height - y + dx * sin + dy * cos)))
            for _font, _size, _index, _slant, _extend, dx, dy in glyphs
        ]
        if spots:
            # a string is the same bitmap wherever its glyphs keep their offsets to a whole pixel
            base_x, base_y = (spots[0][0] >> 6) << 6, (spots[0][1] >> 6) << 6
            key = (
                glyphs,
                angle,
                self.dpi,
                flags,
                antialiased,
                tuple((gx - base_x, gy - base_y) for gx, gy in spots),
            )
            hit = self._strings.get(key, False)
            if hit is False:
                placed = [
                    self._glyph(
                        font, size, index, slant, extend, angle, gx - base_x, gy - base_y, flags, antialiased
                    )
                    for (font, size, index, slant, extend, _dx, _dy), (gx, gy) in zip(glyphs, spots)
                ]
                hit = self._string_bitmap(placed) or placed  # glyphs that overlap: drawn one by one
                if len(self._strings) >= _MAX_ENTRIES:
                    self._strings.clear()
                self._strings[key] = hit
            pieces = [hit] if isinstance(hit, tuple) else hit
            for buffer, left, top in pieces:
                # draw_text_image's y is downwards and names the bitmap's bottom side
                left, top = left + (base_x >> 6), top + (base_y >> 6)
                self._renderer.draw_text_image(buffer, left, int(height) - top + buffer.shape[0], 0, gc)
        if boxes:  # mathtext's rules (fraction bars, roots): drawn by Agg as before
            super()._draw_text_glyphs_and_boxes(gc, x, y, angle, (), boxes)


class CachedTextCanvas:
    """Mixin for an Agg canvas class: its renderer is a :class:`CachedTextRenderer`."""

    def get_renderer(self):
        # as FigureCanvasAgg.get_renderer, with the text-caching renderer
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if self._lastKey != key:
            self.renderer = CachedTextRenderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer


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
