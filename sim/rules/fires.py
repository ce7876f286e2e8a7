"""Missile fires: ballistic and quasi-ballistic missiles at known targets, and their interception.

Each round of a strike order flies to its aim point. Enemy air-defence units that can engage its
target class, whose radar is emitting and sees the incoming round (its RCS, in its range) and
whose envelope covers the aim point, get one chance at it: the round crosses the envelope in
``2 * max_range / speed``, so a slow-reacting system rarely gets a shot at a fast missile. A
round that gets through hits with the munition's probability against what stands at the aim
point (GNSS-guided rounds less inside enemy GNSS jamming).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import numpy as np

from sim.events import Intercepted
from sim.rules import air_defence, detection
from sim.rules.ew import Jamming
from sim.rules.strikes import StrikeState, strike_at
from sim.scenario.air_schema import Munition
from sim.units.air import hex_km

if TYPE_CHECKING:
    from sim.clock import Clock
    from sim.picture import Pictures
    from sim.scenario.catalog_schema import Rules
    from sim.turn import TurnRecord
    from sim.units.air import AirWar
    from sim.units.ground import GroundUnit

INBOUND_ALTITUDE_M = 10_000.0
"""Height at which an incoming missile is first seen on its way down."""


class FiresState(StrikeState, Protocol):
    """What missile fires read and write."""

    @property
    def rules(self) -> Rules: ...
    @property
    def clock(self) -> Clock: ...
    @property
    def pictures(self) -> Pictures: ...

    air: AirWar


def run(state: FiresState, turn: TurnRecord) -> None:
    air = state.air
    if not air.pending_strikes:
        return
    jamming = Jamming.on_the_air(
        state.forces, state.systems, state.sides, state.terrain.hex_size_km
    )
    max_age = state.rules.air.strike_contact_max_age_h
    for order in air.pending_strikes:
        unit = state.forces.unit(order.unit)
        if unit is None:
            continue
        munition = state.catalog.munitions[order.munition]
        for _ in range(order.rounds):
            if not _intercepted(state, turn, jamming, unit, munition, order.target):
                contacts = state.pictures.contacts_at(
                    unit.side, order.target, state.clock.current_turn, max_age
                )
                aimed = state.forces.unit(contacts[0].target) if contacts else None
                target = aimed if aimed is not None and aimed.hex == order.target else None
                strike_at(state, turn, jamming, unit.side, unit.uid, munition, order.target, target)
    air.pending_strikes.clear()


def _intercepted(
    state: FiresState,
    turn: TurnRecord,
    jamming: Jamming,
    attacker: GroundUnit,
    munition: Munition,
    aim: tuple[int, int],
) -> bool:
    if munition.target_class is None:
        return False
    hex_size = state.terrain.hex_size_km
    aim_km = hex_km(aim, hex_size)
    air = state.rules.air
    systems = state.systems
    for defender in state.forces.units():
        if defender.side == attacker.side or not air_defence.can_shoot(systems, defender):
            continue
        radar = systems.best_radar(defender)
        if radar is None or not systems.is_emitting(defender):
            continue
        for launchers in systems.launchers(defender):
            spec = launchers.spec
            pk = spec.pk.get(munition.target_class, 0.0)
            if pk <= 0 or defender.sam_ready.get(launchers.equipment, 0) <= 0:
                continue
            distance = float(np.hypot(*(hex_km(defender.hex, hex_size) - aim_km)))
            if distance > spec.max_range_km:
                continue
            factor = jamming.radar_factor_at(state.sides.index[defender.side], aim_km)[0]
            range50 = radar.range_km_1m2 * (munition.rcs_m2 or 1.0) ** 0.25 * factor
            seen = detection.probability(
                np.hypot(distance, INBOUND_ALTITUDE_M / 1000.0),
                range50,
                air.detection_max_probability,
                air.detection_steepness,
            )
            crossing_s = 2 * spec.max_range_km / (munition.speed_kmh or 1000.0) * 3600
            chance = float(seen) * min(1.0, crossing_s / spec.reaction_time_s)
            if state.rng.random() >= chance:
                continue
            shots = min(spec.salvo, defender.sam_ready[launchers.equipment])
            defender.sam_ready[launchers.equipment] -= shots
            turn.fired_sam.add(defender.uid)
            hits = int((state.rng.random(shots) < pk).sum())
            stats = state.air_stats[defender.side]
            stats.sam_shots += shots
            stats.sam_hits += hits
            if hits:
                stats.intercepted += 1
                state.log.record(
                    Intercepted,
                    side=defender.side,
                    hex=aim,
                    shooter=defender.uid,
                    weapon=munition.name,
                    attacker=attacker.uid,
                )
                return True
    return False
