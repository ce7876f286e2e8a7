"""Combat power: what a unit's people and equipment are worth in a fight, as it stands now."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.scenario.catalog import Catalog

if TYPE_CHECKING:
    from sim.units.ground import GroundUnit


class PowerRatings:
    """Firepower sums from the catalog, scaled by readiness, supply and morale."""

    def __init__(self, catalog: Catalog):
        combat = catalog.rules.combat
        self.firepower = {k: e.firepower for k, e in catalog.equipment.items()}
        self.support_range_km = {k: e.support_range_km for k, e in catalog.equipment.items()}
        self.personnel_firepower = combat.personnel_firepower
        self.supply_floor = combat.supply_power_floor
        self.morale_floor = combat.morale_power_floor

    def raw_power(self, unit: GroundUnit) -> float:
        """Firepower of everything the unit has, at full readiness, supply and morale."""
        weapons = sum(self.firepower[k] * n for k, n in unit.equipment.items())
        return weapons + self.personnel_firepower * unit.personnel

    def effectiveness(self, unit: GroundUnit) -> float:
        """How much of its firepower the unit can bring to bear (0..1)."""
        supply = self.supply_floor + (1.0 - self.supply_floor) * unit.supply
        morale = self.morale_floor + (1.0 - self.morale_floor) * unit.morale
        return unit.readiness * supply * morale

    def power(self, unit: GroundUnit) -> float:
        return self.raw_power(unit) * self.effectiveness(unit)

    def support(self, unit: GroundUnit) -> tuple[float, float]:
        """(firepower, reach in km) of the unit's indirect-fire weapons, scaled like ``power``."""
        reach = 0.0
        firepower = 0.0
        for k, n in unit.equipment.items():
            if n > 0 and self.support_range_km[k] > 0:
                firepower += self.firepower[k] * n
                reach = max(reach, self.support_range_km[k])
        return firepower * self.effectiveness(unit), reach
