"""The terrain under everything else: shaded hexes, water, roads, bridges, places and their names.

Drawing ten thousand hexes a frame would be far too slow, so the ground is painted once per zoom
level and reused: below :data:`BASE_ZOOM` from one whole-map image (the *base*, also the
minimap's picture) scaled down; above it from square tiles painted at the exact zoom on demand
and kept in a bounded cache, so a map of any size costs only what is on screen. Places and their
labels change with zoom and overlap, so they are drawn every frame, only for what is visible.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from typing import Any

import numpy as np
import pygame

from sim.render import palette
from sim.render.camera import CORNER_OFFSETS, Camera, WorldRect, map_bounds
from sim.render.display import font
from sim.terrain.geometry import ROW_HEIGHT, Hex, hex_centre, nearest_hex

BASE_ZOOM = 16.0
"""Pixels per hex of the base image (less on maps too big for :data:`BASE_MAX_SIDE`)."""
BASE_MAX_SIDE = 3072
"""Longest side of the base image, in pixels: bounds its memory (36 MB) on a 2000 x 2000 map."""
SCALED_KEPT = 2
"""Whole-map images kept at zooms below the base's: the current one and the one before."""
TILE = 256
"""Side of a terrain tile, in pixels."""
MAX_TILES = 160
"""Tiles kept (about 40 MB): several screens' worth, so panning back costs nothing."""
TILE_BUDGET_S = 0.006
"""Time a frame may spend painting new tiles (it always paints one, if one is missing)."""
GRID_MIN_ZOOM = 24.0
"""The hex grid is drawn from this zoom on; below it the lines would swamp the ground."""
_STRIP_PIXELS = 1 << 17
"""Pixels painted per numpy pass: keeps the temporaries of a big base image small."""

SHADE_STRENGTH = 2.5
"""Contrast of the hillshade: how far a slope's lighting moves its colour, times the true one.

The slopes themselves are true (metres over kilometres); at 1 the broad ridges of the scenario
maps would barely show, so relief is shown at this contrast, as relief maps usually are.
"""
SHADE_RANGE = (0.55, 1.3)
"""Darkest and lightest a slope may make its ground, so colours stay recognisable."""

PLACE_PRIORITY = {
    "town": 0,
    "bridge": 1,
    "village": 2,
    "crossroads": 3,
    "depot": 4,
    "height": 5,
    "other": 6,
}
"""Which labels win where they would overlap: towns first."""
LABEL_MIN_ZOOM = {"town": 0.0, "bridge": 10.0, "village": 10.0, "crossroads": 18.0, "depot": 18.0}
"""Zoom from which each kind of place is named; the rest (heights, other) from 24 px."""
SMALL_PLACE_ZOOM = 24.0
MARKER_MIN_ZOOM = 10.0
"""Markers of places other than towns appear from this zoom."""
ROAD_WIDTH = {"highway": (0.12, 2), "road": (0.09, 2), "track": (0.07, 1)}
"""Width of each road kind as a share of a hex, and the fewest pixels it may have."""
MAX_LABELS = 60
"""Most labels in one frame, whatever the map: beyond that nobody reads them."""


def hillshade(
    elevation_m: np.ndarray,
    hex_size_km: float,
    azimuth_deg: float = 315.0,
    altitude_deg: float = 45.0,
) -> np.ndarray:
    """Illumination of each hex (0..1), as the cosine between its slope's normal and the light.

    Slopes come from the elevations of the neighbours in metres over the true distances between
    hex centres (``hex_size_km`` apart), so relief looks the same at any hex size. East-west the
    neighbours share the row; north-south the two neighbours above (below) are averaged, which
    gives the value directly north (south) of the centre. Light comes from ``azimuth_deg``
    (clockwise from north; 315 is the north-west, the cartographic convention) at
    ``altitude_deg`` above the horizon; flat ground gets ``sin(altitude)``. Indexed ``[col, row]``.
    """
    z = np.asarray(elevation_m, dtype=np.float64)
    cols, rows = z.shape
    metres = hex_size_km * 1000.0
    east = np.concatenate([z[1:], z[-1:]], axis=0)
    west = np.concatenate([z[:1], z[:-1]], axis=0)
    run_x = np.full(cols, 2.0)
    run_x[[0, -1]] = 1.0
    dz_dx = (east - west) / (run_x[:, None] * metres) if cols > 1 else np.zeros_like(z)
    # The value of row s at the x of the other parity's centres: odd rows sit half a hex west.
    odd = (np.arange(rows) % 2 == 1)[None, :]
    between = np.where(odd, 0.5 * (z + east), 0.5 * (west + z))
    north = np.concatenate([z[:, :1], between[:, :-1]], axis=1)
    south = np.concatenate([between[:, 1:], z[:, -1:]], axis=1)
    run_y = np.full(rows, 2.0 * ROW_HEIGHT)
    run_y[[0, -1]] = ROW_HEIGHT
    dz_dy = (south - north) / (run_y[None, :] * metres) if rows > 1 else np.zeros_like(z)
    azimuth, altitude = math.radians(azimuth_deg), math.radians(altitude_deg)
    # Towards the light, in (east, south, up); y grows south.
    lx = math.cos(altitude) * math.sin(azimuth)
    ly = -math.cos(altitude) * math.cos(azimuth)
    lz = math.sin(altitude)
    lit = (lz - dz_dx * lx - dz_dy * ly) / np.sqrt(1.0 + dz_dx**2 + dz_dy**2)
    return np.clip(lit, 0.0, 1.0)


def hex_colours(terrain: Any, altitude_deg: float = 45.0) -> np.ndarray:
    """The colour of every hex, ``[col, row, rgb]``: its class's colour times its hillshade.

    Water and towns keep their own colour (:func:`palette.is_flat`), to be read at a glance.
    """
    classes = terrain.class_ids
    base = np.array([palette.terrain_colour(c) for c in classes], dtype=np.float64)
    flat = np.array([palette.is_flat(c) for c in classes])
    lit = hillshade(terrain.elevation_m, terrain.geo.hex_size_km, altitude_deg=altitude_deg)
    factor = 1.0 + SHADE_STRENGTH * (lit / math.sin(math.radians(altitude_deg)) - 1.0)
    factor = np.clip(factor, *SHADE_RANGE)
    index = np.asarray(terrain.terrain_class, dtype=np.int64)
    factor = np.where(flat[index], 1.0, factor)
    return np.clip(base[index] * factor[..., None], 0, 255).astype(np.uint8)


class MapLayer:
    """Draws a scenario's terrain through a :class:`~sim.render.camera.Camera`.

    ``model_terrain`` (a running model's ``Terrain``) supplies the bridges the rules use; without
    it a bridge is wherever a road runs through a river or lake hex.
    """

    def __init__(self, scenario: Any, model_terrain: Any = None):
        terrain = scenario.terrain
        self.cols, self.rows = terrain.cols, terrain.rows
        self.bounds: WorldRect = map_bounds(self.cols, self.rows)
        colours = hex_colours(terrain).reshape(-1, 3)
        self._colour_table = np.vstack([colours, np.array([palette.BACKGROUND], np.uint8)])
        self._roads = _road_segments(terrain.roads)
        self.bridges = _bridges(terrain, model_terrain)
        """Bridge hexes, each with the unit direction of the road over it."""
        self._places = _Places(scenario)
        self.place_names: list[str] = list(self._places.names)
        """Every place the map labels, with both its names."""
        self._show_grid = True
        longest = max(self.bounds.width, self.bounds.height)
        self.base_zoom = min(BASE_ZOOM, BASE_MAX_SIDE / longest)
        self.base = self._paint_new(self._pixel_size(self.base_zoom), (0, 0), self.base_zoom)
        self._scaled: OrderedDict[tuple[int, int], pygame.Surface] = OrderedDict()
        self._tiles: OrderedDict[tuple[float, int, int], pygame.Surface] = OrderedDict()
        self._labels: dict[tuple[str, int, bool], pygame.Surface] = {}
        self.tile_budget_s = TILE_BUDGET_S
        """Seconds each :meth:`draw` may spend painting tiles; ``math.inf`` paints all at once."""
        self.complete = True
        """Whether the last :meth:`draw` showed every tile sharp; if not, draw again soon."""

    @property
    def show_grid(self) -> bool:
        """Whether to draw the faint hex grid when zoomed in (from :data:`GRID_MIN_ZOOM`)."""
        return self._show_grid

    @show_grid.setter
    def show_grid(self, value: bool) -> None:
        if bool(value) != self._show_grid:
            self._show_grid = bool(value)
            self._tiles.clear()

    def draw(self, surface: pygame.Surface, camera: Camera) -> None:
        """Draw the visible part of the map into ``camera.viewport`` of ``surface``."""
        old_clip = surface.get_clip()
        surface.set_clip(camera.viewport.clip(old_clip))
        surface.fill(palette.BACKGROUND, camera.viewport)
        ox, oy = camera.world_to_screen(self.bounds.x0, self.bounds.y0)
        origin = (round(ox), round(oy))
        if camera.zoom <= self.base_zoom:
            surface.blit(self._scaled_base(camera.zoom), origin)
            self.complete = True
        else:
            self._draw_tiles(surface, camera, origin)
        self._draw_places(surface, camera)
        surface.set_clip(old_clip)

    # -- the ground -----------------------------------------------------------------------------

    def _pixel_size(self, zoom: float) -> tuple[int, int]:
        """Size of the whole map in pixels at ``zoom``: the extent of tiles and base images."""
        return (
            max(1, math.ceil(self.bounds.width * zoom)),
            max(1, math.ceil(self.bounds.height * zoom)),
        )

    def _scaled_base(self, zoom: float) -> pygame.Surface:
        """The whole map at ``zoom`` (at most the base's size), from the base, cached."""
        size = self._pixel_size(zoom)
        scaled = self._scaled.get(size)
        if scaled is None:
            scaled = pygame.transform.smoothscale(self.base, size)
            self._scaled[size] = scaled
            while len(self._scaled) > SCALED_KEPT:
                self._scaled.popitem(last=False)
        else:
            self._scaled.move_to_end(size)
        return scaled

    def _draw_tiles(self, surface: pygame.Surface, camera: Camera, origin: tuple[int, int]) -> None:
        """Blit the tiles under the viewport, painting missing ones within the time budget.

        Tiles the budget leaves unpainted show the base image scaled up (blurred) for a frame or
        two: zooming stays smooth and the picture sharpens as the tiles arrive.
        """
        zoom = round(camera.zoom, 3)
        width, height = self._pixel_size(zoom)
        view = camera.viewport
        i0 = max(0, (view.left - origin[0]) // TILE)
        i1 = min((width - 1) // TILE, (view.right - 1 - origin[0]) // TILE)
        j0 = max(0, (view.top - origin[1]) // TILE)
        j1 = min((height - 1) // TILE, (view.bottom - 1 - origin[1]) // TILE)
        # Paint from the centre out, so what the player looks at sharpens first.
        ci = (view.centerx - origin[0]) / TILE - 0.5
        cj = (view.centery - origin[1]) / TILE - 0.5
        wanted = sorted(
            ((i, j) for j in range(j0, j1 + 1) for i in range(i0, i1 + 1)),
            key=lambda ij: (ij[0] - ci) ** 2 + (ij[1] - cj) ** 2,
        )
        deadline = time.perf_counter() + self.tile_budget_s
        ready: list[tuple[int, int, pygame.Surface]] = []
        painted = 0
        for i, j in wanted:
            key = (zoom, i, j)
            tile = self._tiles.get(key)
            if tile is None and (not painted or time.perf_counter() < deadline):
                tile = self._paint_new((TILE, TILE), (i * TILE, j * TILE), zoom)
                painted += 1
                self._tiles[key] = tile
                while len(self._tiles) > MAX_TILES:
                    self._tiles.popitem(last=False)
            elif tile is not None:
                self._tiles.move_to_end(key)
            if tile is not None:
                ready.append((i, j, tile))
        self.complete = len(ready) == len(wanted)
        if not self.complete:
            self._draw_stand_in(surface, camera, origin)
        for i, j, tile in ready:
            surface.blit(tile, (origin[0] + i * TILE, origin[1] + j * TILE))

    def _draw_stand_in(self, surface: pygame.Surface, camera: Camera, origin) -> None:
        """The visible part of the base image scaled to the zoom: quick, and a little blurred."""
        scale = camera.zoom / self.base_zoom
        view = camera.viewport
        left = max(0, math.floor((view.left - origin[0]) / scale))
        top = max(0, math.floor((view.top - origin[1]) / scale))
        right = min(self.base.get_width(), math.ceil((view.right - origin[0]) / scale) + 1)
        bottom = min(self.base.get_height(), math.ceil((view.bottom - origin[1]) / scale) + 1)
        if right <= left or bottom <= top:
            return
        part = self.base.subsurface(pygame.Rect(left, top, right - left, bottom - top))
        size = (round((right - left) * scale), round((bottom - top) * scale))
        at = (origin[0] + round(left * scale), origin[1] + round(top * scale))
        surface.blit(pygame.transform.smoothscale(part, size), at)

    def _paint_new(self, size: tuple[int, int], offset: tuple[int, int], zoom: float):
        """A new surface showing the map from pixel ``offset`` of the whole map at ``zoom``."""
        surface = pygame.Surface(size)
        if pygame.display.get_init() and pygame.display.get_surface() is not None:
            surface = surface.convert()
        self._paint_ground(surface, offset, zoom)
        region = self._region(size, offset, zoom)
        if self._show_grid and zoom >= GRID_MIN_ZOOM:
            self._paint_grid(surface, offset, zoom, region)
        self._paint_roads(surface, offset, zoom, region)
        self._paint_bridges(surface, offset, zoom, region)
        return surface

    def _region(self, size, offset, zoom) -> WorldRect:
        """The map rectangle a surface painted at ``offset`` and ``zoom`` shows, for culling."""
        x0 = self.bounds.x0 + offset[0] / zoom
        y0 = self.bounds.y0 + offset[1] / zoom
        return WorldRect(x0, y0, x0 + size[0] / zoom, y0 + size[1] / zoom)

    def _paint_ground(self, surface: pygame.Surface, offset: tuple[int, int], zoom: float):
        """Colour every pixel by the hex whose centre is nearest to it: exact hexes, vectorised."""
        width, height = surface.get_size()
        xs = self.bounds.x0 + (np.arange(width) + offset[0] + 0.5) / zoom
        pixels = np.empty((width, height, 3), dtype=np.uint8)
        step = max(1, _STRIP_PIXELS // width)
        for top in range(0, height, step):
            ys = self.bounds.y0 + (np.arange(top, min(height, top + step)) + offset[1] + 0.5) / zoom
            gx, gy = np.meshgrid(xs, ys, indexing="ij")
            col, row = nearest_hex(gx, gy)
            inside = (col >= 0) & (col < self.cols) & (row >= 0) & (row < self.rows)
            index = np.where(inside, col * self.rows + row, self.cols * self.rows)
            pixels[:, top : top + step] = self._colour_table[index]
        pygame.surfarray.blit_array(surface, pixels)

    def _to_pixels(self, x, y, offset: tuple[int, int], zoom: float):
        """Map coordinates to pixels of a surface painted at ``offset`` and ``zoom``."""
        return (x - self.bounds.x0) * zoom - offset[0], (y - self.bounds.y0) * zoom - offset[1]

    def _paint_grid(self, surface, offset, zoom, region: WorldRect) -> None:
        """Outline each hex in a darker shade of its own colour: a grid that stays faint."""
        row0 = max(0, math.floor(region.y0 / ROW_HEIGHT) - 1)
        row1 = min(self.rows - 1, math.ceil(region.y1 / ROW_HEIGHT) + 1)
        col0 = max(0, math.floor(region.x0) - 1)
        col1 = min(self.cols - 1, math.ceil(region.x1) + 1)
        if row0 > row1 or col0 > col1:
            return
        cols, rows = np.meshgrid(np.arange(col0, col1 + 1), np.arange(row0, row1 + 1))
        cols, rows = cols.ravel(), rows.ravel()
        cx, cy = hex_centre(cols, rows)
        px, py = self._to_pixels(cx, cy, offset, zoom)
        corners_x = px[:, None] + CORNER_OFFSETS[None, :, 0] * zoom
        corners_y = py[:, None] + CORNER_OFFSETS[None, :, 1] * zoom
        corners = np.stack([corners_x, corners_y], axis=2).tolist()
        colours = self._colour_table[cols * self.rows + rows].astype(np.float64)
        lines = (colours * palette.GRID_DARKEN).astype(np.uint8).tolist()
        for points, colour in zip(corners, lines, strict=True):
            pygame.draw.polygon(surface, colour, points, 1)

    def _paint_roads(self, surface, offset, zoom, region: WorldRect) -> None:
        """Roads as lines through hex centres: tracks under roads under highways, each cased."""
        segments = self._roads
        if not len(segments.kind):
            return
        margin = 1.0
        near = (
            (np.maximum(segments.x1, segments.x2) >= region.x0 - margin)
            & (np.minimum(segments.x1, segments.x2) <= region.x1 + margin)
            & (np.maximum(segments.y1, segments.y2) >= region.y0 - margin)
            & (np.minimum(segments.y1, segments.y2) <= region.y1 + margin)
        )
        ax, ay = self._to_pixels(segments.x1, segments.y1, offset, zoom)
        bx, by = self._to_pixels(segments.x2, segments.y2, offset, zoom)
        for kind in ("track", "road", "highway", *sorted(set(segments.kinds) - set(palette.ROADS))):
            if kind not in segments.kinds:
                continue
            chosen = np.nonzero(near & (segments.kind == segments.kinds.index(kind)))[0]
            if not len(chosen):
                continue
            width = road_width(kind, zoom)
            lines = [(ax[k], ay[k], bx[k], by[k]) for k in chosen]
            casing = palette.ROAD_CASING.get(kind)
            if casing is not None:
                _polyline(surface, casing, lines, width + 2)
            _polyline(surface, palette.road_colour(kind), lines, width)

    def _paint_bridges(self, surface, offset, zoom, region: WorldRect) -> None:
        """A deck across the river with dark parapets, along the road's direction."""
        for (col, row), (dx, dy) in self.bridges.items():
            x, y = hex_centre(col, row)
            if not (region.x0 - 1 <= x <= region.x1 + 1 and region.y0 - 1 <= y <= region.y1 + 1):
                continue
            px, py = self._to_pixels(float(x), float(y), offset, zoom)
            half_len = 0.34 * zoom
            half_wid = road_width("road", zoom) / 2.0 + max(1.5, 0.05 * zoom)
            ux, uy, nx, ny = dx * half_len, dy * half_len, -dy * half_wid, dx * half_wid
            deck = [
                (px - ux + nx, py - uy + ny),
                (px + ux + nx, py + uy + ny),
                (px + ux - nx, py + uy - ny),
                (px - ux - nx, py - uy - ny),
            ]
            pygame.draw.polygon(surface, palette.BRIDGE_DECK, deck)
            edge = max(1, round(0.03 * zoom))
            flare = 0.12 * zoom
            for side in (1.0, -1.0):
                sx, sy = nx * side, ny * side
                fx, fy = sx / half_wid * flare, sy / half_wid * flare
                fu, fv = dx * flare, dy * flare
                points = [
                    (px - ux + sx - fu + fx, py - uy + sy - fv + fy),
                    (px - ux + sx, py - uy + sy),
                    (px + ux + sx, py + uy + sy),
                    (px + ux + sx + fu + fx, py + uy + sy + fv + fy),
                ]
                pygame.draw.lines(surface, palette.BRIDGE_EDGE, False, points, edge)

    # -- places ---------------------------------------------------------------------------------

    def _draw_places(self, surface: pygame.Surface, camera: Camera) -> None:
        """Markers and full names of the visible places; labels never overlap, towns first.

        A label goes right of its marker, else left, above or below; where none is free it is
        left out (it appears on zooming in).
        """
        places = self._places
        if not places.count:
            return
        zoom = camera.zoom
        view = camera.view_rect()
        margin = 8.0 / zoom
        visible = (
            (places.x >= view.x0 - margin)
            & (places.x <= view.x1 + margin)
            & (places.y >= view.y0 - margin)
            & (places.y <= view.y1 + margin)
        )
        shown = []
        for k in np.nonzero(visible)[0]:
            if places.kinds[k] == "town" or zoom >= MARKER_MIN_ZOOM:
                sx, sy = camera.world_to_screen(places.x[k], places.y[k])
                radius = _marker(surface, places.kinds[k], sx, sy, zoom)
                shown.append((k, sx, sy, radius))
        # Labels keep clear of every marker and of the labels placed before them.
        taken = [
            pygame.Rect(round(sx - r), round(sy - r), round(2 * r), round(2 * r))
            for _, sx, sy, r in shown
        ]
        labels = 0
        for k, sx, sy, radius in shown:
            kind = places.kinds[k]
            if labels >= MAX_LABELS:
                break
            if zoom < LABEL_MIN_ZOOM.get(kind, SMALL_PLACE_ZOOM):
                continue
            label = self._label(places.names[k], _label_size(kind, zoom), kind == "town")
            gap = radius + 2
            for anchor in (
                {"midleft": (round(sx + gap), round(sy))},
                {"midright": (round(sx - gap), round(sy))},
                {"midbottom": (round(sx), round(sy - gap))},
                {"midtop": (round(sx), round(sy + gap))},
            ):
                rect = label.get_rect(**anchor)
                if rect.inflate(-4, -4).collidelist(taken) < 0:
                    taken.append(rect.inflate(-4, -4))
                    surface.blit(label, rect)
                    labels += 1
                    break

    def _label(self, text: str, size: int, bold: bool) -> pygame.Surface:
        """A name in dark text on a light halo, legible on any ground; cached."""
        key = (text, size, bold)
        label = self._labels.get(key)
        if label is None:
            if len(self._labels) > 512:
                self._labels.clear()
            face = font(size, bold)
            ink = face.render(text, True, palette.LABEL_TEXT)
            halo = face.render(text, True, palette.LABEL_HALO)
            label = pygame.Surface((ink.get_width() + 4, ink.get_height() + 4), pygame.SRCALPHA)
            for dx in range(5):
                for dy in range(5):
                    if 0 < (dx - 2) ** 2 + (dy - 2) ** 2 <= 5:
                        label.blit(halo, (dx, dy))
            label.blit(ink, (2, 2))
            self._labels[key] = label
        return label


def road_width(kind: str, zoom: float) -> int:
    """Line width of a road kind at a zoom, in pixels: grows with zoom, never vanishes."""
    share, least = ROAD_WIDTH.get(kind, ROAD_WIDTH["track"])
    return max(least, round(share * zoom))


def _polyline(surface, colour, lines, width: int) -> None:
    """Segments of one width with round joints, so chains of hex-to-hex segments look smooth.

    Wide segments are drawn as exact quadrilaterals: pygame's thick lines sit half a pixel off
    their centre line, which shows as notches where they meet the round joints.
    """
    if width < 3:
        for x1, y1, x2, y2 in lines:
            pygame.draw.line(surface, colour, (x1, y1), (x2, y2), width)
        return
    half = width / 2.0
    for x1, y1, x2, y2 in lines:
        length = math.hypot(x2 - x1, y2 - y1)
        if length:
            nx, ny = -(y2 - y1) / length * half, (x2 - x1) / length * half
            quad = [(x1 + nx, y1 + ny), (x2 + nx, y2 + ny), (x2 - nx, y2 - ny), (x1 - nx, y1 - ny)]
            pygame.draw.polygon(surface, colour, quad)
        pygame.draw.circle(surface, colour, (x1, y1), half)
        pygame.draw.circle(surface, colour, (x2, y2), half)


def _marker(surface, kind: str, sx: float, sy: float, zoom: float) -> float:
    """Draw a place's marker (dot for towns and villages, triangle for heights, ...).

    Returns its radius so that the label clears it.
    """
    size = min(9.0, max(4.0, 0.1 * zoom)) * (1.0 if kind == "town" else 0.85)
    fill, line = palette.MARKER_FILL, palette.MARKER_OUTLINE
    if kind in ("town", "village"):
        pygame.draw.circle(surface, line, (sx, sy), size + 1.5)
        pygame.draw.circle(surface, fill, (sx, sy), size)
    elif kind == "height":
        points = [(sx, sy - size * 1.2), (sx + size, sy + size * 0.7), (sx - size, sy + size * 0.7)]
        pygame.draw.polygon(surface, fill, points)
        pygame.draw.polygon(surface, line, points, 1)
    elif kind == "crossroads":
        pygame.draw.line(surface, fill, (sx - size, sy - size), (sx + size, sy + size), 2)
        pygame.draw.line(surface, fill, (sx - size, sy + size), (sx + size, sy - size), 2)
    elif kind == "depot":
        rect = pygame.Rect(0, 0, round(2 * size), round(2 * size))
        rect.center = (round(sx), round(sy))
        pygame.draw.rect(surface, fill, rect)
        pygame.draw.rect(surface, line, rect, 1)
    else:
        points = [(sx, sy - size), (sx + size, sy), (sx, sy + size), (sx - size, sy)]
        pygame.draw.polygon(surface, fill, points)
        pygame.draw.polygon(surface, line, points, 1)
    return size


def _label_size(kind: str, zoom: float) -> int:
    """Font size of a place's name: towns larger, everything a little larger zoomed in."""
    grow = min(6, max(0, round((zoom - 8.0) / 12.0)))
    return (18 if kind == "town" else 15) + grow


class _RoadSegments:
    """Every hex-to-hex step of every road, as arrays of map coordinates for culling."""

    def __init__(self, x1, y1, x2, y2, kind, kinds: list[str]):
        self.x1, self.y1, self.x2, self.y2 = x1, y1, x2, y2
        self.kind = kind
        self.kinds = kinds


def _road_segments(roads) -> _RoadSegments:
    """The segments of all roads, so that painting a tile can pick its few with one mask."""
    kinds = sorted({road.kind for road in roads})
    starts: list[Hex] = []
    ends: list[Hex] = []
    kind: list[int] = []
    for road in roads:
        for a, b in zip(road.hexes[:-1], road.hexes[1:], strict=True):
            starts.append(a)
            ends.append(b)
            kind.append(kinds.index(road.kind))
    a = np.array(starts, dtype=np.int64).reshape(-1, 2)
    b = np.array(ends, dtype=np.int64).reshape(-1, 2)
    x1, y1 = hex_centre(a[:, 0], a[:, 1])
    x2, y2 = hex_centre(b[:, 0], b[:, 1])
    return _RoadSegments(x1, y1, x2, y2, np.array(kind, dtype=np.int64), kinds)


def _bridges(terrain, model_terrain) -> dict[Hex, tuple[float, float]]:
    """Bridge hexes, each with the unit direction of the road across it."""
    if model_terrain is not None:
        layer = np.asarray(model_terrain.layer("bridge"), dtype=bool)
    else:
        water = np.array([palette.is_water(c) for c in terrain.class_ids])
        layer = water[np.asarray(terrain.terrain_class, dtype=np.int64)]
    directions: dict[Hex, tuple[float, float]] = {}
    for road in terrain.roads:
        chain = road.hexes
        for i, hex_ in enumerate(chain):
            if hex_ in directions or not layer[hex_]:
                continue
            before, after = chain[max(0, i - 1)], chain[min(len(chain) - 1, i + 1)]
            ax, ay = hex_centre(*before)
            bx, by = hex_centre(*after)
            dx, dy = float(bx - ax), float(by - ay)
            length = math.hypot(dx, dy)
            directions[hex_] = (dx / length, dy / length) if length else (1.0, 0.0)
    if model_terrain is not None:
        for col, row in np.argwhere(layer):
            directions.setdefault((int(col), int(row)), (1.0, 0.0))
    return directions


class _Places:
    """The scenario's places as arrays (for culling) and lists, towns first."""

    def __init__(self, scenario):
        places = scenario.spec.places
        hexes = scenario.place_hexes
        ids = sorted(hexes, key=lambda i: (PLACE_PRIORITY.get(places[i].kind, 9), places[i].name))
        self.count = len(ids)
        cols = np.array([hexes[i][0] for i in ids], dtype=np.int64)
        rows = np.array([hexes[i][1] for i in ids], dtype=np.int64)
        self.x, self.y = (np.asarray(v, dtype=np.float64) for v in hex_centre(cols, rows))
        self.names = [places[i].name for i in ids]
        self.kinds = [places[i].kind for i in ids]
