"""Build a scenario's terrain files from a control file of named features.

    python tools/build_terrain.py assets/terrain/southern_flank_2020/control.yaml

Real elevation models are not shipped with the project (see tools/import_dem.py for users who
have one). Instead, the historical maps are documented schematics: a control file lists spot
heights (towns, summits, valley floors), ridge and valley lines, rivers, lakes, towns, forest
zones and foreign territory, each with its source, and this tool turns them into the heightmap
and terrain-class files a scenario references. Everything is computed from the control file, so
the same file always gives the same map.

How the map is made:

* **Elevation**: a thin-plate-spline surface through every spot height and through points every
  kilometre along ridge and valley lines, clipped to the range of the control heights (a spline
  overshoots between far-apart points). Rivers then cut their hexes down to the lower of the
  surface and the river's own profile.
* **Classes**, in order, each overriding the one before: plain, hills and mountains by elevation
  thresholds and local relief; forest inside forest zones between their heights; towns around
  town points; foreign territory (impassable) inside foreign polygons; rivers along river lines
  (a border river stays a river); water inside lakes.

The control file format is documented in docs/terrain-control.md.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np
from scipy.interpolate import RBFInterpolator
from scipy.ndimage import maximum_filter, minimum_filter

from sim.errors import InputError
from sim.scenario.yaml_source import load_yaml
from sim.terrain.files import write_class_map, write_heightmap
from sim.terrain.geometry import GeoReference, hex_centre, inside_polygon

SYMBOLS = [".", "h", "m", "f", "u", "r", "w", "x"]
"""Terrain-class symbols of the standard catalog, in the order of their indices here."""
PLAIN, HILLS, MOUNTAINS, FOREST, URBAN, RIVER, WATER, FOREIGN = range(len(SYMBOLS))
LINE_SAMPLE_KM = 1.0
"""Spacing of the control points placed along ridge, valley and river lines."""


class Grid:
    """Hex centres of the map, in km and in degrees."""

    def __init__(self, spec: dict):
        self.cols, self.rows = spec["size"]
        self.geo = GeoReference(spec["origin"]["lat"], spec["origin"]["lon"], spec["hex_size_km"])
        col, row = np.meshgrid(np.arange(self.cols), np.arange(self.rows), indexing="ij")
        x, y = hex_centre(col, row)
        self.km = np.stack([x * self.geo.hex_size_km, y * self.geo.hex_size_km], axis=-1)

    def to_km(self, lat, lon) -> np.ndarray:
        """Positions in degrees to km east and south of the origin (the grid's own frame)."""
        km_per_lon = 111.320 * np.cos(np.radians(self.geo.origin_lat))
        east = (np.asarray(lon, dtype=float) - self.geo.origin_lon) * km_per_lon
        south = (self.geo.origin_lat - np.asarray(lat, dtype=float)) * 110.574
        return np.stack([east, south], axis=-1)


def _densify(path_km: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Points every LINE_SAMPLE_KM along a polyline, with values interpolated between vertices."""
    points, sampled = [path_km[:1]], [values[:1]]
    for a, b, va, vb in zip(path_km[:-1], path_km[1:], values[:-1], values[1:], strict=True):
        n = max(1, int(np.ceil(np.hypot(*(b - a)) / LINE_SAMPLE_KM)))
        t = np.linspace(0, 1, n + 1)[1:]
        points.append(a + (b - a) * t[:, None])
        sampled.append(va + (vb - va) * t)
    return np.concatenate(points), np.concatenate(sampled)


def _line(grid: Grid, feature: dict) -> tuple[np.ndarray, np.ndarray]:
    """A ridge, valley or river: its path in km and the elevation at each vertex."""
    path = np.asarray(feature["path"], dtype=float)
    km = grid.to_km(path[:, 0], path[:, 1])
    heights = path[:, 2] if path.shape[1] > 2 else np.full(len(path), np.nan)
    return km, heights


def elevation(grid: Grid, control: dict) -> np.ndarray:
    """The (cols, rows) heightmap through every control height."""
    points, heights = [], []
    for spot in control.get("spot_heights", []):
        points.append(grid.to_km(spot["lat"], spot["lon"])[None, :])
        heights.append([spot["elevation_m"]])
    for line in control.get("ridges", []) + control.get("valleys", []):
        km, values = _line(grid, line)
        km, values = _densify(km, values)
        points.append(km)
        heights.append(values)
    points_km = np.concatenate(points)
    values = np.concatenate([np.asarray(h, dtype=float) for h in heights])
    surface = RBFInterpolator(
        points_km, values, kernel="thin_plate_spline", smoothing=control.get("smoothing", 1.0)
    )
    flat = surface(grid.km.reshape(-1, 2)).reshape(grid.cols, grid.rows)
    return np.clip(flat, values.min(), values.max())


def _near_line(grid: Grid, km: np.ndarray, width_km: float) -> np.ndarray:
    """Hexes whose centre lies within ``width_km / 2`` of a polyline."""
    centres = grid.km.reshape(-1, 2)
    nearest = np.full(len(centres), np.inf)
    for a, b in itertools.pairwise(km):
        ab = b - a
        t = np.clip(((centres - a) @ ab) / max(ab @ ab, 1e-12), 0, 1)
        nearest = np.minimum(nearest, np.hypot(*(centres - (a + t[:, None] * ab)).T))
    return (nearest <= max(width_km / 2, grid.geo.hex_size_km * 0.55)).reshape(grid.cols, grid.rows)


def _inside(grid: Grid, polygon: list) -> np.ndarray:
    """Hexes whose centre lies inside a polygon given as [[lat, lon], ...] (even-odd rule)."""
    poly = grid.to_km([p[0] for p in polygon], [p[1] for p in polygon])
    return inside_polygon(grid.km[..., 0], grid.km[..., 1], poly[:, 0], poly[:, 1])


def classes(grid: Grid, control: dict, height: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(class indices, heights with rivers cut in), both (cols, rows)."""
    rules = control["classes"]
    relief = maximum_filter(height, size=3) - minimum_filter(height, size=3)
    result = np.full(height.shape, PLAIN, dtype=int)
    result[(height >= rules["hills_above_m"]) | (relief >= rules["hills_relief_m"])] = HILLS
    result[(height >= rules["mountains_above_m"]) | (relief >= rules["mountains_relief_m"])] = (
        MOUNTAINS
    )
    for zone in control.get("forests", []):
        inside = _inside(grid, zone["polygon"])
        band = (height >= zone.get("from_m", -1e9)) & (height <= zone.get("to_m", 1e9))
        result[inside & band] = FOREST
    for town in control.get("towns", []):
        centre = grid.to_km(town["lat"], town["lon"])
        near = np.hypot(*(grid.km - centre).transpose(2, 0, 1)) <= town.get("radius_km", 0.6)
        result[near] = URBAN
    for area in control.get("foreign", []):
        result[_inside(grid, area["polygon"])] = FOREIGN
    height = height.copy()
    for river in control.get("rivers", []):
        km, profile = _line(grid, river)
        on = _near_line(grid, km, river.get("width_km", 0.0))
        if not np.isnan(profile).any():
            dense_km, dense_h = _densify(km, profile)
            nearest = np.argmin(
                np.hypot(*(grid.km[on][:, None, :] - dense_km[None]).transpose(2, 0, 1)), axis=1
            )
            height[on] = np.minimum(height[on], dense_h[nearest])
        result[on] = RIVER
    for lake in control.get("lakes", []):
        inside = _inside(grid, lake["polygon"])
        result[inside] = WATER
        height[inside] = lake["elevation_m"]
    return result, height


def build(control_path: Path) -> tuple[np.ndarray, np.ndarray]:
    """(elevation, classes) of the control file; :class:`InputError` if it is malformed."""
    doc = load_yaml(control_path, what="control file")
    control = doc.data
    for section in ("grid", "classes"):
        if section not in control:
            raise InputError.single(control_path, f"missing section '{section}'")
    grid = Grid(control["grid"])
    surface = elevation(grid, control)
    terrain, surface = classes(grid, control, surface)
    return surface, terrain


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("control", type=Path, help="control file (YAML)")
    args = parser.parse_args(argv)
    try:
        surface, terrain = build(args.control)
    except InputError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    except (KeyError, TypeError, ValueError) as exc:
        print(
            f"error: {args.control}: malformed feature ({exc!r}); see docs/terrain-control.md",
            file=sys.stderr,
        )
        return 2
    out = args.control.parent
    write_heightmap(out / "elevation.txt", surface)
    write_class_map(out / "terrain.txt", terrain, SYMBOLS)
    counts = {SYMBOLS[i]: int((terrain == i).sum()) for i in range(len(SYMBOLS))}
    print(
        f"wrote {out / 'elevation.txt'} and {out / 'terrain.txt'} "
        f"({terrain.shape[0]} x {terrain.shape[1]} hexes; {counts}; "
        f"elevation {surface.min():.0f}..{surface.max():.0f} m)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
