"""Detection: which sensors see which targets this turn, for all pairs at once.

Every sensor has a range ``R50`` at which it sees a given target with probability one half in a
turn; the probability at distance ``d`` is

    ``p = p_max / (1 + (d / R50) ** steepness)``

and a target behind terrain or the earth's bulge (the core's line of sight) is not seen at all.
What sets ``R50`` depends on the sensor:

* radar: ``range_km_1m2 * rcs_m2 ** (1/4)`` (the radar equation), times any jamming factor; air
  targets lower above the ground than the radar's clutter floor are not seen;
* EO/IR against ground units: ``eo_range_km * sqrt(signature) * (1 - concealment)`` times day or
  night and weather; the signature grows when a unit moves or fires and shrinks when dug in;
* IR acquisition of aircraft: ``acquisition_range_km * sqrt(ir_signature)``;
* passive RF (ELINT, anti-radiation seekers): ``elint_range_km`` against any emitting radar.

Candidate pairs come from a k-d tree over positions in km, so the work grows with the pairs that
are close enough to matter, not with all pairs. Draws come from the model's generator, one per
candidate pair in a fixed order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from sim.terrain.los import line_of_sight

NEGLIGIBLE = 1e-3
"""Pairs less likely than this to be seen are not worth a line-of-sight computation."""


def probability(
    distance_km: np.ndarray, range50_km: np.ndarray, p_max: float, steepness: float
) -> np.ndarray:
    """Chance of detection in a turn at ``distance_km`` for a sensor-target range ``range50_km``."""
    distance_km, range50_km = np.broadcast_arrays(
        np.asarray(distance_km, dtype=float), np.asarray(range50_km, dtype=float)
    )
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = np.where(range50_km > 0, distance_km / range50_km, np.inf)
        return np.where(np.isfinite(ratio), p_max / (1.0 + ratio**steepness), 0.0)


def reach_for(range50_km: np.ndarray, p_max: float, steepness: float) -> np.ndarray:
    """Distance beyond which detection is less likely than :data:`NEGLIGIBLE`."""
    return np.asarray(range50_km, dtype=float) * max(p_max / NEGLIGIBLE - 1.0, 1.0) ** (
        1.0 / steepness
    )


def pairs_within(
    sensors_km: np.ndarray, targets_km: np.ndarray, radius_km: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(sensor, target) index pairs closer than each sensor's radius, in a fixed order."""
    sensors_km = np.asarray(sensors_km, dtype=float).reshape(-1, 2)
    targets_km = np.asarray(targets_km, dtype=float).reshape(-1, 2)
    if len(sensors_km) == 0 or len(targets_km) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    radius = np.broadcast_to(np.asarray(radius_km, dtype=float), (len(sensors_km),))
    tree = cKDTree(targets_km)
    hits = tree.query_ball_point(sensors_km, r=radius, return_sorted=True)
    counts = np.array([len(h) for h in hits], dtype=np.int64)
    sensor_index = np.repeat(np.arange(len(sensors_km)), counts)
    target_index = (
        np.concatenate([np.asarray(h, dtype=np.int64) for h in hits])
        if counts.sum()
        else np.zeros(0, dtype=np.int64)
    )
    return sensor_index, target_index


@dataclass(frozen=True)
class LosTerrain:
    """The arrays line of sight needs (a slice of the model's terrain)."""

    ground_m: np.ndarray
    obstruction_m: np.ndarray
    hex_size_km: float


@dataclass(frozen=True)
class Points:
    """Sensors or targets: where they are and how high above the ground."""

    km: np.ndarray
    """(n, 2) positions east and south of hex [0, 0], in km."""
    hexes: np.ndarray
    """(n, 2) the hexes they are in."""
    height_m: np.ndarray
    """(n,) height above the ground of their hex."""

    def __len__(self) -> int:
        return len(self.km)


def detect_pairs(
    rng: np.random.Generator,
    terrain: LosTerrain,
    sensors: Points,
    targets: Points,
    search_km: np.ndarray,
    pair_range50,
    p_max: float,
    steepness: float,
    slant: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Detected (sensor, target) index pairs, with one draw per candidate pair.

    ``search_km`` bounds each sensor's search (horizontal distance); ``pair_range50(s, t)``
    returns ``R50`` for arrays of sensor and target indices. ``slant``: distances include the
    difference in height (aircraft), otherwise only the ground distance counts.
    """
    s, t = pairs_within(sensors.km, targets.km, search_km)
    if s.size == 0:
        return s, t
    ground = np.hypot(*(sensors.km[s] - targets.km[t]).T)
    distance = ground
    if slant:
        rise = (_altitude(terrain, sensors, s) - _altitude(terrain, targets, t)) / 1000.0
        distance = np.hypot(ground, rise)
    p = probability(distance, pair_range50(s, t), p_max, steepness)
    draws = rng.random(s.size)
    keep = (draws < p) & (p >= NEGLIGIBLE)
    s, t = s[keep], t[keep]
    if s.size:
        seen = line_of_sight(
            terrain.ground_m,
            terrain.obstruction_m,
            terrain.hex_size_km,
            (sensors.hexes[s, 0], sensors.hexes[s, 1]),
            sensors.height_m[s],
            (targets.hexes[t, 0], targets.hexes[t, 1]),
            targets.height_m[t],
        )
        s, t = s[seen], t[seen]
    return s, t


def _altitude(terrain: LosTerrain, points: Points, index: np.ndarray) -> np.ndarray:
    hexes = points.hexes[index]
    return terrain.ground_m[hexes[:, 0], hexes[:, 1]] + points.height_m[index]
