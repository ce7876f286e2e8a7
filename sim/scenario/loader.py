"""Loading a scenario file into a :class:`Scenario`, or reporting everything wrong with it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from sim.errors import InputError, Problem
from sim.scenario.catalog import Catalog, load_catalog
from sim.scenario.crossref import CrossReferenceCheck
from sim.scenario.overrides import Override, apply_override, from_mapping, split_overrides
from sim.scenario.scenario import Scenario, resolve_position
from sim.scenario.schema import GeoPosition, ScenarioSpec
from sim.scenario.validation import validate_document
from sim.scenario.what_ifs import active_what_if_overrides, check_switches
from sim.scenario.yaml_source import YamlDocument, load_yaml
from sim.terrain.data import RestrictedTrace, RoadTrace, TerrainData
from sim.terrain.files import read_class_map, read_heightmap
from sim.terrain.geometry import GeoReference, Hex, hex_centre, inside_polygon


def load_scenario(
    path: str | Path,
    overrides: Mapping[str, Any] | None = None,
    origins: Mapping[str, str] | None = None,
) -> Scenario:
    """Read, override, validate and resolve a scenario; raise :class:`InputError` if it is bad.

    ``overrides`` maps dotted keys to values, as ``--set`` gives them (see
    :mod:`sim.scenario.overrides`); ``origins`` names the option of a key given otherwise
    (``--sweep``), for messages.
    """
    path = Path(path)
    overrides = dict(overrides or {})
    given = from_mapping(overrides, origins)
    doc = load_yaml(path, what="scenario file")
    check_switches(doc, given)
    scenario_overrides, catalog_overrides = split_overrides(given)
    for override in scenario_overrides:
        apply_override(doc, override.key, override.value, override.label)
    implied, implied_catalog = split_overrides(active_what_if_overrides(doc, overrides))
    for override in implied:
        apply_override(doc, override.key, override.value, override.label)
    catalog_overrides += implied_catalog

    problems: list[Problem] = []
    spec = validate_document(ScenarioSpec, doc, problems)
    catalog = _load_catalog(path, doc, spec, catalog_overrides, problems)
    if spec is None or catalog is None:
        raise InputError(problems)

    elevation, classes = _read_terrain_files(path, doc, spec, catalog, problems)
    if elevation is None or classes is None:
        raise InputError(problems)
    geo = GeoReference(spec.map.origin.lat, spec.map.origin.lon, spec.map.hex_size_km)
    bare = TerrainData(geo, elevation, classes, catalog.terrain_ids, (), np.zeros_like(elevation))
    check = CrossReferenceCheck(spec, doc, catalog, bare)
    problems.extend(check.run())
    if problems:
        raise InputError(problems)

    terrain = _with_features(bare, spec, check.place_hexes)
    return Scenario(path, spec, catalog, terrain, check.place_hexes, overrides)


def _relative(base: Path, name: str) -> Path:
    return Path(os.path.normpath(base.parent / name))


def _load_catalog(
    path: Path,
    doc: YamlDocument,
    spec: ScenarioSpec | None,
    overrides: list[Override],
    problems: list[Problem],
) -> Catalog | None:
    names = spec.catalog if spec is not None else doc.data.get("catalog")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        return None
    missing = False
    for i, name in enumerate(names):
        if not _relative(path, name).is_file():
            source, line, _ = doc.locate(("catalog", i))
            problems.append(
                Problem(
                    source,
                    line,
                    f"catalog[{i}]",
                    f"catalog file not found: {_relative(path, name)}",
                )
            )
            missing = True
    if missing:
        return None
    try:
        return load_catalog([_relative(path, n) for n in names], overrides)
    except InputError as exc:
        problems.extend(exc.problems)
        return None


def _read_terrain_files(
    path: Path, doc: YamlDocument, spec: ScenarioSpec, catalog: Catalog, problems: list[Problem]
) -> tuple[np.ndarray | None, np.ndarray | None]:
    cols, rows = spec.map.size
    results: list[np.ndarray | None] = []
    for key in ("elevation", "terrain"):
        file = _relative(path, getattr(spec.map, key))
        if not file.is_file():
            source, line, _ = doc.locate(("map", key))
            problems.append(Problem(source, line, f"map.{key}", f"terrain file not found: {file}"))
            results.append(None)
            continue
        try:
            if key == "elevation":
                results.append(read_heightmap(file, cols, rows))
            else:
                results.append(read_class_map(file, cols, rows, catalog.terrain_symbols))
        except InputError as exc:
            problems.extend(exc.problems)
            results.append(None)
    return results[0], results[1]


def _with_features(
    bare: TerrainData, spec: ScenarioSpec, place_hexes: Mapping[str, Hex]
) -> TerrainData:
    """Add roads and prepared positions, whose positions are known to be on the map."""

    def hex_of(position: Any) -> Hex:
        return resolve_position(position, place_hexes, bare)

    roads = tuple(
        RoadTrace.through(road.name, road.kind, [hex_of(p) for p in road.path])
        for road in spec.map.roads
    )
    fortification = np.zeros_like(bare.elevation_m)
    for fort in spec.map.fortifications:
        for position in fort.hexes:
            col, row = hex_of(position)
            fortification[col, row] = max(fortification[col, row], fort.level)
    restricted = tuple(
        RestrictedTrace(
            area.name, frozenset(area.sides), _hexes_inside(bare, area.polygon, place_hexes)
        )
        for area in spec.map.restricted
    )
    return TerrainData(
        bare.geo,
        bare.elevation_m,
        bare.terrain_class,
        bare.class_ids,
        roads,
        fortification,
        restricted,
    )


def _hexes_inside(
    terrain: TerrainData, polygon: list, place_hexes: Mapping[str, Hex]
) -> frozenset[int]:
    """Flat indices of the hexes whose centres lie inside a polygon (vertices may be off the
    map: borders run on beyond it)."""
    xs, ys = [], []
    for vertex in polygon:
        if isinstance(vertex, GeoPosition):
            x, y = terrain.geo.xy_of(vertex.lat, vertex.lon)
        else:
            x, y = hex_centre(*resolve_position(vertex, place_hexes, terrain))
        xs.append(float(x))
        ys.append(float(y))
    col, row = np.meshgrid(np.arange(terrain.cols), np.arange(terrain.rows), indexing="ij")
    cx, cy = hex_centre(col, row)
    inside = inside_polygon(cx, cy, xs, ys)
    return frozenset(int(i) for i in np.flatnonzero(inside.ravel()))
