"""The map of a running model: a Mesa ``HexGrid`` with property layers, and its travel graphs.

What the map's layers and travel times are made of comes from the equipment catalog (terrain
classes, mobility classes, road speeds); the map reads it through :class:`MapCatalog`, so the
terrain package does not depend on the scenario package that loads the catalog.
"""

from __future__ import annotations

import copyreg
from collections.abc import Mapping
from random import Random
from typing import Protocol

import numpy as np
from mesa.discrete_space import Cell, HexGrid, PropertyLayer

from sim.terrain.data import TerrainData
from sim.terrain.geometry import Hex, hex_steps, neighbour_offsets
from sim.terrain.graph import neighbour_table, road_factors, travel_hours
from sim.terrain.los import line_of_sight
from sim.terrain.pathfinding import Path, TravelGraph


class GroundClass(Protocol):
    """A terrain class as the map needs it."""

    @property
    def cover(self) -> float: ...
    @property
    def defence(self) -> float: ...
    @property
    def concealment(self) -> float: ...
    @property
    def los_obstruction_m(self) -> float: ...
    @property
    def movement_cost(self) -> Mapping[str, float | None]: ...


class Mobility(Protocol):
    """A mobility class as the map needs it."""

    @property
    def road_speed_kmh(self) -> float: ...
    @property
    def cross_country_speed_kmh(self) -> float: ...
    @property
    def climb_h_per_100m(self) -> float: ...


class MapCatalog(Protocol):
    """What the map reads of the equipment catalog (:class:`sim.scenario.catalog.Catalog`)."""

    @property
    def terrain_classes(self) -> Mapping[str, GroundClass]: ...
    @property
    def mobility_classes(self) -> Mapping[str, Mobility]: ...
    @property
    def mobility_ids(self) -> tuple[str, ...]: ...
    @property
    def road_speed_factor(self) -> Mapping[str, float]: ...


class Terrain:
    """Elevation, classes, roads and fortifications on the grid units stand on.

    Per-hex values live in Mesa ``PropertyLayer`` s on the grid (so ``cell.cover`` works); the
    numpy arrays underneath are what the vectorised rules read. Travel times are one graph per
    mobility class.
    """

    def __init__(self, data: TerrainData, catalog: MapCatalog, random: Random):
        self.data = data
        self.cols, self.rows = data.cols, data.rows
        self.hex_size_km = data.geo.hex_size_km
        self.grid = HexGrid((self.cols, self.rows), torus=False, random=random)
        self.neighbours = neighbour_table(self.cols, self.rows)
        self.neighbour_lists: list[list[int]] = [
            [int(n) for n in row if n >= 0] for row in self.neighbours
        ]
        self.catalog: MapCatalog | None = None
        self.travel_version = 0
        """Changes whenever the travel graphs are rebuilt (for the caches of routes on them)."""
        self.derive(catalog)

    def derive(self, catalog: MapCatalog) -> None:
        """(Re)build what the catalog decides: each terrain class's cover, defence, concealment
        and obstruction, road speeds, and the travel graphs. A catalog already applied is kept."""
        if catalog is self.catalog:
            return
        self.catalog = catalog
        data = self.data
        classes = [catalog.terrain_classes[c] for c in data.class_ids]
        per_class = {
            "cover": np.array([c.cover for c in classes]),
            "defence": np.array([c.defence for c in classes]),
            "concealment": np.array([c.concealment for c in classes]),
            "obstruction_m": np.array([c.los_obstruction_m for c in classes]),
        }
        self.road_factor = road_factors(
            data.roads, self.neighbours, self.rows, catalog.road_speed_factor
        )
        road = (self.road_factor > 0).any(axis=1).reshape(self.cols, self.rows)
        impassable_somewhere = np.array(
            [any(v is None for v in c.movement_cost.values()) for c in classes]
        )
        layers = {
            "elevation_m": data.elevation_m.astype(np.float64),
            "terrain_class": data.terrain_class.astype(np.int64),
            **{name: table[data.terrain_class] for name, table in per_class.items()},
            "road": road,
            "bridge": road & impassable_somewhere[data.terrain_class],
            "fortification": data.fortification.astype(np.float64),
        }
        existing = self.grid._mesa_property_layers
        for name, values in layers.items():
            if name in existing:
                existing[name].data[...] = values
            else:
                self.grid.add_property_layer(PropertyLayer.from_data(name, values))
        self.graphs: dict[str, TravelGraph] = {}
        self.passable_mask: dict[str, np.ndarray] = {}
        for mobility_id in catalog.mobility_ids:
            class_cost = np.array(
                [
                    np.inf if c.movement_cost[mobility_id] is None else c.movement_cost[mobility_id]
                    for c in classes
                ]
            )
            self.graphs[mobility_id] = self._travel_graph(catalog, mobility_id, class_cost)
            self.passable_mask[mobility_id] = (
                np.isfinite(class_cost[data.terrain_class]) | road
            ).ravel()
        self.travel_version += 1

    def release(self) -> None:
        """Drop Mesa 3.3's global registration of this grid's cell class (see
        ``WargameModel.release``), which otherwise keeps every layer alive."""
        copyreg.dispatch_table.pop(self.grid.cell_klass, None)

    def _travel_graph(
        self, catalog: MapCatalog, mobility_id: str, class_cost: np.ndarray
    ) -> TravelGraph:
        mobility = catalog.mobility_classes[mobility_id]
        hours = travel_hours(
            self.neighbours,
            self.road_factor,
            self.data.elevation_m,
            class_cost[self.data.terrain_class.ravel()],
            self.hex_size_km,
            mobility.road_speed_kmh,
            mobility.cross_country_speed_kmh,
            mobility.climb_h_per_100m,
        )
        return TravelGraph(hours, self.neighbours, self.cols, self.rows)

    def layer(self, name: str) -> np.ndarray:
        """The ``(cols, rows)`` array under a property layer."""
        return self.grid._mesa_property_layers[name].data

    @property
    def size(self) -> int:
        return self.cols * self.rows

    def index(self, hex_: Hex) -> int:
        return hex_[0] * self.rows + hex_[1]

    def hex_at(self, index: int) -> Hex:
        return divmod(int(index), self.rows)

    def cell(self, hex_: Hex) -> Cell:
        return self.grid._cells[hex_]

    def contains(self, hex_: Hex) -> bool:
        return 0 <= hex_[0] < self.cols and 0 <= hex_[1] < self.rows

    def distance(self, a: Hex, b: Hex) -> int:
        return hex_steps(a, b)

    def passable(self, mobility_id: str, hex_: Hex) -> bool:
        """Whether a unit of this mobility can stand in the hex (its ground, or a road)."""
        return bool(self.passable_mask[mobility_id][self.index(hex_)])

    def bridge_at(self, hex_: Hex) -> bool:
        """A road over ground some units could not otherwise cross (a river, usually)."""
        return bool(self.layer("bridge")[hex_])

    def step_hours(self, mobility_id: str, a: Hex, b: Hex) -> float:
        """Hours to move from hex ``a`` into its neighbour ``b`` (inf if not neighbours)."""
        offsets = neighbour_offsets(a[1])
        step = (b[0] - a[0], b[1] - a[1])
        if step not in offsets:
            return np.inf
        return self.graphs[mobility_id].step_hours(self.index(a), offsets.index(step))

    def path(
        self, mobility_id: str, start: Hex, goal: Hex, blocked: np.ndarray | None = None
    ) -> Path | None:
        return self.graphs[mobility_id].astar(self.index(start), self.index(goal), blocked)

    def line_of_sight(self, observers, observer_height_m, targets, target_height_m) -> np.ndarray:
        """Vectorised line of sight; ``observers`` and ``targets`` are (cols, rows) arrays."""
        return line_of_sight(
            self.layer("elevation_m"),
            self.layer("obstruction_m"),
            self.hex_size_km,
            observers,
            observer_height_m,
            targets,
            target_height_m,
        )
