"""Air defence: SAM units and fighters shoot at the enemy air tracks they see.

A SAM unit can engage an air track this turn when

* it sees the track itself: radar-guided systems with their own radar, which must be emitting
  (EMCON off means no radar missiles), IR systems by their own acquisition, without emitting;
* the track is inside the launcher's envelope: slant range between ``min_range_km`` and
  ``max_range_km``, height above the launcher between ``min_altitude_m`` and
  ``max_altitude_m``;
* the track stays in the envelope for the system's reaction time (a drone on station does; a
  target crossing it fast may not: the chance is ``time in envelope / reaction time``);
* it has ready missiles, fire-control channels left this turn (``engagements_per_hour`` per
  launcher) and is not on the move (unless it can shoot on the move).

Each engagement fires a salvo; each missile hits with the system's ``pk`` for the target's class.
Fighters on air patrol engage what their radar sees with their air-to-air missiles the same way.
Pairs are taken in an order drawn from the game's generator; a track shot down is not engaged
again. Launchers reload from the unit's stores between turns.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import numpy as np

from sim.events import AirKill, EventLog, SamEngagement, Shot
from sim.units.air import AirTrack, hex_km
from sim.units.systems import Launchers, Systems

if TYPE_CHECKING:
    from sim.air_stats import AirStats
    from sim.clock import Clock
    from sim.forces import Forces
    from sim.scenario.catalog import Catalog
    from sim.terrain.terrain import Terrain
    from sim.turn import TurnRecord
    from sim.units.ground import GroundUnit


class AirDefenceState(Protocol):
    """What SAM units and fighters read and write when they engage."""

    @property
    def catalog(self) -> Catalog: ...
    @property
    def systems(self) -> Systems: ...
    @property
    def terrain(self) -> Terrain: ...
    @property
    def clock(self) -> Clock: ...

    forces: Forces
    air_stats: dict[str, AirStats]
    rng: np.random.Generator
    log: EventLog


def reload(state: AirDefenceState) -> None:
    """Launchers take missiles from the unit's stores, at their reload rate."""
    hours = state.clock.turn_length_h
    for unit in state.forces.units():
        for launchers in state.systems.launchers(unit):
            capacity = launchers.count * launchers.spec.missiles
            ready = min(unit.sam_ready.get(launchers.equipment, 0), capacity)
            rate = math.ceil(capacity * min(1.0, hours / launchers.spec.reload_h))
            stock = unit.stores.get(launchers.spec.munition, 0)
            added = min(capacity - ready, rate, stock)
            unit.sam_ready[launchers.equipment] = ready + added
            if added:
                unit.stores[launchers.spec.munition] = stock - added


@dataclass
class SamShooter:
    unit: GroundUnit
    launchers: list[Launchers]
    channels: float
    radar_sees: set[str] = field(default_factory=set)
    """Tracks its own (emitting) radar sees this turn: what radar missiles can be guided on."""
    ir_sees: set[str] = field(default_factory=set)
    """Tracks its IR sights acquired this turn."""

    def sees(self, track_id: str) -> bool:
        return track_id in self.radar_sees or track_id in self.ir_sees


def can_shoot(systems: Systems, unit: GroundUnit) -> bool:
    if unit.status != "active" or not systems.launchers(unit):
        return False
    if unit.posture == "move" and unit.order is not None:
        return all(launchers.spec.shoot_on_the_move for launchers in systems.launchers(unit))
    return True


def sam_shooters(state: AirDefenceState) -> list[SamShooter]:
    hours = state.clock.turn_length_h
    shooters = []
    for unit in state.forces.units():
        if can_shoot(state.systems, unit):
            launchers = state.systems.launchers(unit)
            channels = sum(la.count * la.spec.engagements_per_hour for la in launchers) * hours
            shooters.append(SamShooter(unit, launchers, channels))
    return shooters


def engagements(shooters: list[SamShooter], tracks: list[AirTrack]) -> list[tuple]:
    """Every (SAM shooter, enemy track it sees) pair: one engagement each this turn."""
    return [(s, t) for s in shooters for t in tracks if t.side != s.unit.side and s.sees(t.uid)]


def engage(state: AirDefenceState, shooter: SamShooter, track: AirTrack, turn: TurnRecord) -> None:
    """One engagement, if the track still flies and the shooter can still guide a missile
    (earlier in the turn a drone may have destroyed its radar or its launchers)."""
    unit = shooter.unit
    if track.spent or track.landed or unit not in state.forces or unit.status != "active":
        return
    _sam_engagement(state, shooter, track, turn)


def _envelope_ok(terrain: Terrain, unit: GroundUnit, launchers: Launchers, track: AirTrack) -> bool:
    """Slant range and height above the launcher both inside the system's envelope."""
    spec = launchers.spec
    ground = float(np.hypot(*(hex_km(unit.hex, terrain.hex_size_km) - track.exposure_km)))
    elevation = terrain.layer("elevation_m")
    height = track.altitude_m + float(elevation[track.hex]) - float(elevation[unit.hex])
    slant = float(np.hypot(ground, height / 1000.0))
    return (
        spec.min_range_km <= slant <= spec.max_range_km
        and spec.min_altitude_m <= height <= spec.max_altitude_m
    )


def time_in_envelope_s(track: AirTrack, max_range_km: float) -> float:
    """A track on station lingers; one passing through crosses the envelope once."""
    if track.on_station_h > 0:
        return track.on_station_h * 3600.0
    return 2.0 * max_range_km / track.air_type.speed_kmh * 3600.0


def _sam_engagement(
    state: AirDefenceState, shooter: SamShooter, track: AirTrack, turn: TurnRecord
) -> None:
    unit = shooter.unit
    target_class = track.air_type.target_class
    seen_by = {"radar": shooter.radar_sees, "ir": shooter.ir_sees}
    guides = {"radar": unit.emitting and state.systems.best_radar(unit) is not None, "ir": True}
    usable = [
        la
        for la in shooter.launchers
        if track.uid in seen_by[la.spec.guidance]
        and guides[la.spec.guidance]
        and unit.equipment.get(la.equipment, 0) > 0
        and la.spec.pk.get(target_class, 0.0) > 0
        and unit.sam_ready.get(la.equipment, 0) > 0
        and _envelope_ok(state.terrain, unit, la, track)
    ]
    if not usable or shooter.channels < 1:
        return
    launchers = max(usable, key=lambda la: la.spec.pk[target_class])
    chance = min(
        1.0, time_in_envelope_s(track, launchers.spec.max_range_km) / launchers.spec.reaction_time_s
    )
    if state.rng.random() >= chance:
        return
    shooter.channels -= 1
    shots = min(launchers.spec.salvo, unit.sam_ready[launchers.equipment])
    unit.sam_ready[launchers.equipment] -= shots
    turn.fired_sam.add(unit.uid)
    pk = launchers.spec.pk[target_class]
    fire_salvo(state, unit.side, unit.uid, unit.hex, launchers.spec.munition, shots, pk, track)


def fire_salvo(
    state: AirDefenceState,
    side: str,
    shooter: str,
    shooter_hex,
    weapon: str,
    shots: int,
    pk: float,
    track: AirTrack,
) -> bool:
    """Fire ``shots`` missiles at ``track``; log every shot; True if it came down."""
    stats = state.air_stats[side]
    hits = 0
    for _ in range(shots):
        hit = bool(state.rng.random() < pk)
        hits += hit
        stats.sam_shots += 1
        stats.sam_hits += hit
        state.log.record(
            Shot,
            side=side,
            hex=shooter_hex,
            shooter=shooter,
            weapon=weapon,
            target=track.uid,
            target_class=track.air_type.target_class,
            pk=round(pk, 4),
            hit=hit,
        )
    state.log.record(
        SamEngagement,
        side=side,
        hex=track.hex,
        shooter=shooter,
        target=track.uid,
        target_type=track.type_id,
        weapon=weapon,
        shots=shots,
        hits=hits,
    )
    if hits:
        track.spent, track.lost_cause = True, "shot down"
        state.air_stats[track.side].record_air_loss("shot down", track.type_id)
        state.log.record(
            AirKill,
            side=track.side,
            hex=track.hex,
            track=track.uid,
            air_type=track.type_id,
            by=shooter,
        )
    return hits > 0


def fighters_engage(
    state: AirDefenceState,
    fighters: list[AirTrack],
    sees: dict[str, set[str]],
    tracks: list[AirTrack],
) -> None:
    """Fighters on air patrol fire their air-to-air missiles at what their radar sees."""
    pairs = [
        (f, t)
        for f in fighters
        for t in tracks
        if t.side != f.side and t.uid in sees.get(f.uid, set())
    ]
    for i in state.rng.permutation(len(pairs)):
        fighter, track = pairs[int(i)]
        if track.spent or fighter.spent or track.landed:
            continue
        distance = float(np.hypot(*(fighter.exposure_km - track.exposure_km)))
        options = [
            (state.catalog.munitions[m].pk.get(track.air_type.target_class, 0.0), m)
            for m, n in fighter.magazine.items()
            if n > 0 and state.catalog.munitions[m].range_km >= distance
        ]
        options = [o for o in options if o[0] > 0]
        if not options:
            continue
        pk, weapon = max(options)
        fighter.magazine[weapon] -= 1
        fire_salvo(state, fighter.side, fighter.uid, fighter.hex, weapon, 1, pk, track)
