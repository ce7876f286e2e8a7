"""What a precision weapon does to the ground unit it hits.

A hit destroys ``kills`` items of the first category in the munition's ``prefers`` list that the
unit still has (otherwise of its most powerful equipment), costs it ``casualties`` personnel on
average (Poisson) and ``suppression`` of its readiness. Destroyed trucks take their share of the
unit's supply with them; destroyed launchers take their ready missiles. The power the unit lost
counts toward its morale test this turn, as losses in ground combat do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import numpy as np

from sim.events import EventLog, Losses, StrikeResult
from sim.scenario.air_schema import Munition
from sim.units.air import hex_km

if TYPE_CHECKING:
    from sim.air_stats import AirStats
    from sim.forces import Forces
    from sim.losses import SideLosses
    from sim.rules.ew import Jamming
    from sim.rules.power import PowerRatings
    from sim.scenario.catalog import Catalog
    from sim.sides import Sides
    from sim.terrain.terrain import Terrain
    from sim.turn import TurnRecord
    from sim.units.ground import GroundUnit
    from sim.units.systems import Systems


class StrikeState(Protocol):
    """What a precision weapon's strike reads and writes."""

    @property
    def catalog(self) -> Catalog: ...
    @property
    def ratings(self) -> PowerRatings: ...
    @property
    def systems(self) -> Systems: ...
    @property
    def sides(self) -> Sides: ...
    @property
    def terrain(self) -> Terrain: ...

    forces: Forces
    losses: dict[str, SideLosses]
    air_stats: dict[str, AirStats]
    rng: np.random.Generator
    log: EventLog


def aimed_category(catalog: Catalog, unit: GroundUnit, munition: Munition) -> str | None:
    """The equipment category a hit on this unit would destroy first."""
    categories = {catalog.equipment[k].category for k, n in unit.equipment.items() if n}
    for category in munition.prefers:
        if category in categories:
            return category
    owned = [(catalog.equipment[k].firepower, k) for k, n in unit.equipment.items() if n]
    return catalog.equipment[max(owned)[1]].category if owned else None


def hit_probability(catalog: Catalog, unit: GroundUnit, munition: Munition) -> float:
    """Chance that one round hits something worth the name in this unit."""
    category = aimed_category(catalog, unit, munition)
    if category is None:
        return munition.pk.get("other", 0.0) if unit.personnel else 0.0
    return munition.pk.get(category, munition.pk.get("other", 0.0))


def apply_hit(state: StrikeState, unit: GroundUnit, munition: Munition, turn: TurnRecord) -> Losses:
    """Destroy what one hit destroys; record the losses as losses to air and missile strikes."""
    catalog, ratings = state.catalog, state.ratings
    before = ratings.raw_power(unit)
    category = aimed_category(catalog, unit, munition)
    destroyed: dict[str, int] = {}
    left = munition.kills
    if category is not None:
        for key, count in sorted(unit.equipment.items()):
            if left and count and catalog.equipment[key].category == category:
                lost = min(left, count)
                destroyed[key] = lost
                left -= lost
    trucks_before = sum(
        n for k, n in unit.equipment.items() if catalog.equipment[k].category == "truck"
    )
    for key, lost in destroyed.items():
        unit.equipment[key] -= lost
        if key in unit.sam_ready:
            spec = state.systems.sam[key]
            unit.sam_ready[key] = min(unit.sam_ready[key], unit.equipment[key] * spec.missiles)
    trucks_lost = sum(n for k, n in destroyed.items() if catalog.equipment[k].category == "truck")
    if trucks_before and trucks_lost:
        unit.supply = max(0.0, unit.supply * (1.0 - trucks_lost / trucks_before))
    casualties = min(unit.personnel, int(state.rng.poisson(munition.casualties)))
    unit.personnel -= casualties
    unit.readiness *= 1.0 - munition.suppression
    if before > 0:
        turn.add_power_lost(unit.uid, (before - ratings.raw_power(unit)) / before)
    losses = state.losses[unit.side]
    losses.personnel += casualties
    losses.add_equipment(destroyed)
    state.air_stats[unit.side].record_ground_losses(casualties, destroyed)
    return Losses(unit=unit.uid, personnel=casualties, equipment=destroyed)


def strike_at(
    state: StrikeState,
    turn: TurnRecord,
    jamming: Jamming,
    side: str,
    attacker: str,
    munition: Munition,
    aim: tuple[int, int],
    target: GroundUnit | None,
) -> None:
    """One weapon at ``aim``: it hits ``target`` (or another enemy unit there) or nothing."""
    stats = state.air_stats[side]
    stats.strikes += 1
    if target is None:
        there = state.forces.enemies_at(side, aim)
        target = there[0] if there else None
    if target is None:
        state.log.record(
            StrikeResult,
            side=side,
            hex=aim,
            attacker=attacker,
            weapon=munition.name,
            target=None,
            hit=False,
            losses=None,
        )
        return
    chance = hit_probability(state.catalog, target, munition)
    if munition.guidance == "gnss":
        aim_km = hex_km(aim, state.terrain.hex_size_km)
        chance *= float(jamming.gnss_factor_at(state.sides.index[side], aim_km)[0])
    hit = bool(state.rng.random() < chance)
    losses = apply_hit(state, target, munition, turn) if hit else None
    stats.strike_hits += hit
    state.log.record(
        StrikeResult,
        side=side,
        hex=aim,
        attacker=attacker,
        weapon=munition.name,
        target=target.uid,
        hit=hit,
        losses=losses,
    )
