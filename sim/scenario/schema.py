"""Schema of a scenario file: map, places, sides, units, objectives, victory, events, sources.

This is the shape of the YAML only. Cross-references (catalog ids, place names, positions on the
map, source tags) are checked afterwards by :mod:`sim.scenario.crossref`, which knows the catalog
and the terrain.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from sim.scenario.catalog_schema import EquipmentCategory, RoadKind
from sim.scenario.common import (
    Fraction,
    Identifier,
    NonNegativeFloat,
    NonNegativeInt,
    PositiveFloat,
    Posture,
    Sourced,
    SourceTags,
    Strict,
)


class HexPosition(Strict):
    col: int
    row: int


class GeoPosition(Strict):
    lat: float = Field(ge=-90.0, le=90.0)
    lon: float = Field(ge=-180.0, le=180.0)


class PlacePosition(Strict):
    place: Identifier


def _coerce_position(value: object) -> object:
    """Accept the three spellings of a position and say so plainly when none fits."""
    if isinstance(value, HexPosition | GeoPosition | PlacePosition):
        return value
    if isinstance(value, str):
        return PlacePosition(place=value)
    if (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        return HexPosition(col=value[0], row=value[1])
    if isinstance(value, dict) and set(value) == {"lat", "lon"}:
        return GeoPosition(**value)
    raise ValueError(
        f"expected a place id, a hex [col, row] or {{lat: .., lon: ..}}, got {value!r}"
    )


Position = Annotated[HexPosition | GeoPosition | PlacePosition, BeforeValidator(_coerce_position)]


class Road(Strict):
    name: str
    kind: RoadKind
    path: list[Position] = Field(min_length=2, description="waypoints joined by straight lines")


class Fortification(Sourced):
    name: str
    hexes: list[Position] = Field(min_length=1)
    level: Fraction = Field(description="1: fully prepared positions")


class RestrictedArea(Sourced):
    """Ground some sides may not enter nor trace supply through, all game long (a border)."""

    name: str
    polygon: list[Position] = Field(min_length=3)
    sides: list[Identifier] = Field(min_length=1)


class MapSpec(Strict):
    size: tuple[Annotated[int, Field(gt=0, le=2000)], Annotated[int, Field(gt=0, le=2000)]] = Field(
        description="[columns, rows]"
    )
    hex_size_km: PositiveFloat
    origin: GeoPosition = Field(description="centre of hex [0, 0], the north-west corner")
    elevation: str = Field(min_length=1, description="heightmap file, relative to the scenario")
    terrain: str = Field(min_length=1, description="terrain-class file, relative to the scenario")
    roads: list[Road] = []
    fortifications: list[Fortification] = []
    restricted: list[RestrictedArea] = []
    source: SourceTags


class Place(Strict):
    name: str = Field(min_length=1, description="both names where the sides use different ones")
    at: Position
    kind: Literal["town", "village", "height", "bridge", "crossroads", "depot", "other"] = "other"


class AirDoctrine(Strict):
    """How the built-in AI uses a side's air arm and air defence."""

    isr_orbits: NonNegativeInt = Field(description="reconnaissance sorties to keep in the air")
    sead_first: bool = Field(description="hunt known air defences before striking anything else")
    decoys_ahead: bool = Field(description="send decoys over known air defences ahead of strikes")
    strike_priorities: list[EquipmentCategory] = Field(
        description="equipment categories to strike, most wanted first"
    )
    loitering_per_target: Annotated[int, Field(ge=1)] = Field(
        description="loitering munitions sent after one target"
    )
    loitering_per_turn: NonNegativeInt = Field(
        description="most loitering munitions launched in one turn, from all bases"
    )
    decoys_per_target: NonNegativeInt = Field(description="decoys sent over one air defence")
    missile_strikes: bool = Field(description="fire ballistic missiles at high-value contacts")
    emcon: Literal["always_on", "on_threat"] = Field(
        description="on_threat: air-defence radars stay off until enemy aircraft come near"
    )
    wake_radius_km: PositiveFloat = Field(
        description="on_threat: radars come on for enemy air tracks this close"
    )
    relocate_after_firing: bool = Field(description="air defence moves after it has fired")
    cap: bool = Field(description="fighters hunt enemy drones over the side's own units")
    avoid_sam_envelopes: bool = Field(
        False,
        description="keep reusable aircraft away from targets within reach of known SAMs they "
        "cannot fly above, until those are destroyed or lost track of; expendable loitering "
        "munitions and decoys go anyway",
    )


class AIConfig(Strict):
    """How the built-in AI plays a side; every number here is a doctrine choice to tune."""

    doctrine: Literal["attack", "defend"]
    attack_odds: PositiveFloat = Field(description="least force ratio at which units attack")
    garrison: NonNegativeInt = Field(description="units kept on each objective the side holds")
    withdraw_below_supply: Fraction = Field(
        description="a cut-off unit with less supply than this falls back toward its sources"
    )
    threat_radius_km: PositiveFloat = Field(
        description="enemies this close to an objective count as a threat to it"
    )
    artillery_standoff: Fraction = Field(
        description="share of its reach at which artillery keeps from the nearest enemy"
    )
    air: AirDoctrine | None = Field(None, description="needed by sides with air or air defence")


class Side(Strict):
    name: str = Field(min_length=1)
    colour: str = Field(pattern=r"^#[0-9A-Fa-f]{6}$")
    neutral: bool = Field(
        False, description="a party no side may fire on, which fights no one (peacekeepers)"
    )
    ai: AIConfig | None = Field(None, description="required for every side that fights")
    supply_sources: list[Position] = Field([], description="required for every side that fights")
    resupply_factor: Fraction = Field(
        1.0, description="share of the normal resupply its sources deliver (a blockade lowers it)"
    )


class UnitSpec(Strict):
    id: Identifier
    name: str = Field(min_length=1)
    side: Identifier
    type: Identifier = Field(description="a unit type of the catalog")
    at: Position
    strength: Fraction = Field(1.0, description="share of the type's personnel and equipment")
    posture: Posture = "defend"
    readiness: Fraction = 1.0
    morale: Fraction | None = Field(None, description="defaults to the unit type's morale")
    supply: Fraction = 1.0
    entrenchment: Fraction = 0.0
    emitting: bool = Field(True, description="radars and jammers on at the start")
    hold: bool = Field(
        False,
        description="the AI keeps this unit in its position (a sector of a defended line): it "
        "digs in and fires, and gives ground only when its morale breaks",
    )
    axis: list[Identifier] = Field(
        [],
        description="objectives and places (waypoints) the attacking AI sends this unit after, "
        "in order (its axis of advance in the side's plan); once all are held or passed it "
        "picks its own",
    )
    source: SourceTags


class AirBaseSpec(Sourced):
    """Where a side's aircraft, drones and loitering munitions fly from."""

    id: Identifier
    name: str = Field(min_length=1)
    side: Identifier
    at: Position
    offmap_distance_km: NonNegativeFloat = Field(
        0.0, description="extra distance to fly when the real base lies beyond the map's edge"
    )
    aircraft: dict[Identifier, NonNegativeInt] = Field(description="air types and numbers")
    munitions: dict[Identifier, NonNegativeInt] = Field(
        {}, description="munitions to arm aircraft with"
    )


class Environment(Strict):
    """Daylight, for EO/IR sensors (night ranges are shorter)."""

    sunrise_h: float = Field(ge=0.0, lt=24.0, description="local time, hours after midnight")
    sunset_h: float = Field(gt=0.0, le=24.0)

    @model_validator(mode="after")
    def _day_before_night(self) -> Environment:
        if self.sunrise_h >= self.sunset_h:
            raise ValueError("sunrise_h must come before sunset_h")
        return self


class Objective(Strict):
    id: Identifier
    place: Identifier
    points: Annotated[int, Field(ge=0)]
    owner: Identifier | None = None


class VictoryCondition(Strict):
    """Met when every test it gives is true (for ``for_turns`` consecutive turns)."""

    side: Identifier
    holds: list[Identifier] | None = Field(None, description="objectives the side must hold")
    holds_at_least: Annotated[int, Field(ge=1)] | None = Field(
        None, description="how many of 'holds' are enough; all when omitted"
    )
    enemy_strength_below: Fraction | None = Field(
        None, description="share of their starting combat power the enemies are reduced to"
    )
    enemy_morale_below: Fraction | None = Field(
        None, description="the enemies' mean morale (weighted by personnel) below this"
    )
    enemy_supply_below: Fraction | None = Field(
        None, description="the enemies' mean supply (weighted by personnel) below this"
    )
    for_turns: Annotated[int, Field(ge=1)] = 1
    outcome: str | None = Field(None, description="how the outcome is told when it is met")

    @model_validator(mode="after")
    def _has_a_test(self) -> VictoryCondition:
        tests = (
            self.holds,
            self.enemy_strength_below,
            self.enemy_morale_below,
            self.enemy_supply_below,
        )
        if all(t is None for t in tests):
            raise ValueError(
                "give at least one of 'holds', 'enemy_strength_below', "
                "'enemy_morale_below' or 'enemy_supply_below'"
            )
        if self.holds_at_least is not None and (
            self.holds is None or self.holds_at_least > len(self.holds)
        ):
            raise ValueError("'holds_at_least' needs 'holds' with at least that many objectives")
        return self


class Victory(Strict):
    conditions: list[VictoryCondition] = []
    at_end: Identifier = Field(
        "points", description="'points' (more objective points wins) or the id of the winning side"
    )
    draw_margin_points: NonNegativeInt = 0


class _ScriptedEvent(Strict):
    turn: Annotated[int, Field(ge=1)] | None = None
    time: dt.datetime | None = None
    text: str = ""

    @model_validator(mode="after")
    def _exactly_one_when(self) -> _ScriptedEvent:
        if (self.turn is None) == (self.time is None):
            raise ValueError("give exactly one of 'turn' or 'time'")
        return self


class MessageEvent(_ScriptedEvent):
    kind: Literal["message"]


class ReinforcementEvent(_ScriptedEvent):
    kind: Literal["reinforcements"]
    units: list[UnitSpec] = Field(min_length=1)


class BlockEvent(_ScriptedEvent):
    kind: Literal["block"]
    name: str
    hexes: list[Position] = Field(min_length=1)
    sides: list[Identifier] | None = Field(None, description="sides blocked; all when omitted")
    duration_h: PositiveFloat


class SupplySourceEvent(_ScriptedEvent):
    kind: Literal["supply_source"]
    side: Identifier
    at: Position
    active: bool


class EndEvent(_ScriptedEvent):
    kind: Literal["end"]


class WeatherEvent(_ScriptedEvent):
    kind: Literal["weather"]
    eo_factor: Fraction = Field(description="multiplies every EO/IR sensor's range")
    duration_h: PositiveFloat


ScriptedEvent = Annotated[
    MessageEvent | ReinforcementEvent | BlockEvent | SupplySourceEvent | EndEvent | WeatherEvent,
    Field(discriminator="kind"),
]


class WhatIf(Strict):
    """A named counterfactual: overrides that apply when it is made ``active``.

    ``wargame run FILE --set what_ifs.NAME.active=true`` switches it on.
    """

    description: str = Field(min_length=1)
    active: bool = False
    set: dict[str, Any] = Field(
        min_length=1, description="dotted keys and values, as --set takes them"
    )


class ScenarioSpec(Strict):
    """A scenario file as written."""

    format_version: Literal[1] = 1
    title: str = Field(min_length=1)
    briefing: str = Field(min_length=1)
    start: dt.datetime = Field(description="local time at the start of turn 1")
    turn_length_h: float = Field(gt=0.0, le=168.0)
    turns: Annotated[int, Field(ge=1, le=10_000)]
    catalog: list[str] = Field(min_length=1, description="catalog files, relative to the scenario")
    map: MapSpec
    places: dict[Identifier, Place] = {}
    sides: dict[Identifier, Side] = Field(min_length=2)
    units: list[UnitSpec] = Field(min_length=1)
    objectives: list[Objective] = []
    victory: Victory = Victory()
    events: list[ScriptedEvent] = []
    air_bases: list[AirBaseSpec] = []
    environment: Environment | None = None
    side_briefings: dict[Identifier, str] = Field({}, description="what each side's player is told")
    instructor_notes: str = Field("", description="for whoever runs the game in a classroom")
    learning_objectives: list[Annotated[str, Field(min_length=1)]] = Field(
        [],
        description="what the student should understand by the end of the game (a tutorial "
        "gives two to four)",
    )
    debrief_questions: list[Annotated[str, Field(min_length=1)]] = Field(
        [],
        description="questions for the class after the game, tied to what it shows (three to "
        "five); one that takes up an argument of a real source names the source's tag",
    )
    what_ifs: dict[Identifier, WhatIf] = {}
    sources: dict[str, str] = Field(min_length=1)

    @property
    def end(self) -> dt.datetime:
        return self.start + dt.timedelta(hours=self.turn_length_h * self.turns)
