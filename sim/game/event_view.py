"""Which events of the log a side may read: its own doings, what was done to it, public news.

The event log is the referee's record of everything; a player reading it whole would see
through the fog of war (every enemy sortie, every enemy unit's move). A side reads the events
it caused, the events that befell its own units and aircraft, and the public ones (the game's
start and end, scripted news, objectives changing hands), but not the enemy's detections of
them: being seen is not something a unit notices. The referee (``None``) reads all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.events import (
    Combat,
    ContactDetected,
    Event,
    GameEnded,
    GameStarted,
    ObjectiveCaptured,
    Scripted,
    SortieLaunched,
)

if TYPE_CHECKING:
    from sim.model import WargameModel

PUBLIC = (GameStarted, GameEnded, Scripted, ObjectiveCaptured)
OWN_FIELDS = ("unit", "track", "target")
"""Fields naming the unit or aircraft an event befell."""


def events_for(model: WargameModel, side: str | None) -> list[Event]:
    """The events ``side`` may read, in the order they happened."""
    events = list(model.events)
    if side is None:
        return events
    own = own_ids(model, side, events)
    return [e for e in events if _readable(e, side, own)]


def own_ids(model: WargameModel, side: str, events: list[Event]) -> set[str]:
    """Ids of every unit and aircraft ``side`` has had in the game."""
    ids = {u.id for u in model.scenario.unit_specs(side)}
    ids.update(u.uid for u in model.units(side))
    for event in events:
        if isinstance(event, SortieLaunched) and event.side == side:
            ids.update(event.tracks)
    return ids


def _readable(event: Event, side: str, own: set[str]) -> bool:
    if isinstance(event, PUBLIC) or event.side == side:
        return True
    if isinstance(event, Combat):
        return event.defender_side == side
    if isinstance(event, ContactDetected):  # being seen is not something one notices
        return False
    return any(getattr(event, name, None) in own for name in OWN_FIELDS)
