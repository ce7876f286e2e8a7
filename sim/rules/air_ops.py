"""The air phase of a turn: sorties fly, jammers jam, radars look, air defence fires, drones
watch and strike, loitering munitions dive, and what is left comes home.

Order within the phase: launch the sorties ordered this turn; every airframe flies its turn;
datalinks break under enemy jamming; radars and IR sights look for enemy aircraft, and drones on
station search the ground (EO/IR and ELINT); then the fight itself, in a random order: each SAM
engagement of a track it sees, each loitering munition's dive on what it found, each armed
drone's drops. A munition that dives before the SAM covering its target fires may destroy that
SAM's radar or launchers first, as one that is engaged first may never dive: within a turn of
hours, neither side gets to act first. Fighters engage what is left; airframes that landed are
turned round, spent ones are struck off.

Every track is where it works: a track that spent any of the turn on station is seen, shot at
and searches from its station; one still in transit, from where it is at the end of the turn.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Protocol

import numpy as np

from sim.events import AirLost, Jammed, SortieLaunched, TrackLanded
from sim.rules import air_defence, sensing
from sim.rules.ew import Jamming
from sim.rules.strikes import StrikeState, strike_at
from sim.scenario.catalog_schema import EQUIPMENT_CATEGORIES
from sim.units.air import AirTrack, AirWar, hex_km

if TYPE_CHECKING:
    from sim.forces import Forces
    from sim.scenario.catalog import Catalog
    from sim.turn import TurnRecord
    from sim.units.ground import GroundUnit


class AirState(sensing.SensingState, StrikeState, air_defence.AirDefenceState, Protocol):
    """What the air phase reads and writes: what its sensors, strikes and air defence do, and
    the aircraft themselves."""

    @property
    def catalog(self) -> Catalog: ...

    forces: Forces
    """Strikes destroy what they hit; SAM units fire their missiles."""
    air: AirWar


def run(state: AirState, turn: TurnRecord) -> None:
    air = state.air
    hours = state.clock.turn_length_h
    for base in air.bases.values():
        base.release(state.clock.turn)
    air_defence.reload(state)
    _launch(state)
    for track in air.tracks.values():
        track.fly(hours)
    airborne = [
        t for t in air.tracks.values() if not t.spent and (t.on_station_h > 0 or t.in_theatre)
    ]
    jamming = Jamming.on_the_air(
        state.forces, state.systems, state.sides, state.terrain.hex_size_km
    )
    _break_datalinks(state, jamming, airborne, hours)
    airborne = [t for t in airborne if not t.spent]
    shooters = _acquire(state, jamming, airborne)
    on_station = [t for t in airborne if t.on_station_h > 0]
    seen = _search(state, turn, on_station, "eo")
    emitting = _search(state, turn, on_station, "elint")
    _ground_elint(state)
    _fight(state, turn, jamming, shooters, airborne, on_station, seen, emitting)
    _fighters(state, jamming, [t for t in airborne if not t.spent])
    _recover(state)


# --- sorties -------------------------------------------------------------------------------


def _launch(state: AirState) -> None:
    air = state.air
    for order in air.pending_sorties:
        base = air.bases[order.base]
        air_type = state.catalog.air_types[order.aircraft]
        side_ai = state.scenario.spec.sides[base.side].ai
        doctrine = side_ai.air if side_ai is not None else None
        priorities = list(
            order.priorities
            or (doctrine.strike_priorities if doctrine else ())
            or EQUIPMENT_CATEGORIES
        )
        uids = []
        for _ in range(order.count):
            magazine = {}
            for munition, capacity in air_type.weapons.items():
                loaded = min(capacity, base.munitions.get(munition, 0))
                if loaded:
                    magazine[munition] = loaded
                    base.munitions[munition] -= loaded
            prefix = f"{base.side}-{order.aircraft}"
            air.serials[prefix] += 1
            uid = f"{prefix}-{air.serials[prefix]}"
            air.tracks[uid] = AirTrack(
                air.owner,
                air.hex_size_km,
                uid,
                order.aircraft,
                air_type,
                base,
                order.mission,
                order.target,
                order.altitude_m,
                magazine,
                priorities,
            )
            uids.append(uid)
        state.air_stats[base.side].sorties[order.aircraft] += order.count
        state.log.record(
            SortieLaunched,
            side=base.side,
            hex=order.target,
            base=base.id,
            aircraft=order.aircraft,
            mission=order.mission,
            tracks=uids,
            altitude_m=order.altitude_m,
        )
    air.pending_sorties.clear()


def _break_datalinks(
    state: AirState, jamming: Jamming, tracks: list[AirTrack], hours: float
) -> None:
    """Drones flown over a datalink are lost at the hazard of the enemy jammers around them.
    Loitering munitions hunting radars are not: their anti-radiation seekers home on their own."""
    linked = [
        t
        for t in tracks
        if t.air_type.datalink and not (t.air_type.role == "loitering" and t.mission == "sead")
    ]
    if not linked or len(jamming.side) == 0:
        return
    for side in sorted({t.side for t in linked}):
        mine = [t for t in linked if t.side == side]
        hazard = jamming.link_hazard_at(
            state.sides.index[side], np.array([t.exposure_km for t in mine])
        )
        for track, rate in zip(mine, hazard, strict=True):
            if rate > 0 and state.rng.random() < -math.expm1(-rate * hours):
                track.spent, track.lost_cause = True, "jammed"
                state.air_stats[side].record_air_loss("jammed", track.type_id)
                state.log.record(
                    Jammed, side=side, hex=track.hex, track=track.uid, air_type=track.type_id
                )


# --- air defence ---------------------------------------------------------------------------


def _acquire(
    state: AirState, jamming: Jamming, tracks: list[AirTrack]
) -> list[air_defence.SamShooter]:
    """Radars and IR sights look for enemy aircraft; the SAM units that could fire."""
    radar = sensing.radars_see_aircraft(state, jamming, tracks)
    for unit_id, seen in radar.items():
        sensing.report(state, state.forces.unit(unit_id).side, {unit_id: seen}, "radar")
    shooters = air_defence.sam_shooters(state)
    infrared = sensing.ir_acquires_aircraft(state, [s.unit for s in shooters], tracks)
    for unit_id, seen in infrared.items():
        sensing.report(state, state.forces.unit(unit_id).side, {unit_id: seen}, "eo")
    for shooter in shooters:
        shooter.radar_sees = set(radar.get(shooter.unit.uid, ()))
        shooter.ir_sees = set(infrared.get(shooter.unit.uid, ()))
    return shooters


def _fight(
    state: AirState,
    turn: TurnRecord,
    jamming: Jamming,
    shooters: list[air_defence.SamShooter],
    airborne: list[AirTrack],
    on_station: list[AirTrack],
    seen: sensing.Found,
    emitting: sensing.Found,
) -> None:
    """SAM engagements, dives and drops, in one random order (see the module docstring)."""
    actions: list[tuple] = [("sam", s, t) for s, t in air_defence.engagements(shooters, airborne)]
    for track in on_station:
        if track.air_type.role == "loitering":
            found = emitting if track.mission == "sead" else seen
            if found.get(track.uid):
                actions.append(("dive", track, found[track.uid]))
        elif track.air_type.role == "ucav" and track.mission in ("strike", "sead"):
            actions.append(("drop", track, None))
    for i in state.rng.permutation(len(actions)):
        kind, first, second = actions[int(i)]
        if kind == "sam":
            air_defence.engage(state, first, second, turn)
        elif not first.spent:
            if kind == "dive":
                _dive(state, turn, jamming, first, second)
            else:
                _ucav_strikes(state, turn, jamming, first)


def _fighters(state: AirState, jamming: Jamming, alive: list[AirTrack]) -> None:
    fighters = [t for t in alive if t.mission == "cap" and t.air_type.radar is not None]
    if fighters:
        seen = sensing.airborne_radars_see_aircraft(state, jamming, fighters, alive)
        for fighter_id, targets in seen.items():
            side = state.air.tracks[fighter_id].side
            sensing.report(state, side, {fighter_id: targets}, "radar")
        air_defence.fighters_engage(state, fighters, seen, alive)


# --- missions ------------------------------------------------------------------------------


def _searches(track: AirTrack, sensor: str) -> bool:
    """Loitering munitions hunting radars use their seeker only; others search with all."""
    hunting_radars = track.air_type.role == "loitering" and track.mission == "sead"
    if sensor == "eo":
        return track.air_type.eo_range_km > 0 and not hunting_radars
    return track.air_type.elint_range_km > 0 and (
        track.air_type.role != "loitering" or hunting_radars
    )


def _search(
    state: AirState, turn: TurnRecord, tracks: list[AirTrack], sensor: str
) -> sensing.Found:
    searching = [t for t in tracks if _searches(t, sensor)]
    if not searching:
        return {}
    points = sensing.air_points(searching)
    ids, sides = [t.uid for t in searching], [t.side for t in searching]
    if sensor == "eo":
        ranges = np.array([t.air_type.eo_range_km for t in searching])
        found = sensing.eo_sees_ground(state, turn, ids, sides, points, ranges, slant=True)
    else:
        ranges = np.array([t.air_type.elint_range_km for t in searching])
        found = sensing.elint_finds_emitters(state, ids, sides, points, ranges)
    for track in searching:
        if track.uid in found:
            sensing.report(state, track.side, {track.uid: found[track.uid]}, sensor)
    return found


def _ground_elint(state: AirState) -> None:
    """Ground ELINT stations listen for enemy emitters too."""
    systems = state.systems
    listeners = [
        u for u in state.forces.units() if systems.elint_range_km(u) > 0 and u.status == "active"
    ]
    if not listeners:
        return
    height = state.rules.air.ground_observer_height_m
    points = sensing.ground_points(state.terrain, listeners, height)
    ranges = np.array([systems.elint_range_km(u) for u in listeners])
    found = sensing.elint_finds_emitters(
        state, [u.uid for u in listeners], [u.side for u in listeners], points, ranges
    )
    for unit in listeners:
        if unit.uid in found:
            sensing.report(state, unit.side, {unit.uid: found[unit.uid]}, "elint")


def _rank(catalog: Catalog, unit: GroundUnit, priorities: list[str]) -> int:
    categories = {catalog.equipment[k].category for k, n in unit.equipment.items() if n}
    ranks = [priorities.index(c) for c in categories if c in priorities]
    return min(ranks) if ranks else len(priorities)


def _dive(
    state: AirState, turn: TurnRecord, jamming: Jamming, track: AirTrack, found: list[str]
) -> None:
    """A loitering munition picks the most wanted of the targets it found, and dives."""
    targets = [state.forces.unit(uid) for uid in found]
    targets = [u for u in targets if u is not None and u.side != track.side]
    if not targets:
        return
    target = min(targets, key=lambda u: (_rank(state.catalog, u, track.priorities), u.uid))
    warhead = state.catalog.munitions[track.air_type.warhead]
    track.spent = True
    track.dived = True
    strike_at(state, turn, jamming, track.side, track.uid, warhead, target.hex, target)


def _ucav_strikes(state: AirState, turn: TurnRecord, jamming: Jamming, track: AirTrack) -> None:
    """A UCAV drops on the side's current contacts in reach, most wanted first, one each."""
    contacts = state.pictures.known_enemies(
        track.side, state.clock.current_turn, state.rules.air.strike_contact_max_age_h
    )
    hex_size = state.terrain.hex_size_km
    ranked = []
    for contact in contacts:
        unit = state.forces.unit(contact.target)
        rank = (
            _rank(state.catalog, unit, track.priorities)
            if unit is not None and contact.type_id
            else (len(track.priorities))
        )
        distance = float(np.hypot(*(hex_km(contact.hex, hex_size) - track.exposure_km)))
        ranked.append((rank, distance, contact.target, contact))
    for _, distance, _, contact in sorted(ranked, key=lambda r: r[:3]):
        options = [
            (state.catalog.munitions[m], m)
            for m, n in track.magazine.items()
            if n > 0 and state.catalog.munitions[m].range_km >= distance
        ]
        if not options:
            continue
        munition, key = options[0]
        track.magazine[key] -= 1
        target = state.forces.unit(contact.target)
        strike_at(
            state,
            turn,
            jamming,
            track.side,
            track.uid,
            munition,
            contact.hex,
            target if target is not None and target.hex == contact.hex else None,
        )
    if not any(track.magazine.values()):
        track.status = "returning"


# --- coming home ---------------------------------------------------------------------------


def _recover(state: AirState) -> None:
    hours = state.clock.turn_length_h
    air = state.air
    for uid, track in list(air.tracks.items()):
        if track.fuel_out and not track.landed:
            track.spent = True
        if track.spent:
            if not track.dived and track.lost_cause is None:
                cause = {
                    "loitering": "spent without finding a target",
                    "decoy": "decoy flight over",
                }.get(track.air_type.role, "out of fuel")
                state.air_stats[track.side].record_air_loss(cause, track.type_id)
                state.log.record(
                    AirLost,
                    side=track.side,
                    hex=track.hex,
                    track=uid,
                    air_type=track.type_id,
                    cause=cause,
                )
            del air.tracks[uid]
            track.remove()
        elif track.landed:
            base = track.base
            ready = state.clock.turn + 1 + math.ceil(track.air_type.turnaround_h / hours)
            base.servicing.append((ready, track.type_id))
            for munition, n in track.magazine.items():
                base.munitions[munition] = base.munitions.get(munition, 0) + n
            state.log.record(TrackLanded, side=track.side, hex=base.hex, track=uid, base=base.id)
            del air.tracks[uid]
            track.remove()
