"""The ground units in play, in the order they entered the game, and where they stand.

Units are Mesa agents of the game's model, standing in the cells of the terrain's ``HexGrid``.
Every change of a unit's hex or status goes through :class:`Forces`, which keeps the
:class:`~sim.occupancy.Occupancy` counts in step with the agents.
"""

from __future__ import annotations

import mesa

from sim.occupancy import Occupancy
from sim.scenario.catalog_schema import UnitType
from sim.scenario.schema import UnitSpec
from sim.sides import Sides
from sim.terrain.geometry import Hex
from sim.terrain.terrain import Terrain
from sim.units.ground import GroundUnit, Status, Strength
from sim.units.systems import Systems


class Forces:
    """Every side's ground units, and the occupancy index over them."""

    def __init__(self, owner: mesa.Model, terrain: Terrain, sides: Sides):
        self.owner = owner
        """The Mesa model the unit agents belong to."""
        self.terrain = terrain
        self.sides = sides
        self.occupancy = Occupancy(sides, terrain.neighbours, terrain.neighbour_lists)
        self.committed = dict.fromkeys(sides.ids, 0)
        """People each side has brought into the game so far."""
        self.at_start: tuple[Strength, ...] = ()
        """Every unit as it stood when the game began (see :meth:`muster`)."""
        self._units: dict[str, GroundUnit] = {}

    def muster(self) -> None:
        """Take note of the forces the game begins with (later arrivals do not count)."""
        self.at_start = tuple(u.entered for u in self._units.values())

    def at_start_of(self, side: str) -> list[Strength]:
        """The units ``side`` began the game with, as they were then."""
        return [u for u in self.at_start if u.side == side]

    def enlist(
        self,
        spec: UnitSpec,
        hex_: Hex,
        unit_type: UnitType,
        systems: Systems,
    ) -> GroundUnit:
        """Bring a unit into the game at ``hex_``, its launchers loaded."""
        unit = GroundUnit(self.owner, spec, unit_type)
        unit.sam_ready = {
            launchers.equipment: launchers.count * launchers.spec.missiles
            for launchers in systems.launchers(unit)
        }
        self._units[unit.uid] = unit
        self.committed[unit.side] += unit.personnel
        self.place(unit, hex_)
        return unit

    def unit(self, uid: str) -> GroundUnit | None:
        """The unit in play with this id, or None."""
        return self._units.get(uid)

    def units(self, side: str | None = None) -> list[GroundUnit]:
        """Units in play (of one side), in the order they entered the game."""
        return [u for u in self._units.values() if side is None or u.side == side]

    def __contains__(self, unit: GroundUnit) -> bool:
        """Is this very unit still in play (not eliminated)?"""
        return self._units.get(unit.uid) is unit

    def enemies_at(self, side: str, hex_: Hex) -> list[GroundUnit]:
        """Units at ``hex_`` that ``side`` fights."""
        enemies = set(self.sides.enemies_of(side))
        return [
            a
            for a in self.terrain.cell(hex_).agents
            if isinstance(a, GroundUnit) and a.side in enemies
        ]

    def friends_at(self, side: str, hex_: Hex) -> list[GroundUnit]:
        """Units of ``side`` at ``hex_``."""
        return [
            a
            for a in self.terrain.cell(hex_).agents
            if isinstance(a, GroundUnit) and a.side == side
        ]

    def place(self, unit: GroundUnit, hex_: Hex) -> None:
        """Put a unit on a hex (or move it there), keeping occupancy counts in step."""
        if unit.cell is not None:
            self.occupancy.leave(unit, self.terrain.index(unit.hex))
        unit.cell = self.terrain.cell(hex_)
        self.occupancy.enter(unit, self.terrain.index(hex_))

    def set_status(self, unit: GroundUnit, status: Status) -> None:
        """Rout or rally a unit (routed units exert no zone of control)."""
        if status == unit.status:
            return
        self.occupancy.status_changed(unit, self.terrain.index(unit.hex), status)
        unit.status = status

    def remove(self, unit: GroundUnit) -> None:
        """Take a unit out of the game for good."""
        self.occupancy.leave(unit, self.terrain.index(unit.hex))
        del self._units[unit.uid]
        unit.remove()
