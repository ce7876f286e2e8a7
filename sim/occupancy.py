"""Who is where: units per side and hex, zones of control and stacking, as flat arrays.

Every rule that asks "may this unit enter that hex" or "is that hex held" reads these arrays
instead of looking at the agents, so the answers cost one array lookup. :class:`Occupancy`
counts, for every side and hex (flat index ``col * rows + row``), the units standing there, the
ones among them that exert a zone of control (active, not routed) and their stacking points. The
units themselves live in :class:`sim.forces.Forces`, which keeps these counts in step as they
move.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from sim.closures import Closures
from sim.sides import Sides


class Occupant(Protocol):
    """What occupancy needs to know of a unit to count it."""

    @property
    def side(self) -> str: ...
    @property
    def stacking_points(self) -> float: ...
    @property
    def status(self) -> str: ...


class Occupancy:
    """Counts of units per side and hex, and the zone-of-control and stacking rules on them."""

    def __init__(self, sides: Sides, neighbours: np.ndarray, neighbour_lists: list[list[int]]):
        self.sides = sides
        self.neighbours = neighbours
        """``(hexes, 6)`` flat indices of each hex's neighbours, ``-1`` off the map."""
        self.neighbour_lists = neighbour_lists
        shape = (len(sides.ids), len(neighbours))
        self.counts = np.zeros(shape, dtype=np.int32)
        """Units of each side in each hex."""
        self.zoc_sources = np.zeros(shape, dtype=np.int32)
        """Units of each side in each hex that exert a zone of control."""
        self.stack_points = np.zeros(shape)
        self.version = 0
        """Changes whenever a count does (for caches)."""
        self._obstacle_cache: dict[str, tuple[tuple, np.ndarray]] = {}

    # --- keeping count ----------------------------------------------------------------------

    def enter(self, unit: Occupant, index: int) -> None:
        self._count(unit, index, +1)

    def leave(self, unit: Occupant, index: int) -> None:
        self._count(unit, index, -1)

    def status_changed(self, unit: Occupant, index: int, status: str) -> None:
        """Routed units exert no zone of control; call before the unit takes ``status``."""
        if status == unit.status:
            return
        self.zoc_sources[self.sides.index[unit.side], index] += 1 if status == "active" else -1
        self.version += 1

    def _count(self, unit: Occupant, index: int, sign: int) -> None:
        side = self.sides.index[unit.side]
        self.counts[side, index] += sign
        self.stack_points[side, index] += sign * unit.stacking_points
        if unit.status == "active":
            self.zoc_sources[side, index] += sign
        self.version += 1

    # --- what a side finds where ------------------------------------------------------------

    def own_present(self, side: str) -> np.ndarray:
        """Flat mask of hexes where ``side`` has units."""
        return self.counts[self.sides.index[side]] > 0

    def sides_present(self, index: int) -> list[str]:
        """The sides with units in hex ``index``, in the scenario's order."""
        return [s for s in self.sides.ids if self.counts[self.sides.index[s], index] > 0]

    def has_room(self, side: str, index: int, points: float, limit: float) -> bool:
        """Can a unit of ``points`` stacking points join its side's units in hex ``index``?"""
        return bool(self.stack_points[self.sides.index[side], index] + points <= limit + 1e-9)

    def neutral_at(self, index: int) -> bool:
        """Does a neutral unit (a peacekeeper) stand in this hex?"""
        return any(self.counts[self.sides.index[s], index] for s in self.sides.neutral)

    def neutral_present(self) -> np.ndarray:
        """Flat mask of hexes held by neutral units: no side may enter or fire on them."""
        indices = [self.sides.index[s] for s in self.sides.neutral]
        return self.counts[indices].sum(axis=0) > 0

    def enemy_present(self, side: str) -> np.ndarray:
        """Flat mask of hexes holding enemy units."""
        return self.counts[self.sides.enemy_indices(side)].sum(axis=0) > 0

    def enemy_at(self, side: str, index: int) -> bool:
        """Live check: does an enemy unit stand in this hex?"""
        return any(self.counts[e, index] for e in self.sides.enemy_indices(side))

    def enemy_zoc(self, side: str) -> np.ndarray:
        """Flat mask of hexes next to an enemy unit that exerts a zone of control."""
        exerting = self.zoc_sources[self.sides.enemy_indices(side)].sum(axis=0) > 0
        padded = np.append(exerting, False)
        return padded[self.neighbours].any(axis=1)

    def in_enemy_zoc(self, side: str, index: int) -> bool:
        """Live check for one hex, as units move."""
        sources = self.zoc_sources
        return any(
            sources[e, n]
            for e in self.sides.enemy_indices(side)
            for n in self.neighbour_lists[index]
        )

    # --- where a side may go ----------------------------------------------------------------

    def closed_to(self, side: str, index: int, closures: Closures) -> bool:
        """Live check: can a unit of ``side`` not enter this hex (enemy-held or closed)?"""
        if self.enemy_at(side, index) or self.neutral_at(index):
            return True
        return closures.closes(side, index)

    def movement_obstacles(self, side: str, closures: Closures) -> np.ndarray:
        """Hexes a unit of ``side`` cannot enter: held by the enemy or neutrals, or closed."""
        key = (self.version, closures.key())
        cached = self._obstacle_cache.get(side)
        if cached is None or cached[0] != key:
            cached = (
                key,
                self.enemy_present(side) | self.neutral_present() | closures.blocked_for(side),
            )
            self._obstacle_cache[side] = cached
        return cached[1]

    def known_obstacles(
        self, side: str, closures: Closures, contact_indices: list[int]
    ) -> np.ndarray:
        """Hexes ``side`` believes it cannot enter: where it knows of enemies, and closed
        hexes (neutrals make themselves known)."""
        mask = closures.blocked_for(side) | self.neutral_present()
        mask[contact_indices] = True
        return mask
