"""The model's sensors against its targets: radars, IR acquisition, EO/IR, ELINT, observers.

Each function gathers one kind of sensor and one kind of target from the game state, computes every
pair's 50% range (:mod:`sim.rules.detection` gives the formulas), draws the detections and
returns them as ``{sensor id: [target ids]}``, in a fixed order. :func:`report` writes detections
into the observing side's picture and logs new contacts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

import numpy as np

from sim.events import ContactDetected, EventLog
from sim.rules import detection
from sim.rules.ew import Jamming
from sim.terrain.geometry import hex_centre
from sim.units.air import AirTrack
from sim.units.ground import GroundUnit

if TYPE_CHECKING:
    from sim.clock import Clock
    from sim.forces import Forces
    from sim.picture import Picture, Pictures
    from sim.rules.power import PowerRatings
    from sim.rules.scripted import ActiveWeather
    from sim.scenario.catalog_schema import Rules
    from sim.scenario.scenario import Scenario
    from sim.sides import Sides
    from sim.terrain.terrain import Terrain
    from sim.turn import TurnRecord
    from sim.units.air import AirWar
    from sim.units.systems import Systems

Found = dict[str, list[str]]
MIN_FLIGHT_AGL_M = 10.0
"""Lowest height above the ground a track is treated as flying at (line of sight needs air)."""


class SensingState(Protocol):
    """What sensors read, and what their detections write: the pictures, and new contacts
    in the log. (Observation at the end of a turn reads and writes exactly this.)"""

    @property
    def rules(self) -> Rules: ...
    @property
    def scenario(self) -> Scenario: ...
    @property
    def clock(self) -> Clock: ...
    @property
    def sides(self) -> Sides: ...
    @property
    def terrain(self) -> Terrain: ...
    @property
    def systems(self) -> Systems: ...
    @property
    def ratings(self) -> PowerRatings: ...
    @property
    def forces(self) -> Forces: ...
    @property
    def air(self) -> AirWar: ...
    @property
    def weather(self) -> list[ActiveWeather]: ...

    pictures: Pictures
    rng: np.random.Generator
    log: EventLog


def _los_terrain(terrain: Terrain) -> detection.LosTerrain:
    return detection.LosTerrain(
        terrain.layer("elevation_m"), terrain.layer("obstruction_m"), terrain.hex_size_km
    )


def ground_points(terrain: Terrain, units: Sequence[GroundUnit], height_m) -> detection.Points:
    """Ground units at the centres of their hexes, ``height_m`` above the ground."""
    hexes = np.array([u.hex for u in units], dtype=np.int64).reshape(-1, 2)
    x, y = hex_centre(hexes[:, 0], hexes[:, 1])
    km = np.stack([x, y], axis=1) * terrain.hex_size_km
    return detection.Points(
        km, hexes, np.broadcast_to(np.asarray(height_m, float), (len(units),)).copy()
    )


def air_points(tracks: Sequence[AirTrack]) -> detection.Points:
    """Air tracks at their height above the ground they fly over."""
    hexes = np.array([t.hex for t in tracks], dtype=np.int64).reshape(-1, 2)
    km = np.array([t.exposure_km for t in tracks]).reshape(-1, 2)
    altitude = np.array([t.altitude_m for t in tracks], dtype=float)
    return detection.Points(km, hexes, np.maximum(altitude, MIN_FLIGHT_AGL_M))


def eo_factor(state: SensingState) -> float:
    """Daylight and weather for EO/IR sensors at the middle of this turn."""
    factor = 1.0
    middle = state.clock.time + dt.timedelta(hours=state.clock.turn_length_h / 2)
    if state.scenario.daylight_at(middle) is False:
        factor *= state.rules.air.night_eo_factor
    for weather in state.weather:
        factor *= weather.eo_factor
    return factor


def _run(
    state: SensingState,
    sensors: detection.Points,
    targets: detection.Points,
    range50,
    search_km,
    slant: bool,
) -> tuple[np.ndarray, np.ndarray]:
    air = state.rules.air
    return detection.detect_pairs(
        state.rng,
        _los_terrain(state.terrain),
        sensors,
        targets,
        search_km,
        range50,
        air.detection_max_probability,
        air.detection_steepness,
        slant=slant,
    )


def _search(state: SensingState, range50_max: np.ndarray) -> np.ndarray:
    air = state.rules.air
    return detection.reach_for(range50_max, air.detection_max_probability, air.detection_steepness)


def _collect(sensor_ids: list[str], target_ids: list[str], s: np.ndarray, t: np.ndarray) -> Found:
    found: Found = {}
    for i, j in zip(s.tolist(), t.tolist(), strict=True):
        found.setdefault(sensor_ids[i], []).append(target_ids[j])
    return found


def _sides(sides: Sides, things: Sequence) -> np.ndarray:
    """Side index of each unit or track (or side name), to test pairs for enmity at once."""
    return np.array(
        [sides.index[x if isinstance(x, str) else x.side] for x in things], dtype=np.int64
    )


def radar_jamming(jamming: Jamming, sides: np.ndarray, km: np.ndarray) -> np.ndarray:
    """Range factor left to each radar by the enemy jammers covering it."""
    factor = np.ones(len(sides))
    for side in np.unique(sides):
        mine = sides == side
        factor[mine] = jamming.radar_factor_at(int(side), km[mine])
    return factor


def radars_see_aircraft(state: SensingState, jamming: Jamming, tracks: list[AirTrack]) -> Found:
    """Emitting ground radars against enemy air tracks: the radar equation, jamming, clutter."""
    systems = state.systems
    radars = [
        (u, systems.best_radar(u))
        for u in state.forces.units()
        if systems.is_emitting(u) and systems.best_radar(u) is not None
    ]
    if not radars or not tracks:
        return {}
    units = [u for u, _ in radars]
    sensors = ground_points(state.terrain, units, [r.antenna_height_m for _, r in radars])
    targets = air_points(tracks)
    base = np.array([r.range_km_1m2 for _, r in radars])
    jam = radar_jamming(jamming, _sides(state.sides, units), sensors.km)
    floor = np.array([r.min_altitude_m for _, r in radars])
    rcs = np.array([t.air_type.rcs_m2 for t in tracks])
    own, their = _sides(state.sides, units), _sides(state.sides, tracks)
    hostile = state.sides.hostile

    def range50(s, t):
        clear = targets.height_m[t] >= floor[s]
        return np.where((hostile[own[s], their[t]]) & clear, base[s] * jam[s] * rcs[t] ** 0.25, 0.0)

    s, t = _run(
        state, sensors, targets, range50, _search(state, base * jam * rcs.max() ** 0.25), slant=True
    )
    return _collect([u.uid for u in units], [x.uid for x in tracks], s, t)


def airborne_radars_see_aircraft(
    state: SensingState, jamming: Jamming, fighters: list[AirTrack], tracks: list[AirTrack]
) -> Found:
    """Fighters' radars against enemy air tracks."""
    if not fighters or not tracks:
        return {}
    sensors = air_points(fighters)
    targets = air_points(tracks)
    base = np.array([f.air_type.radar.range_km_1m2 for f in fighters])
    jam = radar_jamming(jamming, _sides(state.sides, fighters), sensors.km)
    rcs = np.array([t.air_type.rcs_m2 for t in tracks])
    own, their = _sides(state.sides, fighters), _sides(state.sides, tracks)
    hostile = state.sides.hostile

    def range50(s, t):
        return np.where(hostile[own[s], their[t]], base[s] * jam[s] * rcs[t] ** 0.25, 0.0)

    s, t = _run(
        state, sensors, targets, range50, _search(state, base * jam * rcs.max() ** 0.25), slant=True
    )
    return _collect([f.uid for f in fighters], [x.uid for x in tracks], s, t)


def ir_acquires_aircraft(
    state: SensingState, units: list[GroundUnit], tracks: list[AirTrack]
) -> Found:
    """IR SAMs' own acquisition: no emission, short range, hot and big targets first."""
    shooters = []
    for unit in units:
        ranges = [
            la.spec.acquisition_range_km
            for la in state.systems.launchers(unit)
            if la.spec.guidance == "ir"
        ]
        if ranges:
            shooters.append((unit, max(ranges)))
    if not shooters or not tracks:
        return {}
    units = [u for u, _ in shooters]
    sensors = ground_points(state.terrain, units, state.rules.air.ground_observer_height_m)
    targets = air_points(tracks)
    base = np.array([r for _, r in shooters]) * eo_factor(state)
    ir = np.array([t.air_type.ir_signature for t in tracks])
    own, their = _sides(state.sides, units), _sides(state.sides, tracks)
    hostile = state.sides.hostile

    def range50(s, t):
        return np.where(hostile[own[s], their[t]], base[s] * np.sqrt(ir[t]), 0.0)

    s, t = _run(
        state, sensors, targets, range50, _search(state, base * np.sqrt(ir.max())), slant=True
    )
    return _collect([u.uid for u in units], [x.uid for x in tracks], s, t)


def signature(rules: Rules, unit: GroundUnit, turn: TurnRecord) -> float:
    """How visible a ground unit is now: its type, its posture, whether it fired this turn."""
    air = rules.air
    return (
        unit.unit_type.signature
        * air.posture_signature[unit.posture]
        * (air.firing_signature_factor if turn.fired(unit.uid) else 1.0)
    )


def eo_sees_ground(
    state: SensingState,
    turn: TurnRecord,
    sensor_ids: list[str],
    sides: list[str],
    sensors: detection.Points,
    eo_range_km: np.ndarray,
    slant: bool,
) -> Found:
    """EO/IR sensors (drones, observers) against enemy ground units in their range."""
    units = state.forces.units()
    if not sensor_ids or not units:
        return {}
    targets = ground_points(state.terrain, units, state.rules.air.ground_target_height_m)
    concealment = state.terrain.layer("concealment")[targets.hexes[:, 0], targets.hexes[:, 1]]
    sig = np.array([signature(state.rules, u, turn) for u in units])
    own, their = _sides(state.sides, sides), _sides(state.sides, units)
    base = np.asarray(eo_range_km, dtype=float) * eo_factor(state)
    hostile = state.sides.hostile

    def range50(s, t):
        visible = base[s] * np.sqrt(sig[t]) * (1 - concealment[t])
        return np.where(hostile[own[s], their[t]], visible, 0.0)

    s, t = _run(
        state, sensors, targets, range50, _search(state, base * np.sqrt(sig.max())), slant=slant
    )
    return _collect(sensor_ids, [u.uid for u in units], s, t)


def elint_finds_emitters(
    state: SensingState,
    sensor_ids: list[str],
    sides: list[str],
    sensors: detection.Points,
    elint_range_km: np.ndarray,
) -> Found:
    """Passive RF against enemy radars and jammers that are emitting."""
    systems = state.systems
    emitters = [u for u in state.forces.units() if systems.is_emitting(u)]
    if not sensor_ids or not emitters:
        return {}
    heights = [
        (
            systems.best_radar(u).antenna_height_m
            if systems.best_radar(u)
            else state.rules.air.ground_target_height_m
        )
        for u in emitters
    ]
    targets = ground_points(state.terrain, emitters, heights)
    own, their = _sides(state.sides, sides), _sides(state.sides, emitters)
    base = np.asarray(elint_range_km, dtype=float)
    hostile = state.sides.hostile

    def range50(s, t):
        return np.where(hostile[own[s], their[t]], base[s], 0.0)

    s, t = _run(state, sensors, targets, range50, _search(state, base), slant=True)
    return _collect(sensor_ids, [u.uid for u in emitters], s, t)


def report(state: SensingState, side: str, found: Found, sensor: str) -> None:
    """Write detections into ``side``'s picture; log contacts that are new to it."""
    picture = state.pictures[side]
    identify = state.rules.air.identify_probability[sensor]
    for targets in found.values():
        for target_id in targets:
            _observe(state, picture, side, target_id, sensor, identify)


def _observe(
    state: SensingState, picture: Picture, side: str, target_id: str, sensor: str, identify: float
) -> None:
    turn = state.clock.turn
    unit = state.forces.unit(target_id)
    identified = bool(state.rng.random() < identify)
    if unit is not None:
        kind = "emitter" if sensor == "elint" else "ground"
        category = (
            unit.unit_type.role
            if identified
            else ("emitter" if kind == "emitter" else "ground unit")
        )
        new = picture.observe(
            turn,
            target_id,
            kind,
            unit.hex,
            category,
            sensor,
            type_id=unit.type_id if identified else None,
            seen=unit.strength(),
        )
        hex_, altitude = unit.hex, None
    else:
        track = state.air.tracks.get(target_id)
        if track is None:
            return
        category = track.air_type.role if identified else track.air_type.target_class
        new = picture.observe(
            turn,
            target_id,
            "air",
            track.hex,
            category,
            sensor,
            type_id=track.type_id if identified else None,
            altitude_m=track.altitude_m,
        )
        hex_, altitude = track.hex, track.altitude_m
    if new:
        contact = picture.get(target_id)
        state.log.record(
            ContactDetected,
            side=side,
            hex=hex_,
            target=target_id,
            sensor=sensor,
            contact_kind=contact.kind,
            category=contact.category,
            identified_as=contact.type_id,
            altitude_m=altitude,
        )
