"""Hex geometry for Mesa's HexGrid layout, and the map's geo-reference.

Mesa's ``HexGrid`` uses offset coordinates ``(col, row)`` with pointy-top hexes in rows and even
rows shifted half a hex east ("even-r"). Everything here follows that layout so that our distances,
pixel centres and neighbour tables agree with the cells Mesa connects. Rows run north to south:
row 0 is the northern edge and the origin of the geo-reference is the centre of hex ``(0, 0)``.

All functions accept numpy arrays as well as scalars.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

Hex = tuple[int, int]
"""A hex of the map as ``(col, row)``: the one name for it everywhere in the engine."""

ROW_HEIGHT = math.sqrt(3.0) / 2.0
"""Distance between row centres, in hex widths (centre-to-centre spacing is 1)."""

KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON_EQUATOR = 111.320

# Neighbour offsets (dcol, drow) for a hex in an even row and in an odd row, as Mesa connects them.
EVEN_ROW_OFFSETS = ((0, -1), (1, -1), (-1, 0), (1, 0), (0, 1), (1, 1))
ODD_ROW_OFFSETS = ((-1, -1), (0, -1), (-1, 0), (1, 0), (-1, 1), (0, 1))


def neighbour_offsets(row: int) -> tuple[tuple[int, int], ...]:
    """The six (dcol, drow) offsets of the neighbours of a hex in ``row``."""
    return EVEN_ROW_OFFSETS if row % 2 == 0 else ODD_ROW_OFFSETS


def to_axial(col, row):
    """Offset (even-r) to axial coordinates (q, r)."""
    row = np.asarray(row)
    return np.asarray(col) - (row + (row & 1)) // 2, row


def from_axial(q, r):
    """Axial coordinates (q, r) to offset (even-r) (col, row)."""
    r = np.asarray(r)
    return np.asarray(q) + (r + (r & 1)) // 2, r


def hex_distance(col_a, row_a, col_b, row_b):
    """Number of hex steps between two hexes (vectorised)."""
    qa, ra = to_axial(col_a, row_a)
    qb, rb = to_axial(col_b, row_b)
    dq, dr = qa - qb, ra - rb
    return (np.abs(dq) + np.abs(dr) + np.abs(dq + dr)) // 2


def hex_steps(a: tuple[int, int], b: tuple[int, int]) -> int:
    """:func:`hex_distance` for one pair, in plain Python: the rules ask this in tight loops."""
    qa, qb = a[0] - (a[1] + (a[1] & 1)) // 2, b[0] - (b[1] + (b[1] & 1)) // 2
    dq, dr = qa - qb, a[1] - b[1]
    return (abs(dq) + abs(dr) + abs(dq + dr)) // 2


def hex_centre(col, row):
    """Centre of a hex in hex widths from the centre of hex (0, 0): x grows east, y south."""
    row = np.asarray(row)
    x = np.asarray(col, dtype=float) - 0.5 * (row % 2)
    return x, row * ROW_HEIGHT


def nearest_hex(x, y):
    """The hex whose centre is nearest to the point (x, y), in hex widths (vectorised)."""
    r_frac = np.asarray(y, dtype=float) / ROW_HEIGHT
    q_frac = np.asarray(x, dtype=float) - r_frac / 2.0
    s_frac = -q_frac - r_frac
    q, r, s = np.rint(q_frac), np.rint(r_frac), np.rint(s_frac)
    dq, dr, ds = np.abs(q - q_frac), np.abs(r - r_frac), np.abs(s - s_frac)
    fix_q = (dq > dr) & (dq > ds)
    fix_r = ~fix_q & (dr > ds)
    q = np.where(fix_q, -r - s, q)
    r = np.where(fix_r, -q - s, r)
    return from_axial(q.astype(np.int64), r.astype(np.int64))


def hex_line(col_a: int, row_a: int, col_b: int, row_b: int) -> list[tuple[int, int]]:
    """The hexes on the straight line from a to b, both included, each adjacent to the next."""
    steps = int(hex_distance(col_a, row_a, col_b, row_b))
    if steps == 0:
        return [(col_a, row_a)]
    xa, ya = hex_centre(col_a, row_a)
    xb, yb = hex_centre(col_b, row_b)
    t = np.linspace(0.0, 1.0, steps + 1)
    # A tiny nudge keeps samples that fall exactly on a hex edge from flipping between rows.
    cols, rows = nearest_hex(xa + (xb - xa) * t + 1e-6, ya + (yb - ya) * t + 1e-6)
    return [(int(c), int(r)) for c, r in zip(cols, rows, strict=True)]


def inside_polygon(x, y, polygon_x, polygon_y) -> np.ndarray:
    """Whether points (x, y) lie inside a polygon (even-odd rule), vectorised over the points."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    inside = np.zeros(np.broadcast(x, y).shape, dtype=bool)
    px, py = np.asarray(polygon_x, dtype=float), np.asarray(polygon_y, dtype=float)
    for x1, y1, x2, y2 in zip(px, py, np.roll(px, -1), np.roll(py, -1), strict=True):
        crosses = (y1 > y) != (y2 > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            at = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
        inside ^= crosses & (x < at)
    return inside


@dataclass(frozen=True)
class GeoReference:
    """Ties the hex grid to the earth: the centre of hex (0, 0) and the hex size.

    An equirectangular projection about the origin is accurate to well under a hex over the
    ~100 km the scenarios cover, which is all a schematic map needs.
    """

    origin_lat: float
    origin_lon: float
    hex_size_km: float

    @property
    def _km_per_deg_lon(self) -> float:
        return KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(self.origin_lat))

    def xy_of(self, lat, lon):
        """A point in decimal degrees in the map's plane, in hex widths (vectorised)."""
        x_km = (np.asarray(lon, dtype=float) - self.origin_lon) * self._km_per_deg_lon
        y_km = (self.origin_lat - np.asarray(lat, dtype=float)) * KM_PER_DEG_LAT
        return x_km / self.hex_size_km, y_km / self.hex_size_km

    def hex_of(self, lat, lon):
        """The hex containing a point given in decimal degrees (vectorised)."""
        return nearest_hex(*self.xy_of(lat, lon))

    def latlon_of(self, col, row):
        """Decimal degrees (lat, lon) of a hex centre (vectorised)."""
        x, y = hex_centre(col, row)
        lat = self.origin_lat - y * self.hex_size_km / KM_PER_DEG_LAT
        lon = self.origin_lon + x * self.hex_size_km / self._km_per_deg_lon
        return lat, lon
