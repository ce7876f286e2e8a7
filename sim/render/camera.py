"""Map coordinates to screen pixels and back, with zoom and pan: the view of the map.

Map ("world") coordinates are those of :mod:`sim.terrain.geometry`: hex widths from the centre
of hex (0, 0), x east and y south, so north is up on the screen. ``zoom`` is pixels per hex width.
Only arithmetic here (``pygame.Rect`` needs no display), so all of it is testable headless.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pygame

from sim.terrain.geometry import ROW_HEIGHT, Hex, hex_centre, nearest_hex

HEX_RADIUS = 1.0 / math.sqrt(3.0)
"""Centre-to-corner distance of a hex whose centres are 1 apart (pointy-top)."""

MAX_ZOOM = 96.0
"""Pixels per hex width at the closest zoom: a hex about as big as a unit panel needs."""

_CORNER_ANGLES = np.radians([-90.0, -30.0, 30.0, 90.0, 150.0, 210.0])
CORNER_OFFSETS = np.stack([np.cos(_CORNER_ANGLES), np.sin(_CORNER_ANGLES)], axis=1) * HEX_RADIUS
"""Corners of a pointy-top hex about its centre, in hex widths, clockwise from the top."""


class WorldRect(NamedTuple):
    """A rectangle in map units: ``x0 <= x <= x1`` and ``y0 <= y <= y1``."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


class HexBounds(NamedTuple):
    """Inclusive column and row bounds of hexes, for culling what is off screen."""

    col_min: int
    col_max: int
    row_min: int
    row_max: int

    @property
    def empty(self) -> bool:
        return self.col_min > self.col_max or self.row_min > self.row_max


def map_bounds(cols: int, rows: int) -> WorldRect:
    """The rectangle enclosing every hex of a ``cols`` x ``rows`` map, edges included.

    Odd rows sit half a hex west of even rows, so with two rows or more the map reaches to
    x = -1; it ends half a hex east of the last column's centre.
    """
    x0 = -1.0 if rows > 1 else -0.5
    return WorldRect(x0, -HEX_RADIUS, cols - 0.5, (rows - 1) * ROW_HEIGHT + HEX_RADIUS)


class Camera:
    """Which part of the map the viewport shows, and how big: the one owner of zoom and pan.

    The centre is kept so that the view never leaves the map: along an axis on which the whole
    map fits, the map is centred; otherwise the view stays inside the map's edges.
    """

    def __init__(self, viewport: pygame.Rect, map_cols: int, map_rows: int):
        self.cols, self.rows = int(map_cols), int(map_rows)
        self.bounds = map_bounds(self.cols, self.rows)
        self.viewport = pygame.Rect(viewport)
        self._zoom = 1.0
        self._centre = (0.0, 0.0)
        self.fit()

    # -- zoom and centre ------------------------------------------------------------------------

    @property
    def min_zoom(self) -> float:
        """The zoom at which the whole map just fits in the viewport."""
        return min(
            max(self.viewport.width, 1) / self.bounds.width,
            max(self.viewport.height, 1) / self.bounds.height,
        )

    @property
    def max_zoom(self) -> float:
        return max(MAX_ZOOM, self.min_zoom)

    @property
    def zoom(self) -> float:
        """Pixels per hex width, between :attr:`min_zoom` and :attr:`max_zoom`."""
        return self._zoom

    @zoom.setter
    def zoom(self, value: float) -> None:
        self._zoom = min(max(float(value), self.min_zoom), self.max_zoom)
        self.centre = self._centre

    @property
    def centre(self) -> tuple[float, float]:
        """The map point at the centre of the viewport, in hex widths."""
        return self._centre

    @centre.setter
    def centre(self, value: tuple[float, float]) -> None:
        half_w = self.viewport.width / (2.0 * self._zoom)
        half_h = self.viewport.height / (2.0 * self._zoom)
        b = self.bounds
        self._centre = (
            _clamp_axis(float(value[0]), half_w, b.x0, b.x1),
            _clamp_axis(float(value[1]), half_h, b.y0, b.y1),
        )

    def fit(self) -> None:
        """Show the whole map, centred."""
        self._zoom = self.min_zoom
        b = self.bounds
        self.centre = ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0)

    def resize(self, viewport: pygame.Rect) -> None:
        """Follow a new viewport (window resized, panel opened), keeping the centre."""
        self.viewport = pygame.Rect(viewport)
        self.zoom = self._zoom

    def zoom_at(self, factor: float, screen_pos: tuple[float, float]) -> None:
        """Zoom by ``factor`` keeping the map point under ``screen_pos`` where it is (the wheel).

        Near the map's edges the view is kept on the map, which may move that point a little.
        """
        wx, wy = self.screen_to_world(*screen_pos)
        self._zoom = min(max(self._zoom * factor, self.min_zoom), self.max_zoom)
        sx, sy = screen_pos
        self.centre = (
            wx - (sx - self.viewport.centerx) / self._zoom,
            wy - (sy - self.viewport.centery) / self._zoom,
        )

    def pan_pixels(self, dx: float, dy: float) -> None:
        """Scroll the view by (dx, dy) screen pixels: positive dx shows more of the east.

        A key that looks east is ``pan_pixels(step, 0)``; dragging the map with the mouse moves
        it the other way, ``pan_pixels(-rel_x, -rel_y)``, so the map follows the pointer.
        """
        cx, cy = self._centre
        self.centre = (cx + dx / self._zoom, cy + dy / self._zoom)

    def centre_on_hex(self, hex_: Hex) -> None:
        """Put a hex at the centre of the view (as close as the map's edges allow)."""
        x, y = hex_centre(*hex_)
        self.centre = (float(x), float(y))

    # -- conversions ----------------------------------------------------------------------------

    def world_to_screen(self, x: float, y: float) -> tuple[float, float]:
        """Screen pixel of a map point (also works on numpy arrays)."""
        cx, cy = self._centre
        return (
            self.viewport.centerx + (x - cx) * self._zoom,
            self.viewport.centery + (y - cy) * self._zoom,
        )

    def screen_to_world(self, px: float, py: float) -> tuple[float, float]:
        """Map point under a screen pixel (also works on numpy arrays)."""
        cx, cy = self._centre
        return (
            cx + (px - self.viewport.centerx) / self._zoom,
            cy + (py - self.viewport.centery) / self._zoom,
        )

    def hex_to_screen(self, col: int, row: int) -> tuple[float, float]:
        """Screen pixel of a hex's centre."""
        x, y = hex_centre(col, row)
        return self.world_to_screen(float(x), float(y))

    def hex_corners(self, col: int, row: int) -> list[tuple[float, float]]:
        """Screen pixels of a hex's six corners, for outlining a selection or a target."""
        sx, sy = self.hex_to_screen(col, row)
        return [(sx + dx * self._zoom, sy + dy * self._zoom) for dx, dy in CORNER_OFFSETS]

    def hex_at(self, px: float, py: float) -> Hex | None:
        """The hex under a screen pixel, exactly (the nearest centre), or None off the map."""
        col, row = nearest_hex(*self.screen_to_world(px, py))
        col, row = int(col), int(row)
        if 0 <= col < self.cols and 0 <= row < self.rows:
            return col, row
        return None

    # -- what is visible ------------------------------------------------------------------------

    def view_rect(self) -> WorldRect:
        """The part of the map plane the viewport shows, in map units."""
        v = self.viewport
        x0, y0 = self.screen_to_world(v.left, v.top)
        x1, y1 = self.screen_to_world(v.right, v.bottom)
        return WorldRect(x0, y0, x1, y1)

    def visible_hex_range(self) -> HexBounds:
        """Columns and rows of every hex at least partly on screen, clipped to the map."""
        r = self.view_rect()
        row_min = max(0, math.ceil((r.y0 - HEX_RADIUS) / ROW_HEIGHT))
        row_max = min(self.rows - 1, math.floor((r.y1 + HEX_RADIUS) / ROW_HEIGHT))
        col_min = max(0, math.floor(r.x0 - 0.5))
        col_max = min(self.cols - 1, math.ceil(r.x1 + 0.5))
        return HexBounds(col_min, col_max, row_min, row_max)


def _clamp_axis(value: float, half_span: float, lo: float, hi: float) -> float:
    """Keep ``value +- half_span`` inside ``[lo, hi]``, or centre it if it cannot fit."""
    if 2.0 * half_span >= hi - lo:
        return (lo + hi) / 2.0
    return min(max(value, lo + half_span), hi - half_span)
