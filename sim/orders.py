"""Orders: plain data that the AI, a player at the window and a test all submit the same way.

An order names a unit and what it should do. :func:`check_order` decides whether the engine
accepts it, and returns the reason when it does not; a rejected order changes nothing and never
raises. Orders read from files or a front end come in as dicts through :func:`order_from_dict`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

from sim.terrain.data import Hex

if TYPE_CHECKING:
    from sim.model import WargameModel
    from sim.units.ground import GroundUnit


@dataclass(frozen=True)
class Move:
    """Go to ``to``; ``via`` is the path (each hex after the start, ``to`` last).

    Without ``via`` the engine plans the quickest path (A*). The order stands over several turns
    until the unit arrives or gets another order.
    """

    kind: ClassVar[str] = "move"
    unit: str
    to: Hex
    via: tuple[Hex, ...] | None = None


@dataclass(frozen=True)
class Attack:
    """Assault the enemy in the neighbouring hex ``target`` this turn, or, for a unit with
    indirect-fire weapons, fire on a hex further away within their reach."""

    kind: ClassVar[str] = "attack"
    unit: str
    target: Hex


@dataclass(frozen=True)
class Defend:
    """Stop and hold the current hex."""

    kind: ClassVar[str] = "defend"
    unit: str


@dataclass(frozen=True)
class DigIn:
    """Stop and entrench: defence grows with every turn spent digging."""

    kind: ClassVar[str] = "dig_in"
    unit: str


Order = Move | Attack | Defend | DigIn
ORDER_TYPES: dict[str, type] = {t.kind: t for t in (Move, Attack, Defend, DigIn)}


@dataclass(frozen=True)
class Verdict:
    """The engine's answer to a submitted order."""

    accepted: bool
    reason: str = ""


class OrderFormatError(ValueError):
    """An order given as data that is not an order at all."""


def _hex(value: Any, field: str) -> Hex:
    if (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        return int(value[0]), int(value[1])
    raise OrderFormatError(f"{field}: expected a hex [col, row], got {value!r}")


def order_from_dict(data: Mapping[str, Any]) -> Order:
    """Build an order from ``{"type": "move", "unit": "b1", "to": [4, 5]}`` and the like."""
    if not isinstance(data, Mapping):
        raise OrderFormatError(f"expected a mapping, got {type(data).__name__}")
    kind = data.get("type")
    if kind not in ORDER_TYPES:
        raise OrderFormatError(f"type: expected one of {', '.join(ORDER_TYPES)}, got {kind!r}")
    allowed = {"type", "unit"} | {"move": {"to", "via"}, "attack": {"target"}}.get(kind, set())
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise OrderFormatError(
            f"unknown field(s) {', '.join(unknown)} for a {kind} order; "
            f"expected: {', '.join(sorted(allowed))}"
        )
    unit = data.get("unit")
    if not isinstance(unit, str) or not unit:
        raise OrderFormatError(f"unit: expected a unit id, got {unit!r}")
    if kind == "move":
        if "to" not in data:
            raise OrderFormatError("to: required for a move order")
        via = data.get("via")
        if via is not None and not isinstance(via, list | tuple):
            raise OrderFormatError(f"via: expected a list of hexes, got {via!r}")
        path = None if via is None else tuple(_hex(v, f"via[{i}]") for i, v in enumerate(via))
        return Move(unit, _hex(data["to"], "to"), path)
    if kind == "attack":
        if "target" not in data:
            raise OrderFormatError("target: required for an attack order")
        return Attack(unit, _hex(data["target"], "target"))
    return ORDER_TYPES[kind](unit)


def order_to_dict(order: Order) -> dict[str, Any]:
    data: dict[str, Any] = {"type": order.kind, "unit": order.unit}
    if isinstance(order, Move):
        data["to"] = list(order.to)
        if order.via is not None:
            data["via"] = [list(h) for h in order.via]
    elif isinstance(order, Attack):
        data["target"] = list(order.target)
    return data


def check_order(model: WargameModel, side: str, order: object) -> tuple[str | None, Order | None]:
    """(reason it is rejected, None) or (None, the order ready to execute)."""
    if not isinstance(order, Move | Attack | Defend | DigIn):
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
    return None, order


def _describe_hex(model: WargameModel, hex_: Hex) -> str:
    terrain = model.terrain
    return (
        f"[{hex_[0]}, {hex_[1]}]"
        if terrain.contains(hex_)
        else (f"[{hex_[0]}, {hex_[1]}] (off the map of {terrain.cols} x {terrain.rows} hexes)")
    )


def _check_move(
    model: WargameModel, unit: GroundUnit, order: Move
) -> tuple[str | None, Order | None]:
    terrain = model.terrain
    if not terrain.contains(order.to):
        return f"destination {_describe_hex(model, order.to)} is not on the map", None
    if not terrain.passable(unit.mobility, order.to):
        ground = model.scenario.terrain.class_at(*order.to)
        return (
            f"destination {_describe_hex(model, order.to)} is {ground}, impassable for "
            f"{unit.mobility} units",
            None,
        )
    if order.to == unit.hex:
        return f"unit '{unit.uid}' is already at {_describe_hex(model, order.to)}", None
    blocked = model.movement_obstacles(unit.side)
    if order.via is None:
        path = terrain.path(unit.mobility, unit.hex, order.to, blocked)
        if path is None:
            return (
                f"no path from {_describe_hex(model, unit.hex)} to "
                f"{_describe_hex(model, order.to)} for {unit.mobility} units",
                None,
            )
        return None, replace(order, via=tuple(terrain.hex_at(i) for i in path.hexes[1:]))
    if not order.via or order.via[-1] != order.to:
        return "via must end at the destination", None
    previous = unit.hex
    for step in order.via:
        if not terrain.contains(step) or terrain.distance(previous, step) != 1:
            return (
                f"path step {_describe_hex(model, previous)} -> {_describe_hex(model, step)} "
                f"does not join neighbouring hexes",
                None,
            )
        if terrain.step_hours(unit.mobility, previous, step) == float("inf"):
            return (
                f"path step into {_describe_hex(model, step)} is impassable for "
                f"{unit.mobility} units",
                None,
            )
        if blocked[terrain.index(step)]:
            return f"path runs through {_describe_hex(model, step)}, which is held or blocked", None
        previous = step
    return None, order


def _check_attack(
    model: WargameModel, unit: GroundUnit, order: Attack
) -> tuple[str | None, Order | None]:
    if not model.terrain.contains(order.target):
        return f"target {_describe_hex(model, order.target)} is not on the map", None
    distance = model.terrain.distance(unit.hex, order.target)
    if distance == 0:
        return "a unit cannot attack its own hex", None
    if distance > 1:
        _, reach_km = model.ratings.support(unit)
        if distance * model.terrain.hex_size_km > reach_km:
            what = f"reach of its guns ({reach_km:g} km)" if reach_km else "reach (no guns)"
            return (
                f"target {_describe_hex(model, order.target)} is {distance} hexes away, "
                f"beyond the unit's {what}",
                None,
            )
    if not model.enemy_units_at(unit.side, order.target):
        return f"no enemy unit at {_describe_hex(model, order.target)}", None
    if model.ratings.raw_power(unit) <= 0:
        return f"unit '{unit.uid}' has no combat power to attack with", None
    return None, order
