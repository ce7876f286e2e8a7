"""The hex map as a graph: neighbour tables, road edges and travel times per mobility class.

Hexes are numbered ``index = col * rows + row``, the flat index of a ``(cols, rows)`` array. Each
hex has six directed edges, one per direction of :data:`geometry.EVEN_ROW_OFFSETS` /
:data:`geometry.ODD_ROW_OFFSETS`; ``-1`` marks an edge leading off the map. Edge weights are the
hours a unit needs to enter the neighbour, ``inf`` where it cannot.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from sim.terrain.data import RoadTrace
from sim.terrain.geometry import EVEN_ROW_OFFSETS, ODD_ROW_OFFSETS

DIRECTIONS = 6


def neighbour_table(cols: int, rows: int) -> np.ndarray:
    """``(cols * rows, 6)`` flat indices of each hex's neighbours, ``-1`` off the map."""
    col, row = np.meshgrid(np.arange(cols), np.arange(rows), indexing="ij")
    col, row = col.ravel(), row.ravel()
    even = row % 2 == 0
    table = np.full((cols * rows, DIRECTIONS), -1, dtype=np.int64)
    for d in range(DIRECTIONS):
        dc = np.where(even, EVEN_ROW_OFFSETS[d][0], ODD_ROW_OFFSETS[d][0])
        dr = np.where(even, EVEN_ROW_OFFSETS[d][1], ODD_ROW_OFFSETS[d][1])
        nc, nr = col + dc, row + dr
        inside = (nc >= 0) & (nc < cols) & (nr >= 0) & (nr < rows)
        table[inside, d] = nc[inside] * rows + nr[inside]
    return table


def road_factors(
    roads: tuple[RoadTrace, ...],
    neighbours: np.ndarray,
    rows: int,
    factor_by_kind: Mapping[str, float],
) -> np.ndarray:
    """``(n, 6)`` road speed factor of each edge (0 where no road runs along it)."""
    factors = np.zeros(neighbours.shape)
    for road in roads:
        factor = factor_by_kind[road.kind]
        for (ca, ra), (cb, rb) in zip(road.hexes, road.hexes[1:], strict=False):
            a, b = ca * rows + ra, cb * rows + rb
            for x, y in ((a, b), (b, a)):
                direction = np.flatnonzero(neighbours[x] == y)
                if direction.size:
                    factors[x, direction[0]] = max(factors[x, direction[0]], factor)
    return factors


def travel_hours(
    neighbours: np.ndarray,
    road_factor: np.ndarray,
    elevation_m: np.ndarray,
    class_cost: np.ndarray,
    hex_size_km: float,
    road_speed_kmh: float,
    cross_country_speed_kmh: float,
    climb_h_per_100m: float,
) -> np.ndarray:
    """``(n, 6)`` hours to enter each neighbour, for one mobility class.

    ``class_cost`` is the terrain-class multiplier of every hex for this mobility class, flat,
    with ``inf`` for impassable ground. A road along the edge overrides the terrain (that is
    what makes a bridge) and its grade is averaged into the road speed.
    """
    valid = neighbours >= 0
    target = np.where(valid, neighbours, 0)
    elevation = elevation_m.ravel()
    climb = np.maximum(elevation[target] - elevation[:, None], 0.0)
    cross = hex_size_km / cross_country_speed_kmh * class_cost[target] + (
        climb / 100.0 * climb_h_per_100m
    )
    with np.errstate(divide="ignore"):
        road = np.where(road_factor > 0, hex_size_km / (road_speed_kmh * road_factor), np.inf)
    hours = np.minimum(cross, road)
    hours[~valid] = np.inf
    return hours
