"""Line of sight over the hex terrain, with earth curvature, for many pairs in one call.

Each sight line is sampled twice per hex along the straight line between the two hex centres.
A sample blocks the line when the ground there, plus what stands on it (trees, buildings), plus
the bulge of the earth between the two ends, rises above the straight line from the observer's
eye to the target. The bulge at distance ``d`` along a line of length ``D`` is
``d (D - d) / (2 R)`` with an effective earth radius ``R`` of 4/3 of the real one, the usual
allowance for atmospheric refraction. The observer's and the target's own hexes never block.
"""

from __future__ import annotations

import numpy as np

from sim.terrain.geometry import hex_centre, hex_distance, nearest_hex

EARTH_RADIUS_KM = 6371.0
REFRACTION_FACTOR = 4.0 / 3.0
EFFECTIVE_EARTH_RADIUS_M = EARTH_RADIUS_KM * REFRACTION_FACTOR * 1000.0
SAMPLES_PER_HEX = 2
_MAX_CELLS_PER_CHUNK = 2_000_000


def line_of_sight(
    ground_m: np.ndarray,
    obstruction_m: np.ndarray,
    hex_size_km: float,
    observer: tuple[np.ndarray, np.ndarray],
    observer_height_m: float | np.ndarray,
    target: tuple[np.ndarray, np.ndarray],
    target_height_m: float | np.ndarray,
) -> np.ndarray:
    """Whether each observer sees its target (vectorised over pairs).

    ``ground_m`` and ``obstruction_m`` are ``(cols, rows)`` arrays; ``observer`` and ``target``
    are ``(cols, rows)`` index arrays of equal length; heights are above the ground of their hex
    and may be scalars or per-pair arrays.
    """
    oc, orow = (np.atleast_1d(np.asarray(a, dtype=np.int64)) for a in observer)
    tc, trow = (np.atleast_1d(np.asarray(a, dtype=np.int64)) for a in target)
    n = oc.size
    eye = ground_m[oc, orow] + np.broadcast_to(observer_height_m, (n,))
    aim = ground_m[tc, trow] + np.broadcast_to(target_height_m, (n,))
    steps = hex_distance(oc, orow, tc, trow)
    visible = np.ones(n, dtype=bool)
    surface = ground_m + obstruction_m

    # Longest lines first, so each chunk is sized by its first (longest) pair.
    order = np.argsort(-steps, kind="stable")
    start = 0
    while start < n:
        samples = max(int(steps[order[start]]), 1) * SAMPLES_PER_HEX
        chunk = order[start : start + max(1, _MAX_CELLS_PER_CHUNK // samples)]
        visible[chunk] = _visible_chunk(
            surface,
            hex_size_km,
            oc[chunk],
            orow[chunk],
            eye[chunk],
            tc[chunk],
            trow[chunk],
            aim[chunk],
            samples,
        )
        start += chunk.size
    return visible


def _visible_chunk(surface, hex_size_km, oc, orow, eye, tc, trow, aim, samples) -> np.ndarray:
    # Each line gets its own SAMPLES_PER_HEX samples per hex step, whatever else is in the chunk,
    # so a pair's answer never depends on the batch it came in.
    own = np.maximum(hex_distance(oc, orow, tc, trow), 1) * SAMPLES_PER_HEX
    k = np.arange(1, samples)
    if k.size == 0:
        return np.ones(oc.size, dtype=bool)
    valid = k[None, :] < own[:, None]
    t = np.minimum(k[None, :] / own[:, None], 1.0)
    ox, oy = hex_centre(oc, orow)
    tx, ty = hex_centre(tc, trow)
    sx = ox[:, None] + (tx - ox)[:, None] * t
    sy = oy[:, None] + (ty - oy)[:, None] * t
    scol, srow = nearest_hex(sx, sy)
    # Lines along the ragged edge of an offset map can round just off it: keep them on.
    scol = np.clip(scol, 0, surface.shape[0] - 1)
    srow = np.clip(srow, 0, surface.shape[1] - 1)
    own_hex = ((scol == oc[:, None]) & (srow == orow[:, None])) | (
        (scol == tc[:, None]) & (srow == trow[:, None])
    )
    length_m = np.hypot(tx - ox, ty - oy) * hex_size_km * 1000.0
    along_m = length_m[:, None] * t
    bulge = along_m * (length_m[:, None] - along_m) / (2.0 * EFFECTIVE_EARTH_RADIUS_M)
    sight = eye[:, None] + (aim - eye)[:, None] * t
    blocked = (surface[scol, srow] + bulge > sight) & ~own_hex & valid
    return ~blocked.any(axis=1)


def viewshed(
    ground_m: np.ndarray,
    obstruction_m: np.ndarray,
    hex_size_km: float,
    observer: tuple[int, int],
    observer_height_m: float,
    target_height_m: float = 0.0,
    max_range_hexes: int | None = None,
) -> np.ndarray:
    """Boolean ``(cols, rows)`` map of the hexes an observer sees (targets at a given height)."""
    cols, rows = ground_m.shape
    all_cols, all_rows = np.meshgrid(np.arange(cols), np.arange(rows), indexing="ij")
    all_cols, all_rows = all_cols.ravel(), all_rows.ravel()
    in_range = np.ones(all_cols.size, dtype=bool)
    if max_range_hexes is not None:
        in_range = hex_distance(observer[0], observer[1], all_cols, all_rows) <= max_range_hexes
    result = np.zeros(cols * rows, dtype=bool)
    oc = np.full(in_range.sum(), observer[0])
    orow = np.full(in_range.sum(), observer[1])
    result[in_range] = line_of_sight(
        ground_m,
        obstruction_m,
        hex_size_km,
        (oc, orow),
        observer_height_m,
        (all_cols[in_range], all_rows[in_range]),
        target_height_m,
    )
    return result.reshape(cols, rows)
