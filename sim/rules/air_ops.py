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
from typing import TYPE_CHECKING

import numpy as np

from sim.events import AirLost, Jammed, SortieLaunched, TrackLanded
from sim.rules import air_defence, sensing
from sim.rules.ew import Jamming
from sim.rules.strikes import strike_at
from sim.scenario.catalog_schema import EQUIPMENT_CATEGORIES
from sim.units.air import AirTrack, hex_km

if TYPE_CHECKING:
    from sim.model import WargameModel
    from sim.units.ground import GroundUnit


def run(model: WargameModel) -> None:
    hours = model.scenario.spec.turn_length_h
    for base in model.bases.values():
        base.release(model.turn)
    air_defence.reload(model)
    _launch(model)
    for track in model.tracks.values():
        track.fly(hours)
    airborne = [
        t for t in model.tracks.values() if not t.spent and (t.on_station_h > 0 or t.in_theatre)
    ]
    jamming = Jamming.on_the_air(model)
    _break_datalinks(model, jamming, airborne, hours)
    airborne = [t for t in airborne if not t.spent]
    shooters = _acquire(model, jamming, airborne)
    on_station = [t for t in airborne if t.on_station_h > 0]
    seen, emitting = _search(model, on_station, "eo"), _search(model, on_station, "elint")
    _ground_elint(model)
    _fight(model, jamming, shooters, airborne, on_station, seen, emitting)
    _fighters(model, jamming, [t for t in airborne if not t.spent])
    _recover(model)


# --- sorties -------------------------------------------------------------------------------


def _launch(model: WargameModel) -> None:
    for order in model.pending_sorties:
        base = model.bases[order.base]
        air_type = model.catalog.air_types[order.aircraft]
        side_ai = model.scenario.spec.sides[base.side].ai
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
            model.track_serials[prefix] += 1
            uid = f"{prefix}-{model.track_serials[prefix]}"
            model.tracks[uid] = AirTrack(
                model,
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
        model.air_stats[base.side].sorties[order.aircraft] += order.count
        model.record(
            SortieLaunched,
            side=base.side,
            hex=order.target,
            base=base.id,
            aircraft=order.aircraft,
            mission=order.mission,
            tracks=uids,
            altitude_m=order.altitude_m,
        )
    model.pending_sorties.clear()


def _break_datalinks(
    model: WargameModel, jamming: Jamming, tracks: list[AirTrack], hours: float
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
            model.side_index[side], np.array([t.exposure_km for t in mine])
        )
        for track, rate in zip(mine, hazard, strict=True):
            if rate > 0 and model.rng.random() < -math.expm1(-rate * hours):
                track.spent, track.lost_cause = True, "jammed"
                model.air_stats[side].record_air_loss("jammed", track.type_id)
                model.record(
                    Jammed, side=side, hex=track.hex, track=track.uid, air_type=track.type_id
                )


# --- air defence ---------------------------------------------------------------------------


def _acquire(
    model: WargameModel, jamming: Jamming, tracks: list[AirTrack]
) -> list[air_defence.SamShooter]:
    """Radars and IR sights look for enemy aircraft; the SAM units that could fire."""
    radar = sensing.radars_see_aircraft(model, jamming, tracks)
    for unit_id, seen in radar.items():
        sensing.report(model, model.unit(unit_id).side, {unit_id: seen}, "radar")
    shooters = air_defence.sam_shooters(model)
    infrared = sensing.ir_acquires_aircraft(model, [s.unit for s in shooters], tracks)
    for unit_id, seen in infrared.items():
        sensing.report(model, model.unit(unit_id).side, {unit_id: seen}, "eo")
    for shooter in shooters:
        shooter.radar_sees = set(radar.get(shooter.unit.uid, ()))
        shooter.ir_sees = set(infrared.get(shooter.unit.uid, ()))
    return shooters


def _fight(
    model: WargameModel,
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
    for i in model.rng.permutation(len(actions)):
        kind, first, second = actions[int(i)]
        if kind == "sam":
            air_defence.engage(model, first, second)
        elif not first.spent:
            if kind == "dive":
                _dive(model, jamming, first, second)
            else:
                _ucav_strikes(model, jamming, first)


def _fighters(model: WargameModel, jamming: Jamming, alive: list[AirTrack]) -> None:
    fighters = [t for t in alive if t.mission == "cap" and t.air_type.radar is not None]
    if fighters:
        seen = sensing.airborne_radars_see_aircraft(model, jamming, fighters, alive)
        for fighter_id, targets in seen.items():
            sensing.report(model, model.tracks[fighter_id].side, {fighter_id: targets}, "radar")
        air_defence.fighters_engage(model, fighters, seen, alive)


# --- missions ------------------------------------------------------------------------------


def _searches(track: AirTrack, sensor: str) -> bool:
    """Loitering munitions hunting radars use their seeker only; others search with all."""
    hunting_radars = track.air_type.role == "loitering" and track.mission == "sead"
    if sensor == "eo":
        return track.air_type.eo_range_km > 0 and not hunting_radars
    return track.air_type.elint_range_km > 0 and (
        track.air_type.role != "loitering" or hunting_radars
    )


def _search(model: WargameModel, tracks: list[AirTrack], sensor: str) -> sensing.Found:
    searching = [t for t in tracks if _searches(t, sensor)]
    if not searching:
        return {}
    points = sensing.air_points(model, searching)
    ids, sides = [t.uid for t in searching], [t.side for t in searching]
    if sensor == "eo":
        ranges = np.array([t.air_type.eo_range_km for t in searching])
        found = sensing.eo_sees_ground(model, ids, sides, points, ranges, slant=True)
    else:
        ranges = np.array([t.air_type.elint_range_km for t in searching])
        found = sensing.elint_finds_emitters(model, ids, sides, points, ranges)
    for track in searching:
        if track.uid in found:
            sensing.report(model, track.side, {track.uid: found[track.uid]}, sensor)
    return found


def _ground_elint(model: WargameModel) -> None:
    """Ground ELINT stations listen for enemy emitters too."""
    listeners = [
        u for u in model.units() if model.systems.elint_range_km(u) > 0 and u.status == "active"
    ]
    if not listeners:
        return
    points = sensing.ground_points(model, listeners, model.rules.air.ground_observer_height_m)
    ranges = np.array([model.systems.elint_range_km(u) for u in listeners])
    found = sensing.elint_finds_emitters(
        model, [u.uid for u in listeners], [u.side for u in listeners], points, ranges
    )
    for unit in listeners:
        if unit.uid in found:
            sensing.report(model, unit.side, {unit.uid: found[unit.uid]}, "elint")


def _rank(model: WargameModel, unit: GroundUnit, priorities: list[str]) -> int:
    categories = {model.catalog.equipment[k].category for k, n in unit.equipment.items() if n}
    ranks = [priorities.index(c) for c in categories if c in priorities]
    return min(ranks) if ranks else len(priorities)


def _dive(model: WargameModel, jamming: Jamming, track: AirTrack, found: list[str]) -> None:
    """A loitering munition picks the most wanted of the targets it found, and dives."""
    targets = [model.unit(uid) for uid in found]
    targets = [u for u in targets if u is not None and u.side != track.side]
    if not targets:
        return
    target = min(targets, key=lambda u: (_rank(model, u, track.priorities), u.uid))
    warhead = model.catalog.munitions[track.air_type.warhead]
    track.spent = True
    track.dived = True
    strike_at(model, jamming, track.side, track.uid, warhead, target.hex, target)


def _ucav_strikes(model: WargameModel, jamming: Jamming, track: AirTrack) -> None:
    """A UCAV drops on the side's current contacts in reach, most wanted first, one each."""
    contacts = model.known_enemies(track.side)
    hex_size = model.terrain.hex_size_km
    ranked = []
    for contact in contacts:
        unit = model.unit(contact.target)
        rank = (
            _rank(model, unit, track.priorities)
            if unit is not None and contact.type_id
            else (len(track.priorities))
        )
        distance = float(np.hypot(*(hex_km(contact.hex, hex_size) - track.exposure_km)))
        ranked.append((rank, distance, contact.target, contact))
    for _, distance, _, contact in sorted(ranked, key=lambda r: r[:3]):
        options = [
            (model.catalog.munitions[m], m)
            for m, n in track.magazine.items()
            if n > 0 and model.catalog.munitions[m].range_km >= distance
        ]
        if not options:
            continue
        munition, key = options[0]
        track.magazine[key] -= 1
        target = model.unit(contact.target)
        strike_at(
            model,
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


def _recover(model: WargameModel) -> None:
    hours = model.scenario.spec.turn_length_h
    for uid, track in list(model.tracks.items()):
        if track.fuel_out and not track.landed:
            track.spent = True
        if track.spent:
            if not track.dived and track.lost_cause is None:
                cause = {
                    "loitering": "spent without finding a target",
                    "decoy": "decoy flight over",
                }.get(track.air_type.role, "out of fuel")
                model.air_stats[track.side].record_air_loss(cause, track.type_id)
                model.record(
                    AirLost,
                    side=track.side,
                    hex=track.hex,
                    track=uid,
                    air_type=track.type_id,
                    cause=cause,
                )
            del model.tracks[uid]
            track.remove()
        elif track.landed:
            base = track.base
            ready = model.turn + 1 + math.ceil(track.air_type.turnaround_h / hours)
            base.servicing.append((ready, track.type_id))
            for munition, n in track.magazine.items():
                base.munitions[munition] = base.munitions.get(munition, 0) + n
            model.record(TrackLanded, side=track.side, hex=base.hex, track=uid, base=base.id)
            del model.tracks[uid]
            track.remove()
