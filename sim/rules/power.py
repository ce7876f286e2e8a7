"""Combat power: what a unit's people and equipment are worth in a fight, as it stands now."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from sim.scenario.catalog import Catalog


class Rated(Protocol):
    """What a unit's combat power is made of (a unit in play, or one as it started)."""

    @property
    def personnel(self) -> int: ...
    @property
    def equipment(self) -> dict[str, int]: ...
    @property
    def readiness(self) -> float: ...
    @property
    def supply(self) -> float: ...
    @property
    def morale(self) -> float: ...


class PowerRatings:
    """Firepower sums from the catalog, scaled by readiness, supply and morale."""

    def __init__(self, catalog: Catalog):
        combat = catalog.rules.combat
        self.firepower = {k: e.firepower for k, e in catalog.equipment.items()}
        self.support_range_km = {k: e.support_range_km for k, e in catalog.equipment.items()}
        self.personnel_firepower = combat.personnel_firepower
        self.supply_floor = combat.supply_power_floor
        self.morale_floor = combat.morale_power_floor

    def raw_power(self, unit: Rated) -> float:
        """Firepower of everything the unit has, at full readiness, supply and morale."""
        weapons = sum(self.firepower[k] * n for k, n in unit.equipment.items())
        return weapons + self.personnel_firepower * unit.personnel

    def effectiveness(self, unit: Rated) -> float:
        """How much of its firepower the unit can bring to bear (0..1)."""
        supply = self.supply_floor + (1.0 - self.supply_floor) * unit.supply
        morale = self.morale_floor + (1.0 - self.morale_floor) * unit.morale
        return unit.readiness * supply * morale

    def power(self, unit: Rated) -> float:
        return self.raw_power(unit) * self.effectiveness(unit)

    def total(self, units: Iterable[Rated]) -> float:
        """Combat power of a side's units together."""
        return float(sum(self.power(u) for u in units))

    def support(self, unit: Rated) -> tuple[float, float]:
        """(firepower, reach in km) of the unit's indirect-fire weapons, scaled like ``power``."""
        reach = 0.0
        firepower = 0.0
        for k, n in unit.equipment.items():
            if n > 0 and self.support_range_km[k] > 0:
                firepower += self.firepower[k] * n
                reach = max(reach, self.support_range_km[k])
        return firepower * self.effectiveness(unit), reach
