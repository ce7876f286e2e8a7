"""Why did this happen: an event's own numbers, and the events that led to it.

Every event carries the figures the rules used (a shot's kill probability and whether it hit, a
combat's powers, force ratio, intensity and losses, a detection's sensor), so the explanation of
an event is those figures in words, followed by the earlier events that name the same units or
aircraft: the sortie that launched a track, the detections before a strike, the shots before a
kill. It reads only the events the reader may see (``sim.game.event_view``), so an explanation
never lifts the fog of war.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from sim.events import Event

LINKS = ("unit", "track", "target", "shooter", "attacker", "by", "attackers", "defenders", "tracks")
"""Fields that name units or aircraft: events sharing one of them are related."""
MAX_CAUSES = 8
FIELD_LABELS = {
    "pk": "kill probability",
    "hit": "hit",
    "force_ratio": "force ratio (attacker : defender power)",
    "attacker_power": "attacker combat power",
    "defender_power": "defender combat power",
    "intensity": "combat intensity (share of a day's losses)",
    "confidence": "confidence",
    "sensor": "sensor",
    "altitude_m": "altitude (m)",
}


def explain(event: Event, readable: Sequence[Event]) -> list[str]:
    """Lines that say what ``event`` was, with its figures, and what led to it."""
    lines = [f"Turn {event.turn}, {event.time}: {event.describe()}"]
    lines += [f"  {label}: {value}" for label, value in _figures(event)]
    causes = _causes(event, readable)
    if causes:
        lines.append("Led up to by:")
        lines += [f"  turn {e.turn}: {e.describe()}" for e in causes]
    return lines


def _figures(event: Event) -> list[tuple[str, str]]:
    skip = {"turn", "time", "side", "hex"}
    shown = []
    for field in dataclasses.fields(event):
        if field.name in skip:
            continue
        value = getattr(event, field.name)
        if value in (None, [], {}, ""):
            continue
        shown.append((FIELD_LABELS.get(field.name, field.name.replace("_", " ")), _plain(value)))
    return shown


def _causes(event: Event, readable: Sequence[Event]) -> list[Event]:
    """Earlier events (this turn or before) that name a unit or aircraft this one names."""
    names = _names(event)
    if not names:
        return []
    index = next((i for i, e in enumerate(readable) if e is event), len(readable))
    before = [e for e in readable[:index] if e.turn <= event.turn]
    related = [e for e in before if _names(e) & names]
    return related[-MAX_CAUSES:]


def _names(event: Event) -> set[str]:
    found: set[str] = set()
    for name in LINKS:
        value = getattr(event, name, None)
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, list | tuple):
            found.update(v for v in value if isinstance(v, str))
    return found


def _plain(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value)
    if dataclasses.is_dataclass(value):
        return ", ".join(f"{k} {_plain(v)}" for k, v in dataclasses.asdict(value).items() if v)
    if isinstance(value, dict):
        return ", ".join(f"{k} {_plain(v)}" for k, v in value.items())
    return str(value)
