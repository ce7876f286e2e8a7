"""Orders from one table: for every order type, the check the engine applies and what the order
does once accepted, side by side.

:func:`submit` is the one door through which every order enters a game: the AI's, a player's at
the window, a test's. It checks the order against what the ordering side may know: paths avoid
the enemies in its picture (an enemy it has not seen will stop the unit when it gets there), and
attacks, fire missions and strikes need a contact in its picture at the target. A rejected order
changes nothing but the event log (an :class:`~sim.events.OrderRejected` with the reason) and
never raises. :data:`ORDER_RULES` is the table; its keys are exactly the types of
:data:`sim.orders.Order`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from sim.events import EmconChanged, EventLog, OrderRejected
from sim.orders import (
    Attack,
    Defend,
    DigIn,
    Emcon,
    Move,
    Order,
    Sortie,
    Strike,
    UnitOrder,
    Verdict,
    order_to_dict,
)
from sim.scenario.catalog_schema import EQUIPMENT_CATEGORIES
from sim.terrain.geometry import Hex
from sim.units.air import hex_km

if TYPE_CHECKING:
    from sim.clock import Clock
    from sim.closures import Closures
    from sim.forces import Forces
    from sim.picture import Pictures
    from sim.rules.power import PowerRatings
    from sim.scenario.catalog import Catalog
    from sim.scenario.catalog_schema import Rules
    from sim.scenario.scenario import Scenario
    from sim.sides import Sides
    from sim.terrain.terrain import Terrain
    from sim.units.air import AirWar
    from sim.units.ground import GroundUnit
    from sim.units.systems import Systems

Checked = tuple[str | None, Order | None]
"""(the reason an order is rejected, None) or (None, the order as it will be carried out)."""

MISSION_ROLES = {
    "isr": ("isr", "ucav"),
    "strike": ("ucav", "loitering"),
    "sead": ("ucav", "loitering"),
    "decoy": ("decoy",),
    "cap": ("fighter",),
}
"""The air roles that can fly each sortie mission."""


class OrderState(Protocol):
    """What checking and carrying out orders reads and writes."""

    @property
    def scenario(self) -> Scenario: ...
    @property
    def catalog(self) -> Catalog: ...
    @property
    def rules(self) -> Rules: ...
    @property
    def terrain(self) -> Terrain: ...
    @property
    def sides(self) -> Sides: ...
    @property
    def ratings(self) -> PowerRatings: ...
    @property
    def systems(self) -> Systems: ...
    @property
    def clock(self) -> Clock: ...
    @property
    def closures(self) -> Closures: ...
    @property
    def pictures(self) -> Pictures: ...

    forces: Forces
    air: AirWar
    log: EventLog


@dataclass(frozen=True)
class OrderRule:
    """How the engine takes one type of order: ``check(state, unit or base, order)`` gives
    :data:`Checked`; ``carry_out(state, unit or base, order)`` applies an accepted one."""

    check: Callable[[OrderState, Any, Any], Checked]
    carry_out: Callable[[OrderState, Any, Any], None]


def submit(state: OrderState, side: str, order: Order | object) -> Verdict:
    """Give an order to one of ``side``'s units (or air bases); a bad order is rejected with
    its reason, never raised."""
    reason, checked, subject = _check(state, side, order)
    if reason is not None or checked is None:
        _reject(state, side, order, reason or "rejected")
        return Verdict(False, reason or "rejected")
    ORDER_RULES[type(checked)].carry_out(state, subject, checked)
    return Verdict(True)


def check_order(state: OrderState, side: str, order: object) -> Checked:
    """Whether ``side`` may give ``order`` now, without giving it."""
    reason, checked, _ = _check(state, side, order)
    return reason, checked


def _check(state: OrderState, side: str, order: object) -> tuple[str | None, Order | None, Any]:
    if side not in state.sides.index:
        return f"no side '{side}' in this scenario", None, None
    rule = ORDER_RULES.get(type(order))
    if rule is None:
        return f"not an order: {order!r}", None, None
    if isinstance(order, Sortie):
        base = state.air.bases.get(order.base)
        if base is None:
            bases = ", ".join(state.air.bases) or "none"
            return f"no air base '{order.base}' (bases: {bases})", None, None
        if base.side != side:
            return f"air base '{order.base}' belongs to {base.side}, not {side}", None, None
        return (*rule.check(state, base, order), base)
    assert isinstance(order, UnitOrder)
    unit = state.forces.unit(order.unit)
    if unit is None:
        return f"no unit '{order.unit}' in play", None, None
    if unit.side != side:
        return f"unit '{order.unit}' belongs to {unit.side}, not {side}", None, None
    if unit.status == "routed":
        return f"unit '{order.unit}' is routed and takes no orders until it rallies", None, None
    return (*rule.check(state, unit, order), unit)


def _reject(state: OrderState, side: str, order: object, reason: str) -> None:
    unit = order.unit if isinstance(order, UnitOrder) else None
    in_play = state.forces.unit(unit) if isinstance(unit, str) else None
    state.log.record(
        OrderRejected,
        side=side if side in state.sides.index else None,
        hex=in_play.hex if in_play is not None else None,
        unit=unit if isinstance(unit, str) else None,
        order=order_to_dict(order) if type(order) in ORDER_RULES else {"repr": repr(order)},
        reason=reason,
    )


def describe_hex(terrain: Terrain, hex_: Hex) -> str:
    if terrain.contains(hex_):
        return f"[{hex_[0]}, {hex_[1]}]"
    return f"[{hex_[0]}, {hex_[1]}] (off the map of {terrain.cols} x {terrain.rows} hexes)"


def known_obstacles(state: OrderState, side: str) -> np.ndarray:
    """Hexes ``side`` believes it cannot enter: known enemy positions and closed hexes."""
    contacts = state.pictures.known_enemies(
        side, state.clock.current_turn, state.rules.air.strike_contact_max_age_h
    )
    return state.forces.occupancy.known_obstacles(
        side, state.closures, [state.terrain.index(c.hex) for c in contacts]
    )


# --- move ----------------------------------------------------------------------------------


def _check_move(state: OrderState, unit: GroundUnit, order: Move) -> Checked:
    terrain = state.terrain
    if not terrain.contains(order.to):
        return f"destination {describe_hex(terrain, order.to)} is not on the map", None
    if not terrain.passable(unit.mobility, order.to):
        ground = state.scenario.terrain.class_at(*order.to)
        return (
            f"destination {describe_hex(terrain, order.to)} is {ground}, impassable for "
            f"{unit.mobility} units"
        ), None
    if order.to == unit.hex:
        return f"unit '{unit.uid}' is already at {describe_hex(terrain, order.to)}", None
    blocked = known_obstacles(state, unit.side)
    if order.via is None:
        path = terrain.path(unit.mobility, unit.hex, order.to, blocked)
        if path is None:
            return (
                f"no path from {describe_hex(terrain, unit.hex)} to "
                f"{describe_hex(terrain, order.to)} for {unit.mobility} units"
            ), None
        return None, replace(order, via=tuple(terrain.hex_at(i) for i in path.hexes[1:]))
    if not order.via or order.via[-1] != order.to:
        return "via must end at the destination", None
    previous = unit.hex
    for step in order.via:
        if not terrain.contains(step) or terrain.distance(previous, step) != 1:
            return (
                f"path step {describe_hex(terrain, previous)} -> {describe_hex(terrain, step)} "
                "does not join neighbouring hexes"
            ), None
        if terrain.step_hours(unit.mobility, previous, step) == float("inf"):
            return (
                f"path step into {describe_hex(terrain, step)} is impassable for "
                f"{unit.mobility} units"
            ), None
        if blocked[terrain.index(step)]:
            return (
                f"path runs through {describe_hex(terrain, step)}, which is held by a known "
                "enemy or closed"
            ), None
        previous = step
    return None, order


def _take_orders(state: OrderState, unit: GroundUnit, order: Move | Attack) -> None:
    """The unit follows the order from now on (a move keeps its progress along the same way)."""
    route = list(order.via) if isinstance(order, Move) and order.via else []
    if not route or not unit.route or route[0] != unit.route[0]:
        unit.move_progress_h = 0.0
    unit.order, unit.route = order, route


# --- attack --------------------------------------------------------------------------------


def _neutral_held(state: OrderState, target: Hex) -> str:
    names = ", ".join(sorted(state.scenario.spec.sides[s].name for s in state.sides.neutral))
    return f"{describe_hex(state.terrain, target)} is held by {names}: no side may fire on them"


def _needs_contact(state: OrderState, side: str, target: Hex) -> str | None:
    """Attacks and strikes need a recent enough contact at their target, and no neutrals there."""
    if state.forces.occupancy.neutral_at(state.terrain.index(target)):
        return _neutral_held(state, target)
    max_age = state.rules.air.strike_contact_max_age_h
    if state.pictures.contacts_at(side, target, state.clock.current_turn, max_age):
        return None
    return (
        f"no known enemy at {describe_hex(state.terrain, target)} (the side's picture has no "
        f"contact there seen in the last {max_age:g} h)"
    )


def _check_attack(state: OrderState, unit: GroundUnit, order: Attack) -> Checked:
    terrain = state.terrain
    if not terrain.contains(order.target):
        return f"target {describe_hex(terrain, order.target)} is not on the map", None
    distance = terrain.distance(unit.hex, order.target)
    if distance == 0:
        return "a unit cannot attack its own hex", None
    if distance > 1:
        _, reach_km = state.ratings.support(unit)
        if distance * terrain.hex_size_km > reach_km:
            what = f"reach of its guns ({reach_km:g} km)" if reach_km else "reach (no guns)"
            return (
                f"target {describe_hex(terrain, order.target)} is {distance} hexes away, "
                f"beyond the unit's {what}"
            ), None
    reason = _needs_contact(state, unit.side, order.target)
    if reason is not None:
        return reason, None
    if state.ratings.raw_power(unit) <= 0:
        return f"unit '{unit.uid}' has no combat power to attack with", None
    return None, order


# --- defend, dig in ------------------------------------------------------------------------


def _always(state: OrderState, unit: GroundUnit, order: Defend | DigIn) -> Checked:
    """Any unit that takes orders may stop and hold, or dig in."""
    return None, order


def _take_posture(state: OrderState, unit: GroundUnit, order: Defend | DigIn) -> None:
    """Stop where it stands, in the posture ordered."""
    unit.move_progress_h = 0.0
    unit.order, unit.route = None, []
    unit.posture = "defend" if isinstance(order, Defend) else "dig_in"


# --- emcon ---------------------------------------------------------------------------------


def _check_emcon(state: OrderState, unit: GroundUnit, order: Emcon) -> Checked:
    if not state.systems.emitter(unit):
        return f"unit '{unit.uid}' has no radar or jammer to switch", None
    return None, order


def _switch_emitters(state: OrderState, unit: GroundUnit, order: Emcon) -> None:
    if unit.emitting != order.emit:
        unit.emitting = order.emit
        state.log.record(
            EmconChanged, side=unit.side, hex=unit.hex, unit=unit.uid, emitting=order.emit
        )


# --- missile strike ------------------------------------------------------------------------


def _check_strike(state: OrderState, unit: GroundUnit, order: Strike) -> Checked:
    terrain = state.terrain
    munition = state.catalog.munitions.get(order.munition)
    if munition is None or munition.kind not in ("missile", "rocket"):
        return f"'{order.munition}' is not a missile or rocket of the catalog", None
    if not state.systems.can_launch_missiles(unit):
        return f"unit '{unit.uid}' has no missile launcher left", None
    if order.rounds < 1:
        return "rounds must be at least 1", None
    stock = unit.stores.get(order.munition, 0)
    if stock < order.rounds:
        return f"unit '{unit.uid}' has {stock} {order.munition} left, not {order.rounds}", None
    if not terrain.contains(order.target):
        return f"target {describe_hex(terrain, order.target)} is not on the map", None
    distance = terrain.distance(unit.hex, order.target) * terrain.hex_size_km
    if distance > munition.range_km:
        return (
            f"target {describe_hex(terrain, order.target)} is {distance:g} km away, beyond "
            f"the {munition.range_km:g} km of {order.munition}"
        ), None
    reason = _needs_contact(state, unit.side, order.target)
    return (reason, None) if reason else (None, order)


def _queue_strike(state: OrderState, unit: GroundUnit, order: Strike) -> None:
    """The rounds leave the unit's stores now and fly in this turn's fires phase."""
    unit.stores[order.munition] -= order.rounds
    state.air.pending_strikes.append(order)


# --- sortie --------------------------------------------------------------------------------


def _check_sortie(state: OrderState, base, order: Sortie) -> Checked:
    terrain = state.terrain
    air_type = state.catalog.air_types.get(order.aircraft)
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
    if not terrain.contains(order.target):
        return f"target {describe_hex(terrain, order.target)} is not on the map", None
    if order.mission in ("strike", "sead") and state.forces.occupancy.neutral_at(
        terrain.index(order.target)
    ):
        return _neutral_held(state, order.target), None
    altitude = air_type.cruise_altitude_m if order.altitude_m is None else order.altitude_m
    if not 0 < altitude <= air_type.ceiling_m:
        return (
            f"altitude {altitude:g} m is outside 0..{air_type.ceiling_m:g} m for {order.aircraft}"
        ), None
    distance = base.offmap_km + float(
        np.hypot(*(hex_km(order.target, terrain.hex_size_km) - base.km))
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


def _queue_sortie(state: OrderState, base, order: Sortie) -> None:
    """The airframes leave the ready line now and take off in this turn's air phase."""
    base.ready[order.aircraft] -= order.count
    state.air.pending_sorties.append(order)


ORDER_RULES: dict[type, OrderRule] = {
    Move: OrderRule(_check_move, _take_orders),
    Attack: OrderRule(_check_attack, _take_orders),
    Defend: OrderRule(_always, _take_posture),
    DigIn: OrderRule(_always, _take_posture),
    Emcon: OrderRule(_check_emcon, _switch_emitters),
    Strike: OrderRule(_check_strike, _queue_strike),
    Sortie: OrderRule(_check_sortie, _queue_sortie),
}
"""Every order type, its check and what it does: the one table of orders."""
