"""Catalog schema of the air war: sensors, air defence, electronic warfare, munitions, aircraft.

Radars, SAM launchers and jammers are equipment carried by ground units (so strikes can destroy
them item by item); aircraft, drones and loitering munitions are ``air_types`` flown from air
bases; munitions are what SAMs, aircraft and missile units fire, and what they do when they hit.
"""

from __future__ import annotations

import typing
from typing import Literal

from pydantic import Field, model_validator

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

TargetClass = Literal[
    "small_drone",
    "medium_drone",
    "loitering_munition",
    "aircraft",
    "ballistic_missile",
    "rocket",
]
"""How air defence classes what flies; SAM and air-to-air hit probabilities are given per class."""

TARGET_CLASSES: tuple[str, ...] = typing.get_args(TargetClass)

AirRole = Literal["isr", "ucav", "loitering", "decoy", "fighter"]
Guidance = Literal["radar", "ir", "laser", "eo", "gnss", "arm", "inertial"]


class RadarSpec(Strict):
    """A radar, by the radar equation: range grows with the fourth root of the target's RCS."""

    range_km_1m2: PositiveFloat = Field(
        description="range at which a 1 m2 target is detected with probability 0.5 in a turn"
    )
    antenna_height_m: NonNegativeFloat
    min_altitude_m: NonNegativeFloat = Field(
        description="clutter floor: targets lower than this above the ground are not seen"
    )


class SamSpec(Strict):
    """A surface-to-air missile system, per launcher."""

    guidance: Literal["radar", "ir"]
    munition: Identifier = Field(description="the missile, drawn from the unit's stores to reload")
    min_range_km: NonNegativeFloat
    max_range_km: PositiveFloat
    min_altitude_m: NonNegativeFloat
    max_altitude_m: PositiveFloat
    reaction_time_s: PositiveFloat = Field(
        description="from detection to launch: a target must stay in the envelope this long"
    )
    acquisition_range_km: NonNegativeFloat = Field(
        0.0, description="IR systems: range of 50% acquisition of a target of IR signature 1"
    )
    pk: dict[TargetClass, Fraction] = Field(description="hit probability per missile by class")
    salvo: int = Field(ge=1, description="missiles fired at one target per engagement")
    missiles: NonNegativeInt = Field(description="ready missiles on a launcher")
    reload_h: PositiveFloat = Field(description="hours to reload one launcher from the stores")
    engagements_per_hour: PositiveFloat = Field(description="engagements one launcher can run")
    shoot_on_the_move: bool = False

    @model_validator(mode="after")
    def _envelope_is_not_empty(self) -> SamSpec:
        if self.min_range_km >= self.max_range_km:
            raise ValueError("min_range_km must be less than max_range_km")
        if self.min_altitude_m >= self.max_altitude_m:
            raise ValueError("min_altitude_m must be less than max_altitude_m")
        return self


class JammerSpec(Strict):
    """An electronic-warfare system and what it does to enemy systems within its radius."""

    radius_km: PositiveFloat
    radar_range_factor: Fraction = Field(
        description="multiplies the detection range of enemy radars inside the radius"
    )
    datalink_loss_per_h: NonNegativeFloat = Field(
        description="hazard per hour that a datalink-flown enemy drone inside the radius is lost"
    )
    gnss_accuracy_factor: Fraction = Field(
        description="multiplies the hit probability of enemy GNSS-guided munitions aimed inside"
    )


class Munition(Sourced):
    """A missile, bomb, rocket or warhead: its reach, its hit probabilities and its effect."""

    name: str
    kind: Literal["sam", "air_to_air", "guided_bomb", "missile", "rocket", "warhead"]
    guidance: Guidance
    range_km: PositiveFloat
    pk: dict[str, Fraction] = Field(
        description="hit probability per round, by equipment category or air target class"
    )
    kills: int = Field(1, ge=1, description="items of equipment one hit destroys")
    casualties: NonNegativeFloat = Field(0.0, description="expected personnel lost per hit")
    suppression: Fraction = Field(0.0, description="share of readiness a unit loses per hit")
    prefers: list[str] = Field([], description="equipment categories it destroys first")
    target_class: TargetClass | None = Field(
        None, description="how air defence sees it in flight (missiles and rockets)"
    )
    rcs_m2: PositiveFloat | None = None
    speed_kmh: PositiveFloat | None = None


class AirType(Sourced):
    """An aircraft, drone or loitering munition."""

    name: str
    role: AirRole
    speed_kmh: PositiveFloat
    endurance_h: PositiveFloat
    ceiling_m: PositiveFloat
    cruise_altitude_m: PositiveFloat
    rcs_m2: PositiveFloat
    ir_signature: PositiveFloat = Field(description="heat and size relative to a jet fighter (1)")
    target_class: TargetClass
    eo_range_km: NonNegativeFloat = Field(
        0.0, description="EO/IR sensor: range of 50% detection of a battalion in the open by day"
    )
    elint_range_km: NonNegativeFloat = Field(
        0.0, description="passive RF: range at which an emitting radar is found (ARM seekers too)"
    )
    radar: RadarSpec | None = None
    weapons: dict[Identifier, NonNegativeInt] = Field({}, description="magazine by munition")
    warhead: Identifier | None = Field(None, description="loitering munitions: their warhead")
    datalink: bool = Field(description="flown over a datalink that jamming can break")
    turnaround_h: NonNegativeFloat = Field(description="hours on the ground between sorties")

    @property
    def one_way(self) -> bool:
        return self.role in ("loitering", "decoy")

    @model_validator(mode="after")
    def _consistent(self) -> AirType:
        if self.cruise_altitude_m > self.ceiling_m:
            raise ValueError("cruise_altitude_m is above ceiling_m")
        if self.role == "loitering" and self.warhead is None:
            raise ValueError("a loitering munition needs a warhead")
        return self


class AirRules(Sourced):
    """Constants of detection, fog of war and air operations."""

    detection_max_probability: Fraction = Field(
        description="chance per turn of seeing a target well inside a sensor's range"
    )
    detection_steepness: PositiveFloat = Field(
        description="how sharply detection falls off around the 50% range"
    )
    ground_target_height_m: NonNegativeFloat
    ground_observer_height_m: NonNegativeFloat
    posture_signature: dict[Posture, PositiveFloat]
    firing_signature_factor: PositiveFloat = Field(
        description="signature of a unit that fired this turn, relative to a quiet one"
    )
    night_eo_factor: Fraction = Field(description="EO/IR ranges at night, relative to day")
    identify_probability: dict[Literal["eo", "radar", "elint", "ground"], Fraction]
    contact_half_life_h: PositiveFloat = Field(description="confidence in a contact halves")
    contact_drop_after_h: PositiveFloat = Field(description="contacts older than this are dropped")
    strike_contact_max_age_h: NonNegativeFloat = Field(
        description="a strike or fire mission needs a contact at most this old"
    )
