"""What an instructor may do during a game, checked and applied the same way for a live game
and for a replayed save.

Actions are plain data, like orders:

- ``{"type": "inject", "event": {...}}``: a scripted event (a roadblock, a message, a ceasefire,
  reinforcements, weather, a supply source; the scenario format's ``events`` entries, without a
  turn) that fires at the start of the next turn, as if the scenario had scripted it;
- ``{"type": "reveal", "view": SIDE | None}``: the window shows that side's picture, or (None)
  the referee's truth; it changes no state but is logged, so a debrief knows who saw what;
- ``{"type": "pause"}`` and ``{"type": "resume"}``: turns are not played while paused;
- ``{"type": "what_if", "name": NAME, "active": true | false}``: a scenario's what-if switched
  from the next turn on, where it can take effect mid-game (:mod:`sim.game.live_what_if`).

Every accepted action is an :class:`~sim.events.InstructorAction` in the event log.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from sim.events import InstructorAction
from sim.game.live_what_if import switch_what_if
from sim.orders import Verdict
from sim.rules.scripted import check_end_before
from sim.scenario.schema import (
    BlockEvent,
    EndEvent,
    ReinforcementEvent,
    ScriptedEvent,
    SupplySourceEvent,
)

if TYPE_CHECKING:
    from sim.model import WargameModel

INSTRUCTOR = "instructor"
"""The actor of instructor actions in a game's record (it is not a side)."""
ACTIONS = ("inject", "reveal", "pause", "resume", "what_if")

_EVENT = TypeAdapter(ScriptedEvent)


def apply_action(model: WargameModel, action: Mapping[str, Any]) -> Verdict:
    """Check ``action`` and carry it out; a bad one is refused with the reason, never raised."""
    kind = action.get("type")
    if kind not in ACTIONS:
        return Verdict(False, f"type: expected one of {', '.join(ACTIONS)}, got {kind!r}")
    if kind == "inject":
        return _inject(model, action.get("event"))
    if kind == "what_if":
        name, active = action.get("name"), action.get("active")
        if not isinstance(name, str) or not isinstance(active, bool):
            return Verdict(False, "what_if: expected a name and active: true or false")
        verdict = switch_what_if(model, name, active)
        if verdict.accepted:
            state = "on" if active else "off"
            _log(model, "what_if", {"name": name, "active": active}, f"what-if {name} {state}")
        return verdict
    if kind == "reveal":
        view = action.get("view")
        if view is not None and view not in model.state.sides.ids:
            sides = ", ".join(model.state.sides.ids)
            return Verdict(False, f"view: no side '{view}'; sides are {sides}")
        note = "revealed everything (referee view)" if view is None else f"showed {view}'s picture"
        _log(model, "reveal", {"view": view}, note)
        return Verdict(True)
    _log(model, kind, {}, "paused the game" if kind == "pause" else "resumed the game")
    return Verdict(True)


def _inject(model: WargameModel, event: Any) -> Verdict:
    if not isinstance(event, Mapping):
        return Verdict(False, "event: expected a scripted event, e.g. {kind: block, ...}")
    turn = model.turn + 1
    try:
        parsed = _EVENT.validate_python({**event, "turn": turn, "time": None})
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in error["loc"][1:]) or "event"
        return Verdict(False, f"event.{where}: {error['msg']}")
    reason = _cross_check(model, parsed)
    if reason is not None:
        return Verdict(False, reason)
    model.state.script.injected.append(parsed)
    _log(model, "inject", {"event": dict(event)}, f"{parsed.kind} event for turn {turn}")
    if isinstance(parsed, EndEvent):  # a ceasefire now: the next turn is not played
        check_end_before(model.state, turn=turn)
    return Verdict(True)


def _cross_check(model: WargameModel, event: ScriptedEvent) -> str | None:
    """What the schema cannot tell: places on this map, sides and types of this scenario."""
    positions = []
    if isinstance(event, BlockEvent):
        positions = list(event.hexes)
        unknown = set(event.sides or ()) - set(model.state.sides.ids)
        if unknown:
            return f"event.sides: no side {sorted(unknown)[0]}"
    elif isinstance(event, SupplySourceEvent):
        positions = [event.at]
        if event.side not in model.state.sides.ids:
            return f"event.side: no side '{event.side}'"
    elif isinstance(event, ReinforcementEvent):
        taken = taken_unit_ids(model)
        for unit in event.units:
            if unit.side not in model.state.sides.ids:
                return f"event.units: no side '{unit.side}'"
            if unit.type not in model.state.catalog.unit_types:
                return f"event.units: no unit type '{unit.type}' in the catalog"
            if unit.id in taken:
                return f"event.units: the id '{unit.id}' is taken"
            positions.append(unit.at)
    for position in positions:
        try:
            hex_ = model.scenario.hex_of(position)
        except KeyError as exc:
            return f"event: no place {exc} in this scenario"
        if not model.terrain.contains(hex_):
            return f"event: {list(hex_)} is not on the map"
    return None


def taken_unit_ids(model: WargameModel) -> set[str]:
    """Ids no new unit may have: units in play, those the scenario brings, and reinforcements
    an instructor has sent that have not arrived yet."""
    taken = {u.uid for u in model.units()} | {u.id for u in model.scenario.unit_specs()}
    taken.update(u.id for u in model.state.script.pending_reinforcements)
    for event in model.state.script.injected:
        if isinstance(event, ReinforcementEvent):
            taken.update(u.id for u in event.units)
    return taken


def _log(model: WargameModel, action: str, detail: dict[str, Any], note: str) -> None:
    model.state.log.record(InstructorAction, action=action, detail=detail, note=note)
