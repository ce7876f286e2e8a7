"""A loaded scenario: the validated spec, its catalog and terrain, every position resolved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.scenario.catalog import Catalog
from sim.scenario.schema import (
    GeoPosition,
    HexPosition,
    PlacePosition,
    Position,
    ReinforcementEvent,
    ScenarioSpec,
    UnitSpec,
)
from sim.terrain.data import TerrainData
from sim.terrain.geometry import Hex


@dataclass(frozen=True, eq=False)
class Scenario:
    """Everything a model needs to start, immutable and already checked."""

    path: Path
    spec: ScenarioSpec
    catalog: Catalog
    terrain: TerrainData
    place_hexes: Mapping[str, Hex]
    overrides: Mapping[str, Any] = field(default_factory=dict)

    def unit_specs(self, side: str | None = None) -> list[UnitSpec]:
        """Every unit the scenario fields (of ``side``, or of all sides): those on the map at the
        start and those its scripted reinforcements bring."""
        units = list(self.spec.units)
        for event in self.spec.events:
            if isinstance(event, ReinforcementEvent):
                units.extend(event.units)
        return [u for u in units if side is None or u.side == side]

    def hex_of(self, position: Position) -> Hex:
        """The hex of a position given by place, hex or lat/lon (checked to be on the map)."""
        return resolve_position(position, self.place_hexes, self.terrain)

    @property
    def turn_length(self) -> dt.timedelta:
        """How long a turn lasts."""
        return dt.timedelta(hours=self.spec.turn_length_h)

    def turn_start(self, turn: int) -> dt.datetime:
        """Start time of turn ``turn`` (1-based)."""
        return self.spec.start + (turn - 1) * self.turn_length

    def daylight_at(self, moment: dt.datetime) -> bool | None:
        """Whether ``moment`` falls between sunrise and sunset; None if the scenario gives no
        daylight (then EO sensors see as by day)."""
        environment = self.spec.environment
        if environment is None:
            return None
        hour = moment.hour + moment.minute / 60
        return environment.sunrise_h <= hour < environment.sunset_h

    def turn_of(self, time: dt.datetime) -> int:
        """The turn whose period contains ``time`` (1-based; times before the start give 1)."""
        elapsed = (time - self.spec.start) / self.turn_length
        return max(1, int(elapsed // 1) + 1)


def resolve_position(
    position: Position, place_hexes: Mapping[str, Hex], terrain: TerrainData
) -> Hex:
    """Turn a position into a hex; raise KeyError for an unknown place."""
    if isinstance(position, PlacePosition):
        return place_hexes[position.place]
    if isinstance(position, HexPosition):
        return position.col, position.row
    if isinstance(position, GeoPosition):
        col, row = terrain.geo.hex_of(position.lat, position.lon)
        return int(col), int(row)
    raise TypeError(f"not a position: {position!r}")
