"""The air-war systems a ground unit carries: radars, SAM launchers, jammers, ELINT, missiles.

A unit's capabilities are those of its surviving equipment, so every radar or launcher a strike
destroys takes its share of the unit's air defence with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.scenario.air_schema import JammerSpec, RadarSpec, SamSpec
from sim.scenario.catalog import Catalog

if TYPE_CHECKING:
    from sim.units.ground import GroundUnit


@dataclass(frozen=True)
class Launchers:
    """Surviving SAM launchers of one type in a unit."""

    equipment: str
    spec: SamSpec
    count: int


class Systems:
    """Looks up what a unit's surviving equipment can do in the air war."""

    def __init__(self, catalog: Catalog):
        self.radar: dict[str, RadarSpec] = {}
        self.sam: dict[str, SamSpec] = {}
        self.jammer: dict[str, JammerSpec] = {}
        self.elint: dict[str, float] = {}
        self.missile_launchers: set[str] = set()
        for key, item in catalog.equipment.items():
            if item.radar is not None:
                self.radar[key] = item.radar
            if item.sam is not None:
                self.sam[key] = item.sam
            if item.jammer is not None:
                self.jammer[key] = item.jammer
            if item.elint_range_km > 0:
                self.elint[key] = item.elint_range_km
            if item.category == "missile_launcher":
                self.missile_launchers.add(key)

    def is_radar_air_defence(self, equipment: str) -> bool:
        """A radar, a radar-guided SAM launcher or a jammer: the emitting air defence a SEAD
        campaign goes after. Infrared SAMs (MANPADS, Strela-10) emit nothing and hide among
        the troops, so they are not counted."""
        sam = self.sam.get(equipment)
        return (
            equipment in self.radar
            or equipment in self.jammer
            or (sam is not None and sam.guidance == "radar")
        )

    def best_radar(self, unit: GroundUnit) -> RadarSpec | None:
        """The longest-ranged radar the unit still has."""
        radars = [self.radar[k] for k, n in unit.equipment.items() if n > 0 and k in self.radar]
        return max(radars, key=lambda r: r.range_km_1m2) if radars else None

    def launchers(self, unit: GroundUnit) -> list[Launchers]:
        return [
            Launchers(k, self.sam[k], n)
            for k, n in unit.equipment.items()
            if n > 0 and k in self.sam
        ]

    def best_jammer(self, unit: GroundUnit) -> JammerSpec | None:
        jammers = [self.jammer[k] for k, n in unit.equipment.items() if n > 0 and k in self.jammer]
        return max(jammers, key=lambda j: j.radius_km) if jammers else None

    def elint_range_km(self, unit: GroundUnit) -> float:
        return max(
            (self.elint[k] for k, n in unit.equipment.items() if n > 0 and k in self.elint),
            default=0.0,
        )

    def can_launch_missiles(self, unit: GroundUnit) -> bool:
        return any(n > 0 and k in self.missile_launchers for k, n in unit.equipment.items())

    def emitter(self, unit: GroundUnit) -> bool:
        """Has something that radiates when switched on (a radar or a jammer)."""
        return self.best_radar(unit) is not None or self.best_jammer(unit) is not None

    def is_emitting(self, unit: GroundUnit) -> bool:
        return unit.emitting and unit.status == "active" and self.emitter(unit)
