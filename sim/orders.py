"""Orders: plain data that the AI, a player at the window and a test all submit the same way.

An order names a unit (or, for a sortie, an air base) and what it should do. The engine's table
of orders (:mod:`sim.order_table`) decides whether it accepts one, and gives the reason when it
does not; a rejected order changes nothing and never raises. Orders read from files or a front
end come in as dicts through :func:`order_from_dict`, and go out through :func:`order_to_dict`:

>>> order = order_from_dict({"type": "move", "unit": "b-tank-1", "to": [4, 5]})
>>> order
Move(unit='b-tank-1', to=(4, 5), via=None)
>>> order_to_dict(order)
{'type': 'move', 'unit': 'b-tank-1', 'to': [4, 5]}
>>> order_from_dict({"type": "move", "unit": "b-tank-1"})
Traceback (most recent call last):
...
sim.orders.OrderFormatError: to: required for a move order
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, get_args

from pydantic import TypeAdapter, ValidationError

from sim.terrain.geometry import Hex


@dataclass(frozen=True)
class Move:
    """Go to ``to``; ``via`` is the path (each hex after the start, ``to`` last).

    Without ``via`` the engine plans the quickest path (A*) around the enemies the side knows
    of. The order stands over several turns until the unit arrives or gets another order.
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


@dataclass(frozen=True)
class Emcon:
    """Switch a unit's radars and jammers on (``emit``) or off."""

    kind: ClassVar[str] = "emcon"
    unit: str
    emit: bool


@dataclass(frozen=True)
class Strike:
    """Fire ``rounds`` missiles or rockets of ``munition`` from a missile unit at ``target``."""

    kind: ClassVar[str] = "strike"
    unit: str
    target: Hex
    munition: str
    rounds: int = 1


@dataclass(frozen=True)
class Sortie:
    """Fly ``count`` airframes of ``aircraft`` from ``base`` to ``target`` on a ``mission``.

    Missions: ``isr`` (watch the area), ``strike`` (attack what is found there), ``sead`` (hunt
    emitting air defences), ``decoy`` (draw radars and missiles), ``cap`` (hunt enemy aircraft).
    ``priorities`` lists the equipment categories to strike first.
    """

    kind: ClassVar[str] = "sortie"
    base: str
    aircraft: str
    target: Hex
    mission: Literal["isr", "strike", "sead", "decoy", "cap"]
    count: int = 1
    altitude_m: float | None = None
    priorities: tuple[str, ...] | None = None


UnitOrder = Move | Attack | Defend | DigIn | Emcon | Strike
"""Orders given to a ground unit (they have a ``unit`` field)."""
Order = UnitOrder | Sortie
"""Every order type: the one list of them."""
ORDER_TYPES: dict[str, type] = {t.kind: t for t in get_args(Order)}
"""Order types by their ``type`` in order dicts.

>>> list(ORDER_TYPES)
['move', 'attack', 'defend', 'dig_in', 'emcon', 'strike', 'sortie']
"""


@dataclass(frozen=True)
class Verdict:
    """The engine's answer to a submitted order."""

    accepted: bool
    reason: str = ""


HEX_FIELDS = ("to", "via", "target")


class OrderFormatError(ValueError):
    """An order given as data that is not an order at all."""


def order_from_dict(data: Mapping[str, Any]) -> Order:
    """Build an order from ``{"type": "move", "unit": "b1", "to": [4, 5]}`` and the like."""
    if not isinstance(data, Mapping):
        raise OrderFormatError(f"expected a mapping, got {type(data).__name__}")
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in ORDER_TYPES:
        raise OrderFormatError(f"type: expected one of {', '.join(ORDER_TYPES)}, got {kind!r}")
    order_type = ORDER_TYPES[kind]
    allowed = {f.name for f in dataclasses.fields(order_type)}
    unknown = sorted(set(data) - allowed - {"type"})
    if unknown:
        raise OrderFormatError(
            f"unknown field(s) {', '.join(unknown)} for a {kind} order; "
            f"expected: {', '.join(sorted(allowed))}"
        )
    fields = {k: v for k, v in data.items() if k != "type"}
    try:
        order = _adapter(order_type).validate_python(fields, strict=False)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        field = str(error["loc"][0]) if error["loc"] else ""
        where = ".".join(str(p) for p in error["loc"])
        if field in HEX_FIELDS and field in data:
            where, message = field, f"expected a hex [col, row], got {data.get(field)!r}"
        elif error["type"] == "missing":
            message = "required"
        else:
            message = error["msg"]
        raise OrderFormatError(f"{where}: {message} for a {kind} order") from None
    if isinstance(order, UnitOrder) and isinstance(order.unit, str) and not order.unit:
        raise OrderFormatError(f"unit: expected a unit id for a {kind} order")
    return order


@functools.cache
def _adapter(order_type: type) -> TypeAdapter:
    return TypeAdapter(order_type)


def order_to_dict(order: Order) -> dict[str, Any]:
    """The order as plain data; fields left at ``None`` are omitted.

    >>> order_to_dict(Sortie("b", "tb2", (1, 4), "isr", count=2))  # doctest: +NORMALIZE_WHITESPACE
    {'type': 'sortie', 'base': 'b', 'aircraft': 'tb2', 'target': [1, 4],
     'mission': 'isr', 'count': 2}
    """
    data: dict[str, Any] = {"type": order.kind}
    for f in dataclasses.fields(order):
        value = getattr(order, f.name)
        if value is not None:
            data[f.name] = _plain(value)
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value
