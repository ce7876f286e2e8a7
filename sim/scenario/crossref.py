"""Checks that need more than the schema: references between sections, the catalog and the map."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from sim.errors import FieldPath, Problem, format_field_path
from sim.scenario.catalog import Catalog
from sim.scenario.scenario import resolve_position
from sim.scenario.schema import (
    BlockEvent,
    GeoPosition,
    PlacePosition,
    Position,
    ReinforcementEvent,
    ScenarioSpec,
    SupplySourceEvent,
    UnitSpec,
)
from sim.scenario.sourcing import check_source_tags
from sim.scenario.yaml_source import YamlDocument
from sim.terrain.data import RoadTrace, TerrainData
from sim.terrain.geometry import Hex


class CrossReferenceCheck:
    """Collects every broken reference of a scenario, each located in its file."""

    def __init__(
        self, spec: ScenarioSpec, doc: YamlDocument, catalog: Catalog, terrain: TerrainData
    ):
        self.spec, self.doc, self.catalog, self.terrain = spec, doc, catalog, terrain
        self.problems: list[Problem] = []
        self.place_hexes: dict[str, Hex] = {}
        self.road_hexes: set[Hex] = set()

    def report(self, path: FieldPath, message: str) -> None:
        source, line, _ = self.doc.locate(path)
        self.problems.append(Problem(source, line, format_field_path(path), message))

    def run(self) -> list[Problem]:
        check_source_tags(self.spec, self.spec.sources, self.doc, self.problems)
        self._places()
        self._sides()
        self._map_features()
        self._units()
        self._objectives()
        self._victory()
        self._events()
        self._air_bases()
        self._air_doctrines()
        return self.problems

    def position(self, position: Position, path: FieldPath) -> Hex | None:
        """Resolve a position, reporting an unknown place or a hex off the map."""
        if isinstance(position, PlacePosition) and position.place not in self.place_hexes:
            known = ", ".join(self.spec.places) or "(no places defined)"
            self.report(path, f"unknown place '{position.place}'; expected one of: {known}")
            return None
        col, row = resolve_position(position, self.place_hexes, self.terrain)
        if not self.terrain.contains(col, row):
            if isinstance(position, GeoPosition):
                what = f"lat {position.lat:g}, lon {position.lon:g} (hex [{col}, {row}])"
            else:
                what = f"hex [{col}, {row}]"
            self.report(
                path,
                f"{what} is off the map (columns 0..{self.terrain.cols - 1}, "
                f"rows 0..{self.terrain.rows - 1})",
            )
            return None
        return col, row

    def _places(self) -> None:
        for key, place in self.spec.places.items():
            if isinstance(place.at, PlacePosition):
                self.report(("places", key, "at"), "a place must be given by hex or lat/lon")
                continue
            hex_ = self.position(place.at, ("places", key, "at"))
            if hex_ is not None:
                self.place_hexes[key] = hex_

    def _sides(self) -> None:
        fighting = 0
        for key, side in self.spec.sides.items():
            for i, source in enumerate(side.supply_sources):
                self.position(source, ("sides", key, "supply_sources", i))
            if side.neutral:
                continue
            fighting += 1
            if side.ai is None:
                self.report(("sides", key, "ai"), "required for a side that fights (not neutral)")
            if not side.supply_sources:
                self.report(
                    ("sides", key, "supply_sources"),
                    "a side that fights needs at least one supply source",
                )
        if fighting < 2:
            self.report(("sides",), "at least two sides must fight (not be neutral)")
        for key in self.spec.side_briefings:
            self._side_ref(key, ("side_briefings", key))

    def _all_units(self) -> Iterator[tuple[FieldPath, UnitSpec]]:
        for i, unit in enumerate(self.spec.units):
            yield ("units", i), unit
        for e, event in enumerate(self.spec.events):
            if isinstance(event, ReinforcementEvent):
                for i, unit in enumerate(event.units):
                    yield ("events", e, "units", i), unit

    def _units(self) -> None:
        seen: dict[str, FieldPath] = {}
        stacks: dict[tuple[str, Hex], float] = defaultdict(float)
        occupant: dict[Hex, str] = {}
        limit = self.catalog.rules.movement.stacking_limit_points
        for path, unit in self._all_units():
            if unit.id in seen:
                self.report(
                    (*path, "id"),
                    f"duplicate unit id '{unit.id}' (first at {format_field_path(seen[unit.id])})",
                )
            seen.setdefault(unit.id, path)
            self._side_ref(unit.side, (*path, "side"))
            steps = {*self.spec.places, *(o.id for o in self.spec.objectives)}
            for k, step in enumerate(unit.axis):
                if step not in steps:
                    self.report(
                        (*path, "axis", k),
                        f"unknown objective or place '{step}'; expected one of: "
                        f"{', '.join(sorted(steps)) or 'none'}",
                    )
            unit_type = self.catalog.unit_types.get(unit.type)
            if unit_type is None:
                self.report(
                    (*path, "type"),
                    f"unknown unit type '{unit.type}'; expected one of: "
                    f"{', '.join(self.catalog.unit_types)}",
                )
            hex_ = self.position(unit.at, (*path, "at"))
            if hex_ is None or unit_type is None:
                continue
            terrain_id = self.terrain.class_at(*hex_)
            cost = self.catalog.terrain_classes[terrain_id].movement_cost[unit_type.mobility]
            if cost is None and hex_ not in self.road_hexes:
                self.report(
                    (*path, "at"),
                    f"hex {list(hex_)} is {terrain_id}, impassable for {unit_type.mobility} units",
                )
            if path[0] != "units":
                continue
            other = occupant.setdefault(hex_, unit.side)
            if other != unit.side:
                self.report((*path, "at"), f"hex {list(hex_)} already holds units of '{other}'")
            stacks[unit.side, hex_] += unit_type.stacking_points
            if stacks[unit.side, hex_] > limit + 1e-9:
                self.report(
                    (*path, "at"),
                    f"stacking limit exceeded in hex {list(hex_)}: "
                    f"{stacks[unit.side, hex_]:g} points > {limit:g}",
                )

    def _side_ref(self, side: str, path: FieldPath) -> None:
        if side not in self.spec.sides:
            self.report(
                path, f"unknown side '{side}'; expected one of: {', '.join(self.spec.sides)}"
            )

    def _objectives(self) -> None:
        seen: set[str] = set()
        for i, objective in enumerate(self.spec.objectives):
            if objective.id in seen:
                self.report(("objectives", i, "id"), f"duplicate objective id '{objective.id}'")
            seen.add(objective.id)
            if objective.place not in self.spec.places:
                self.report(
                    ("objectives", i, "place"),
                    f"unknown place '{objective.place}'; "
                    f"expected one of: {', '.join(self.spec.places)}",
                )
            if objective.owner is not None:
                self._side_ref(objective.owner, ("objectives", i, "owner"))

    def _victory(self) -> None:
        objectives = {o.id for o in self.spec.objectives}
        for i, condition in enumerate(self.spec.victory.conditions):
            path = ("victory", "conditions", i)
            self._side_ref(condition.side, (*path, "side"))
            side = self.spec.sides.get(condition.side)
            if side is not None and side.neutral:
                self.report((*path, "side"), f"'{condition.side}' is neutral and cannot win")
            for j, key in enumerate(condition.holds or []):
                if key not in objectives:
                    self.report(
                        (*path, "holds", j),
                        f"unknown objective '{key}'; expected one "
                        f"of: {', '.join(sorted(objectives))}",
                    )
        at_end = self.spec.victory.at_end
        if at_end != "points" and at_end not in self.spec.sides:
            self.report(
                ("victory", "at_end"),
                f"expected 'points' or a side id ({', '.join(self.spec.sides)}), got '{at_end}'",
            )

    def _events(self) -> None:
        for i, event in enumerate(self.spec.events):
            path = ("events", i)
            if event.time is not None and event.time < self.spec.start:
                self.report(
                    (*path, "time"),
                    f"{event.time} is before the scenario starts ({self.spec.start})",
                )
            if isinstance(event, BlockEvent):
                for j, position in enumerate(event.hexes):
                    self.position(position, (*path, "hexes", j))
                for j, side in enumerate(event.sides or []):
                    self._side_ref(side, (*path, "sides", j))
            elif isinstance(event, SupplySourceEvent):
                self._side_ref(event.side, (*path, "side"))
                self.position(event.at, (*path, "at"))

    def _map_features(self) -> None:
        for i, road in enumerate(self.spec.map.roads):
            waypoints = [
                self.position(p, ("map", "roads", i, "path", j)) for j, p in enumerate(road.path)
            ]
            if all(w is not None for w in waypoints):
                self.road_hexes.update(RoadTrace.through(road.name, road.kind, waypoints).hexes)
        for i, fort in enumerate(self.spec.map.fortifications):
            for j, position in enumerate(fort.hexes):
                self.position(position, ("map", "fortifications", i, "hexes", j))
        for i, area in enumerate(self.spec.map.restricted):
            path = ("map", "restricted", i)
            for j, side in enumerate(area.sides):
                self._side_ref(side, (*path, "sides", j))
            for j, vertex in enumerate(area.polygon):
                # Border polygons may run beyond the map; only their place names must exist.
                if isinstance(vertex, PlacePosition) and vertex.place not in self.place_hexes:
                    self.position(vertex, (*path, "polygon", j))

    def _air_bases(self) -> None:
        seen: set[str] = set()
        for i, base in enumerate(self.spec.air_bases):
            path = ("air_bases", i)
            if base.id in seen:
                self.report((*path, "id"), f"duplicate air base id '{base.id}'")
            seen.add(base.id)
            self._side_ref(base.side, (*path, "side"))
            self.position(base.at, (*path, "at"))
            for field, what, known in (
                ("aircraft", "air type", self.catalog.air_types),
                ("munitions", "munition", self.catalog.munitions),
            ):
                for name in getattr(base, field):
                    if name not in known:
                        self.report(
                            (*path, field, name),
                            f"unknown {what} '{name}'; expected "
                            f"one of: {', '.join(known) or '(none)'}",
                        )

    def _air_doctrines(self) -> None:
        """Sides with aircraft or air-war equipment need an air doctrine for their AI."""
        needs: dict[str, str] = {}
        for base in self.spec.air_bases:
            needs.setdefault(base.side, f"it has air base '{base.id}'")
        for _, unit in self._all_units():
            unit_type = self.catalog.unit_types.get(unit.type)
            if unit_type is None:
                continue
            for name in unit_type.equipment:
                item = self.catalog.equipment.get(name)
                if item is not None and (
                    item.radar or item.sam or item.jammer or item.category == "missile_launcher"
                ):
                    needs.setdefault(unit.side, f"unit '{unit.id}' has {item.name}")
        for side, why in needs.items():
            spec = self.spec.sides.get(side)
            if spec is not None and spec.ai is not None and spec.ai.air is None:
                self.report(("sides", side, "ai", "air"), f"required because {why}")
