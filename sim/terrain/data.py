"""The terrain of a scenario as plain arrays, before the model turns it into a Mesa grid."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from sim.terrain.geometry import GeoReference, Hex, hex_line


@dataclass(frozen=True)
class RoadTrace:
    """A road as the chain of hexes it runs through, each adjacent to the next."""

    name: str
    kind: str
    hexes: tuple[Hex, ...]

    @classmethod
    def through(cls, name: str, kind: str, waypoints: list[Hex]) -> RoadTrace:
        """Join waypoints by straight hex lines."""
        hexes: list[Hex] = [waypoints[0]]
        for a, b in itertools.pairwise(waypoints):
            hexes.extend(hex_line(*a, *b)[1:])
        return cls(name, kind, tuple(hexes))


@dataclass(frozen=True)
class RestrictedTrace:
    """Hexes (flat indices) closed to some sides for the whole game."""

    name: str
    sides: frozenset[str]
    indices: frozenset[int]


@dataclass(frozen=True, eq=False)
class TerrainData:
    """Elevation, terrain classes, roads and prepared positions, indexed ``[col, row]``."""

    geo: GeoReference
    elevation_m: np.ndarray
    terrain_class: np.ndarray
    class_ids: tuple[str, ...]
    roads: tuple[RoadTrace, ...]
    fortification: np.ndarray
    restricted: tuple[RestrictedTrace, ...] = ()

    @property
    def cols(self) -> int:
        return int(self.elevation_m.shape[0])

    @property
    def rows(self) -> int:
        return int(self.elevation_m.shape[1])

    def contains(self, col: int, row: int) -> bool:
        return 0 <= col < self.cols and 0 <= row < self.rows

    def class_at(self, col: int, row: int) -> str:
        return self.class_ids[int(self.terrain_class[col, row])]
