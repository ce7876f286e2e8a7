"""Schema of the equipment catalog: terrain classes, mobility, equipment, unit types and rules.

A catalog may be split over several YAML files; each file has the same top-level sections and
its own ``sources:`` block. Numbers carry their unit in their name (``speed_kmh``,
``rate_per_day``) and every entry names its sources.
"""

from __future__ import annotations

import typing
from typing import Literal

from pydantic import Field

from sim.scenario.air_schema import AirRules, AirType, JammerSpec, Munition, RadarSpec, SamSpec
from sim.scenario.common import (
    Fraction,
    Identifier,
    NonNegativeFloat,
    NonNegativeInt,
    PositiveFloat,
    Posture,
    Sourced,
    Strict,
)

RoadKind = Literal["highway", "road", "track"]
Echelon = Literal["section", "platoon", "company", "battalion", "regiment", "brigade"]
Role = Literal[
    "infantry",
    "motorised",
    "mechanised",
    "armour",
    "artillery",
    "recon",
    "engineer",
    "logistics",
    "headquarters",
    "air_defence",
    "special_forces",
    "peacekeepers",
]


class TerrainClass(Sourced):
    """How a kind of ground slows movement, shelters units and blocks sight."""

    name: str
    symbol: str = Field(min_length=1, max_length=1, description="character in terrain files")
    movement_cost: dict[Identifier, PositiveFloat | None] = Field(
        description="multiplier on cross-country travel time per mobility class; null: impassable"
    )
    cover: Fraction = Field(description="share of incoming fire a unit here escapes")
    defence: PositiveFloat = Field(
        description="multiplier on the combat power of units defending here (ground that favours "
        "the defender: heights, slopes, buildings)"
    )
    concealment: Fraction = Field(description="share of observations a unit here escapes")
    los_obstruction_m: NonNegativeFloat = Field(
        description="height above ground of what blocks sight through this hex (trees, buildings)"
    )


class MobilityClass(Sourced):
    """How fast a kind of unit moves on roads and across country."""

    name: str
    road_speed_kmh: PositiveFloat
    cross_country_speed_kmh: PositiveFloat
    climb_h_per_100m: NonNegativeFloat = Field(
        description="extra hours per 100 m of climb off roads"
    )


EquipmentCategory = Literal[
    "tank",
    "ifv",
    "apc",
    "artillery",
    "mrl",
    "mortar",
    "atgm",
    "sam_launcher",
    "radar",
    "jammer",
    "missile_launcher",
    "truck",
    "other",
]
EQUIPMENT_CATEGORIES: tuple[str, ...] = typing.get_args(EquipmentCategory)


class EquipmentType(Sourced):
    """A kind of weapon or vehicle: its weight in ground combat, and any air-war systems on it."""

    name: str
    category: EquipmentCategory
    firepower: NonNegativeFloat = Field(description="combat power per item, a T-72-class tank is 1")
    protection: Fraction = Field(description="share of incoming fire the item survives")
    support_range_km: NonNegativeFloat = Field(
        0.0, description="reach of indirect fire into nearby fights; 0 for direct-fire weapons"
    )
    radar: RadarSpec | None = None
    sam: SamSpec | None = None
    jammer: JammerSpec | None = None
    elint_range_km: NonNegativeFloat = Field(
        0.0, description="passive RF: range at which it finds an emitting radar"
    )


class UnitType(Sourced):
    """A kind of unit: its table of organisation and how it moves."""

    name: str
    echelon: Echelon
    role: Role
    mobility: Identifier
    personnel: NonNegativeInt
    equipment: dict[Identifier, NonNegativeInt] = {}
    stacking_points: PositiveFloat = Field(description="room it takes in a hex; a battalion is 1")
    morale: Fraction = Field(description="morale of a fresh unit of this type")
    signature: PositiveFloat = Field(
        description="how easily it is seen, relative to a mechanised battalion in the open (1)"
    )
    sensor_range_km: NonNegativeFloat = Field(
        description="its own observers: range of 50% detection of a battalion in the open by day"
    )
    stores: dict[Identifier, NonNegativeInt] = Field(
        {}, description="munitions carried: SAM reloads, missiles to fire"
    )


class MovementRules(Sourced):
    march_hours_per_day: float = Field(gt=0.0, le=24.0)
    road_speed_factor: dict[RoadKind, Fraction]
    stacking_limit_points: PositiveFloat = Field(description="per side and hex")
    zone_of_control: bool = Field(description="entering a hex next to an enemy ends movement")


class CombatRules(Sourced):
    defender_loss_rate_per_day: Fraction = Field(description="share lost per day of combat at 1:1")
    attacker_loss_rate_per_day: Fraction = Field(description="share lost per day of combat at 1:1")
    defender_ratio_exponent: NonNegativeFloat
    attacker_ratio_exponent: NonNegativeFloat
    max_force_ratio: float = Field(gt=1.0)
    noise_sigma: NonNegativeFloat = Field(description="log-normal spread of each fight's intensity")
    personnel_firepower: NonNegativeFloat = Field(description="combat power per soldier")
    posture_defence: dict[Posture, PositiveFloat] = Field(
        description="multiplier on a defender's combat power by posture"
    )
    posture_protection: dict[Posture, Fraction] = Field(
        description="share of losses a unit avoids by posture"
    )
    entrenchment_defence: NonNegativeFloat = Field(
        description="extra defence multiplier at full entrenchment"
    )
    entrenchment_protection: Fraction = Field(
        description="share of losses avoided at full entrenchment"
    )
    dig_in_hours: PositiveFloat = Field(
        description="hours in dig_in posture to reach field_entrenchment_max"
    )
    field_entrenchment_max: Fraction = Field(
        description="entrenchment a unit reaches by its own digging; prepared positions "
        "(map fortifications) can be better"
    )
    max_support_multiple: NonNegativeFloat = Field(
        description="fire support counts in an assault (or its defence) for at most this "
        "multiple of the power of the units fighting in it: guns alone do not take ground"
    )
    bombardment_factor: Fraction = Field(
        description="share of an assault's loss rate that fire alone, with no assault, inflicts"
    )
    supply_power_floor: Fraction = Field(description="combat power multiplier with no supply")
    morale_power_floor: Fraction = Field(description="combat power multiplier with no morale")
    ineffective_below: Fraction = Field(
        description="a unit below this share of its starting combat power disbands"
    )
    attacker_cover_share: Fraction = Field(
        description="share of its own hex's cover an attacker keeps while closing in"
    )


class MoraleRules(Sourced):
    loss_to_morale: NonNegativeFloat = Field(description="morale lost per share of strength lost")
    loss_tolerance: PositiveFloat = Field(
        description="share of strength lost that, at zero morale, makes one break expected"
    )
    odds_pressure_per_day: NonNegativeFloat = Field(
        description="break hazard per day under assault, per unit of log force ratio faced"
    )
    rout_below: Fraction
    surrender_below: Fraction
    surrender_captured_share: Fraction = Field(
        description="share of a unit that breaks and surrenders taken prisoner (the rest "
        "scatter); a unit cut off with nowhere to go is taken whole"
    )
    recovery_per_day: Fraction
    unsupplied_loss_per_day: Fraction
    rout_readiness_factor: Fraction
    rally_margin: Fraction = Field(
        description="morale above rout_below at which routed units rally"
    )


class SupplyRules(Sourced):
    trace_mobility: Identifier = Field(description="mobility class of the supply columns")
    trace_range_h: PositiveFloat = Field(description="hours of travel to a supply source")
    resupply_per_day: Fraction
    consumption_per_day: Fraction = Field(description="supply used per day while cut off")
    combat_consumption_per_day: Fraction = Field(description="extra supply used per day of combat")
    readiness_recovery_per_day: Fraction
    unsupplied_readiness_loss_per_day: Fraction


class Rules(Strict):
    movement: MovementRules
    combat: CombatRules
    morale: MoraleRules
    supply: SupplyRules
    air: AirRules


class CatalogFile(Strict):
    """One catalog YAML file; all sections optional, merged with the scenario's other files."""

    sources: dict[str, str] = {}
    terrain_classes: dict[Identifier, TerrainClass] = {}
    mobility_classes: dict[Identifier, MobilityClass] = {}
    equipment: dict[Identifier, EquipmentType] = {}
    unit_types: dict[Identifier, UnitType] = {}
    munitions: dict[Identifier, Munition] = {}
    air_types: dict[Identifier, AirType] = {}
    rules: Rules | None = None
