"""Air bases, and the aircraft, drones and loitering munitions that fly from them.

A base holds airframes (ready, or being turned round after a sortie) and the munitions to arm
them. A sortie puts airframes in the air as :class:`AirTrack` agents, one per airframe: they fly
to a station, work there until their endurance (or magazine, or target) says otherwise, and fly
home, or, one-way types, end where they dive or run dry. Positions are in km east and south of
the centre of hex [0, 0]; a base beyond the map's edge adds its distance off the map to every
leg, flown where no one on the map can see or shoot.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import mesa
import numpy as np

from sim.scenario.air_schema import AirType
from sim.terrain.geometry import Hex, hex_centre, nearest_hex

if TYPE_CHECKING:
    from sim.orders import Sortie, Strike

Mission = Literal["isr", "strike", "sead", "decoy", "cap"]
TrackStatus = Literal["outbound", "on_station", "returning"]


def hex_km(hex_: Hex, hex_size_km: float) -> np.ndarray:
    x, y = hex_centre(hex_[0], hex_[1])
    return np.array([float(x), float(y)]) * hex_size_km


def km_hex(km: np.ndarray, hex_size_km: float) -> Hex:
    col, row = nearest_hex(km[0] / hex_size_km, km[1] / hex_size_km)
    return int(col), int(row)


@dataclass
class AirBase:
    """Airframes and munitions of one base."""

    id: str
    name: str
    side: str
    hex: Hex
    km: np.ndarray
    offmap_km: float
    ready: dict[str, int]
    munitions: dict[str, int]
    servicing: list[tuple[int, str]] = field(default_factory=list)
    """(turn from which it is ready again, air type) of airframes back from a sortie."""

    def release(self, turn: int) -> None:
        """Airframes whose turnaround is over are ready again."""
        still = []
        for ready_turn, type_id in self.servicing:
            if ready_turn <= turn:
                self.ready[type_id] = self.ready.get(type_id, 0) + 1
            else:
                still.append((ready_turn, type_id))
        self.servicing = still


class AirTrack(mesa.Agent):
    """One airframe in the air: where it is, what it is doing, what it has left."""

    def __init__(
        self,
        model: mesa.Model,
        hex_size_km: float,
        uid: str,
        air_type_id: str,
        air_type: AirType,
        base: AirBase,
        mission: Mission,
        station: Hex,
        altitude_m: float,
        magazine: dict[str, int],
        priorities: list[str],
    ):
        super().__init__(model)
        self.uid = uid
        self.side = base.side
        self.type_id = air_type_id
        self.air_type = air_type
        self.base = base
        self.mission: Mission = mission
        self.station = station
        self.hex_size_km = hex_size_km
        self.station_km = hex_km(station, hex_size_km)
        self.altitude_m = altitude_m
        self.magazine = magazine
        self.priorities = priorities
        self.km = base.km.copy()
        self.offmap_left_km = base.offmap_km
        self.status: TrackStatus = "outbound"
        self.airborne_h = 0.0
        self.on_station_h = 0.0
        self.exposure_km = self.km.copy()
        self.landed = False
        self.spent = False
        """Out of the air: dived on a target, shot down, jammed, or out of fuel."""
        self.dived = False
        self.fuel_out = False
        """Its endurance ran out this turn: it still flew part of it, and ends after the phase."""
        self.lost_cause: str | None = None
        """Set when it is shot down or jammed (those are logged as they happen)."""

    @property
    def in_theatre(self) -> bool:
        """Over the map this turn, where sensors can see it and weapons reach it."""
        return not self.landed and self.offmap_left_km <= 1e-9

    @property
    def hex(self) -> Hex:
        return km_hex(self.exposure_km, self.hex_size_km)

    def fly(self, hours: float) -> None:
        """Fly for ``hours``: to the station, on station, home; update position and endurance."""
        speed = self.air_type.speed_kmh
        endurance = self.air_type.endurance_h
        self.on_station_h = 0.0
        elapsed = 0.0
        while elapsed < hours - 1e-9 and not (self.landed or self.spent or self.fuel_out):
            left = endurance - self.airborne_h
            if left <= 1e-9:
                self.fuel_out = True
                break
            budget = min(hours - elapsed, left)
            if self.status == "outbound":
                used = self._travel(self.station_km, budget, speed, outbound=True)
                if self._at(self.station_km) and self.offmap_left_km <= 1e-9:
                    self.status = "on_station"
            elif self.status == "on_station":
                linger = budget if self.air_type.one_way else min(budget, left - self.time_home)
                if linger <= 1e-9:
                    self.status = "returning"
                    continue
                used = linger
                self.on_station_h += linger
            else:
                used = self._travel(self.base.km, budget, speed, outbound=False)
            elapsed += used
            self.airborne_h += used
        self.exposure_km = self.station_km.copy() if self.on_station_h > 0 else self.km.copy()

    @property
    def time_home(self) -> float:
        distance = float(np.hypot(*(self.base.km - self.km))) + self.base.offmap_km
        return distance / self.air_type.speed_kmh

    def _at(self, point: np.ndarray) -> bool:
        return bool(np.hypot(*(point - self.km)) <= 1e-6)

    def _travel(self, goal: np.ndarray, hours: float, speed: float, outbound: bool) -> float:
        """Move toward ``goal`` (off the map first when leaving, last when coming home)."""
        reach = speed * hours
        used_km = 0.0
        if outbound and self.offmap_left_km > 0:
            step = min(reach, self.offmap_left_km)
            self.offmap_left_km -= step
            used_km += step
        distance = float(np.hypot(*(goal - self.km)))
        if reach - used_km > 0 and distance > 0:
            step = min(reach - used_km, distance)
            self.km = self.km + (goal - self.km) * (step / distance)
            used_km += step
        if not outbound and self._at(goal) and reach - used_km > 0:
            if self.offmap_left_km <= 0 and self.base.offmap_km > 0 and not self.landed:
                self.offmap_left_km = self.base.offmap_km
            step = min(reach - used_km, self.offmap_left_km)
            self.offmap_left_km -= step
            used_km += step
            if self.offmap_left_km <= 1e-9:
                self.landed = True
        return used_km / speed


class AirWar:
    """Each side's air bases, the airframes in the air, and the sorties and missile strikes
    ordered for the coming turn."""

    def __init__(self, owner: mesa.Model, hex_size_km: float, bases: dict[str, AirBase]):
        self.owner = owner
        """The Mesa model the track agents belong to."""
        self.hex_size_km = hex_size_km
        self.bases = bases
        self.tracks: dict[str, AirTrack] = {}
        self.serials: Counter[str] = Counter()
        """Airframes launched so far, by side and type: numbers each new track's id."""
        self.pending_sorties: list[Sortie] = []
        self.pending_strikes: list[Strike] = []

    def bases_of(self, side: str) -> list[AirBase]:
        return [b for b in self.bases.values() if b.side == side]
