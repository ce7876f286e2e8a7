"""Whether the engine accepts an order, and if not, why: the rules every front end obeys.

Orders are checked against what the ordering side may know: paths avoid the enemies in its
picture (an enemy it has not seen will stop the unit when it gets there), and attacks, fire
missions and strikes need a contact in its picture at the target.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from sim.orders import Attack, Defend, DigIn, Emcon, Move, Order, Sortie, Strike
from sim.scenario.catalog_schema import EQUIPMENT_CATEGORIES
from sim.terrain.data import Hex
from sim.units.air import hex_km

if TYPE_CHECKING:
    from sim.model import WargameModel
    from sim.units.ground import GroundUnit

Checked = tuple[str | None, Order | None]

MISSION_ROLES = {
    "isr": ("isr", "ucav"),
    "strike": ("ucav", "loitering"),
    "sead": ("ucav", "loitering"),
    "decoy": ("decoy",),
    "cap": ("fighter",),
}


def check_order(model: WargameModel, side: str, order: object) -> Checked:
    """(reason it is rejected, None) or (None, the order ready to execute)."""
    if side not in model.side_index:
        return f"no side '{side}' in this scenario", None
    if isinstance(order, Sortie):
        return _check_sortie(model, side, order)
    if not isinstance(order, Move | Attack | Defend | DigIn | Emcon | Strike):
        return f"not an order: {order!r}", None
    unit = model.unit(order.unit)
    if unit is None:
        return f"no unit '{order.unit}' in play", None
    if unit.side != side:
        return f"unit '{order.unit}' belongs to {unit.side}, not {side}", None
    if unit.status == "routed":
        return f"unit '{order.unit}' is routed and takes no orders until it rallies", None
    if isinstance(order, Move):
        return _check_move(model, unit, order)
    if isinstance(order, Attack):
        return _check_attack(model, unit, order)
    if isinstance(order, Emcon):
        if not model.systems.emitter(unit):
            return f"unit '{unit.uid}' has no radar or jammer to switch", None
        return None, order
    if isinstance(order, Strike):
        return _check_strike(model, unit, order)
    return None, order


def describe_hex(model: WargameModel, hex_: Hex) -> str:
    terrain = model.terrain
    if terrain.contains(hex_):
        return f"[{hex_[0]}, {hex_[1]}]"
    return f"[{hex_[0]}, {hex_[1]}] (off the map of {terrain.cols} x {terrain.rows} hexes)"


def _check_move(model: WargameModel, unit: GroundUnit, order: Move) -> Checked:
    terrain = model.terrain
    if not terrain.contains(order.to):
        return f"destination {describe_hex(model, order.to)} is not on the map", None
    if not terrain.passable(unit.mobility, order.to):
        ground = model.scenario.terrain.class_at(*order.to)
        return (
            f"destination {describe_hex(model, order.to)} is {ground}, impassable for "
            f"{unit.mobility} units"
        ), None
    if order.to == unit.hex:
        return f"unit '{unit.uid}' is already at {describe_hex(model, order.to)}", None
    blocked = model.known_obstacles(unit.side)
    if order.via is None:
        path = terrain.path(unit.mobility, unit.hex, order.to, blocked)
        if path is None:
            return (
                f"no path from {describe_hex(model, unit.hex)} to "
                f"{describe_hex(model, order.to)} for {unit.mobility} units"
            ), None
        return None, replace(order, via=tuple(terrain.hex_at(i) for i in path.hexes[1:]))
    if not order.via or order.via[-1] != order.to:
        return "via must end at the destination", None
    previous = unit.hex
    for step in order.via:
        if not terrain.contains(step) or terrain.distance(previous, step) != 1:
            return (
                f"path step {describe_hex(model, previous)} -> {describe_hex(model, step)} "
                "does not join neighbouring hexes"
            ), None
        if terrain.step_hours(unit.mobility, previous, step) == float("inf"):
            return (
                f"path step into {describe_hex(model, step)} is impassable for "
                f"{unit.mobility} units"
            ), None
        if blocked[terrain.index(step)]:
            return (
                f"path runs through {describe_hex(model, step)}, which is held by a known "
                "enemy or closed"
            ), None
        previous = step
    return None, order


def _neutral_held(model: WargameModel, target: Hex) -> str:
    names = ", ".join(sorted(model.scenario.spec.sides[s].name for s in model.neutral_sides))
    return f"{describe_hex(model, target)} is held by {names}: no side may fire on them"


def _needs_contact(model: WargameModel, side: str, target: Hex) -> str | None:
    """Attacks and strikes need a recent enough contact at their target, and no neutrals there."""
    if model.neutral_at(model.terrain.index(target)):
        return _neutral_held(model, target)
    if model.current_contacts_at(side, target):
        return None
    return (
        f"no known enemy at {describe_hex(model, target)} (the side's picture has no contact "
        f"there seen in the last {model.rules.air.strike_contact_max_age_h:g} h)"
    )


def _check_attack(model: WargameModel, unit: GroundUnit, order: Attack) -> Checked:
    if not model.terrain.contains(order.target):
        return f"target {describe_hex(model, order.target)} is not on the map", None
    distance = model.terrain.distance(unit.hex, order.target)
    if distance == 0:
        return "a unit cannot attack its own hex", None
    if distance > 1:
        _, reach_km = model.ratings.support(unit)
        if distance * model.terrain.hex_size_km > reach_km:
            what = f"reach of its guns ({reach_km:g} km)" if reach_km else "reach (no guns)"
            return (
                f"target {describe_hex(model, order.target)} is {distance} hexes away, "
                f"beyond the unit's {what}"
            ), None
    reason = _needs_contact(model, unit.side, order.target)
    if reason is not None:
        return reason, None
    if model.ratings.raw_power(unit) <= 0:
        return f"unit '{unit.uid}' has no combat power to attack with", None
    return None, order


def _check_strike(model: WargameModel, unit: GroundUnit, order: Strike) -> Checked:
    munition = model.catalog.munitions.get(order.munition)
    if munition is None or munition.kind not in ("missile", "rocket"):
        return f"'{order.munition}' is not a missile or rocket of the catalog", None
    if not model.systems.can_launch_missiles(unit):
        return f"unit '{unit.uid}' has no missile launcher left", None
    if order.rounds < 1:
        return "rounds must be at least 1", None
    stock = unit.stores.get(order.munition, 0)
    if stock < order.rounds:
        return f"unit '{unit.uid}' has {stock} {order.munition} left, not {order.rounds}", None
    if not model.terrain.contains(order.target):
        return f"target {describe_hex(model, order.target)} is not on the map", None
    distance = model.terrain.distance(unit.hex, order.target) * model.terrain.hex_size_km
    if distance > munition.range_km:
        return (
            f"target {describe_hex(model, order.target)} is {distance:g} km away, beyond "
            f"the {munition.range_km:g} km of {order.munition}"
        ), None
    reason = _needs_contact(model, unit.side, order.target)
    return (reason, None) if reason else (None, order)


def _check_sortie(model: WargameModel, side: str, order: Sortie) -> Checked:
    base = model.bases.get(order.base)
    if base is None:
        return f"no air base '{order.base}' (bases: {', '.join(model.bases) or 'none'})", None
    if base.side != side:
        return f"air base '{order.base}' belongs to {base.side}, not {side}", None
    air_type = model.catalog.air_types.get(order.aircraft)
    if air_type is None:
        return f"'{order.aircraft}' is not an air type of the catalog", None
    if order.count < 1:
        return "count must be at least 1", None
    ready = base.ready.get(order.aircraft, 0)
    if ready < order.count:
        return f"{order.base} has {ready} {order.aircraft} ready, not {order.count}", None
    if air_type.role not in MISSION_ROLES[order.mission]:
        return f"{order.aircraft} ({air_type.role}) cannot fly a {order.mission} mission", None
    if order.mission == "sead" and air_type.role == "loitering" and air_type.elint_range_km <= 0:
        return f"{order.aircraft} has no anti-radiation seeker for a sead mission", None
    if not model.terrain.contains(order.target):
        return f"target {describe_hex(model, order.target)} is not on the map", None
    if order.mission in ("strike", "sead") and model.neutral_at(model.terrain.index(order.target)):
        return _neutral_held(model, order.target), None
    altitude = air_type.cruise_altitude_m if order.altitude_m is None else order.altitude_m
    if not 0 < altitude <= air_type.ceiling_m:
        return (
            f"altitude {altitude:g} m is outside 0..{air_type.ceiling_m:g} m for {order.aircraft}"
        ), None
    distance = base.offmap_km + float(
        np.hypot(*(hex_km(order.target, model.terrain.hex_size_km) - base.km))
    )
    legs = 1.0 if air_type.one_way else 2.0
    reach = air_type.speed_kmh * air_type.endurance_h / legs
    if distance > reach:
        return (
            f"target is {distance:.0f} km from {order.base}, beyond the {reach:.0f} km "
            f"{order.aircraft} can fly {'out' if legs == 1 else 'out and back'}"
        ), None
    needs_weapons = (order.mission in ("strike", "sead") and air_type.role == "ucav") or (
        order.mission == "cap"
    )
    if needs_weapons and not any(base.munitions.get(m, 0) for m in air_type.weapons):
        return f"{order.base} has no munitions for {order.aircraft}", None
    if order.priorities is not None:
        unknown = [p for p in order.priorities if p not in EQUIPMENT_CATEGORIES]
        if unknown:
            return f"unknown strike priorities: {', '.join(unknown)}", None
    return None, replace(order, altitude_m=altitude)
