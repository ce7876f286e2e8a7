"""The key events of a game, picked from its event log and grouped by day.

A log holds thousands of events (every move, sighting and shot); a reader of the review wants
the few that change the game. Some kinds always matter (news, objectives changing hands, units
leaving the game, the end); of the frequent kinds only the first of each sort (the first
airframe of a type shot down, the first strike to hit, the first interception) and the biggest
fights are kept. The rules are stated on the page (:data:`SELECTION`), so the reader knows
what was left out.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

ALWAYS = {
    "game_started": "start",
    "scripted": "news",
    "objective_captured": "objective",
    "unit_eliminated": "unit eliminated",
    "game_ended": "end",
}
"""Kinds of event that are always key, and the label each gets."""
BIGGEST_COMBATS = 10
"""Most fights listed: the largest by casualties on both sides."""
SELECTION = (
    "Listed: the start and the end, scripted news, every objective that changed hands, every "
    "unit that left the game, every reusable aircraft shot down, the first airframe of each "
    "type each side lost to air defence and to jamming, each side's first strike to hit and "
    "first to destroy air-defence equipment, each side's first missile interception, and the "
    f"largest fights (at most {BIGGEST_COMBATS}, by casualties on both sides)."
)


@dataclass(frozen=True)
class Entry:
    """One line of the timeline."""

    turn: int
    time: str
    """ISO 8601, the start of the turn in the scenario's local time."""
    label: str
    """What sort of event it is: ``objective``, ``shot down``, ``fight``..."""
    text: str
    """The event's own words (``Event.describe``)."""
    side: str | None


@dataclass(frozen=True)
class Day:
    """The entries of one calendar day of the game."""

    date: dt.date
    number: int
    """1 for the first day of the game."""
    entries: list[Entry]


def key_events(
    events: Sequence[Mapping[str, Any]],
    one_way_types: Iterable[str] = (),
    air_defence_items: Iterable[str] = (),
) -> list[Entry]:
    """The key events of a log, in the log's order.

    ``one_way_types`` are the air types spent by design (loitering munitions, decoys): their
    losses are listed only when a side first loses one. ``air_defence_items`` are the
    equipment types that count as air defence (radars and SAM launchers); without them, no
    strike is singled out for hitting air defence.
    """
    one_way, air_defence = set(one_way_types), set(air_defence_items)
    chosen: dict[int, str] = {}
    firsts: set[tuple[Any, ...]] = set()

    def first(index: int, key: tuple[Any, ...], label: str) -> None:
        if key not in firsts:
            firsts.add(key)
            chosen.setdefault(index, label)

    for index, event in enumerate(events):
        kind = event.get("kind")
        side = event.get("side")
        if kind in ALWAYS:
            chosen[index] = ALWAYS[kind]
        elif kind == "kill":
            air_type = event.get("air_type")
            if air_type not in one_way:
                chosen[index] = "shot down"
            first(index, ("kill", side, air_type), "shot down")
        elif kind == "jammed":
            first(index, ("jammed", side, event.get("air_type")), "jammed")
        elif kind == "interception":
            first(index, ("interception", side), "interception")
        elif kind == "strike" and event.get("hit"):
            first(index, ("strike", side), "strike")
            lost = (event.get("losses") or {}).get("equipment") or {}
            if air_defence & {k for k, n in lost.items() if n}:
                first(index, ("sead", side), "strike on air defence")
    for index in _biggest_combats(events):
        chosen.setdefault(index, "fight")
    return [_entry(events[i], label) for i, label in sorted(chosen.items())]


def by_day(entries: Iterable[Entry], start: dt.datetime) -> list[Day]:
    """Entries grouped by the calendar day of their time, the days numbered from ``start``."""
    days: dict[dt.date, list[Entry]] = {}
    for entry in entries:
        days.setdefault(_date(entry.time, start), []).append(entry)
    return [
        Day(date, (date - start.date()).days + 1, listed) for date, listed in sorted(days.items())
    ]


def kind_counts(events: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """How many events of each kind the log holds, most frequent first."""
    counts: dict[str, int] = {}
    for event in events:
        kind = str(event.get("kind"))
        counts[kind] = counts.get(kind, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def casualties(event: Mapping[str, Any]) -> int:
    """People lost on both sides of a fight."""
    total = 0
    for key in ("attacker_losses", "defender_losses"):
        for losses in event.get(key) or ():
            total += int(losses.get("personnel", 0)) if isinstance(losses, Mapping) else 0
    return total


def _biggest_combats(events: Sequence[Mapping[str, Any]]) -> list[int]:
    """Indexes of the largest fights: at most :data:`BIGGEST_COMBATS`, a tenth of all fights
    (three at least), each with casualties."""
    fights = [(casualties(e), i) for i, e in enumerate(events) if e.get("kind") == "combat"]
    fights = [(lost, i) for lost, i in fights if lost > 0]
    keep = min(BIGGEST_COMBATS, max(3, math.ceil(len(fights) / 10)))
    fights.sort(key=lambda item: (-item[0], item[1]))
    return [i for _, i in fights[:keep]]


def _entry(event: Mapping[str, Any], label: str) -> Entry:
    return Entry(
        turn=int(event["turn"]),
        time=str(event["time"]),
        label=label,
        text=str(event.get("text", event.get("kind"))),
        side=event.get("side"),
    )


def _date(time: str, start: dt.datetime) -> dt.date:
    try:
        return dt.datetime.fromisoformat(time).date()
    except ValueError:
        return start.date()
