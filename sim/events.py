"""The event log: a typed, append-only record of everything that happened in a game.

Every event carries the turn, the time, the side and the hex it concerns; each kind adds its own
fields. The rules add events with :meth:`EventLog.record`, which stamps them with the clock's turn
and time; front ends, reports and tests read the log; nothing ever edits it.
:meth:`EventLog.write_jsonl` writes one JSON object per line, the same bytes for the same game.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TextIO, TypeVar

from sim.terrain.geometry import Hex

if TYPE_CHECKING:
    from sim.clock import Clock

E = TypeVar("E", bound="Event")


@dataclass(frozen=True, kw_only=True)
class Event:
    """Base of all events: when, where, whose."""

    kind: ClassVar[str] = "event"
    turn: int
    time: str
    side: str | None = None
    hex: Hex | None = None

    def to_dict(self) -> dict[str, Any]:
        """The event as JSON-ready data: its kind, its fields, and a line of plain text."""
        data = {"kind": self.kind}
        data.update(dataclasses.asdict(self))
        data["text"] = self.describe()
        return data

    def describe(self) -> str:
        """One line of plain text for logs and panels."""
        return self.kind.replace("_", " ")


@dataclass(frozen=True, kw_only=True)
class GameStarted(Event):
    kind: ClassVar[str] = "game_started"
    title: str
    seed: int | None

    def describe(self) -> str:
        return f"{self.title} begins (seed {self.seed})"


@dataclass(frozen=True, kw_only=True)
class OrderRejected(Event):
    kind: ClassVar[str] = "order_rejected"
    unit: str | None
    order: dict[str, Any]
    reason: str

    def describe(self) -> str:
        whom = self.unit or self.order.get("base") or "?"
        what = str(self.order.get("type", "order")).replace("_", " ")
        return f"{what} order for {whom} rejected: {self.reason}"


@dataclass(frozen=True, kw_only=True)
class UnitMoved(Event):
    kind: ClassVar[str] = "unit_moved"
    unit: str
    origin: Hex
    steps: int

    def describe(self) -> str:
        return (
            f"{self.unit} moved {self.steps} hex(es) from {list(self.origin)} to {list(self.hex)}"
        )


@dataclass(frozen=True, kw_only=True)
class MoveBlocked(Event):
    kind: ClassVar[str] = "move_blocked"
    unit: str
    reason: str

    def describe(self) -> str:
        return f"{self.unit} cannot move on: {self.reason}"


@dataclass(frozen=True, kw_only=True)
class Losses:
    """What one unit lost in one fight."""

    unit: str
    personnel: int
    equipment: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Combat(Event):
    """A fight for one hex: ``side`` attacked (assault and/or fire missions), ``hex`` defended."""

    kind: ClassVar[str] = "combat"
    defender_side: str
    attackers: list[str]
    defenders: list[str]
    attacker_fire: list[str]
    defender_fire: list[str]
    attacker_power: float
    defender_power: float
    force_ratio: float
    intensity: float
    attacker_losses: list[Losses]
    defender_losses: list[Losses]

    def describe(self) -> str:
        lost_a = sum(x.personnel for x in self.attacker_losses)
        lost_d = sum(x.personnel for x in self.defender_losses)
        if not self.attackers:
            return (
                f"{', '.join(self.attacker_fire)} bombarded {', '.join(self.defenders)} at "
                f"{list(self.hex)}: {lost_d} casualties"
            )
        return (
            f"{', '.join(self.attackers)} attacked {', '.join(self.defenders)} at "
            f"{list(self.hex)}: ratio {self.force_ratio:.2f}, losses {lost_a} vs {lost_d}"
        )


@dataclass(frozen=True, kw_only=True)
class UnitRetreated(Event):
    kind: ClassVar[str] = "unit_retreated"
    unit: str
    origin: Hex
    routed: bool

    def describe(self) -> str:
        verb = "routed" if self.routed else "fell back"
        return f"{self.unit} {verb} from {list(self.origin)} to {list(self.hex)}"


@dataclass(frozen=True, kw_only=True)
class UnitHeld(Event):
    """A unit that failed its morale test but had nowhere to go, and fought on."""

    kind: ClassVar[str] = "unit_held"
    unit: str

    def describe(self) -> str:
        return f"{self.unit} wavered but had no way back and held"


@dataclass(frozen=True, kw_only=True)
class UnitRallied(Event):
    kind: ClassVar[str] = "unit_rallied"
    unit: str

    def describe(self) -> str:
        return f"{self.unit} rallied"


@dataclass(frozen=True, kw_only=True)
class UnitAdvanced(Event):
    kind: ClassVar[str] = "unit_advanced"
    unit: str
    origin: Hex

    def describe(self) -> str:
        return f"{self.unit} advanced into {list(self.hex)}"


@dataclass(frozen=True, kw_only=True)
class UnitEliminated(Event):
    """A unit leaves the game: it surrendered, or was worn below combat effectiveness."""

    kind: ClassVar[str] = "unit_eliminated"
    unit: str
    cause: str
    personnel: int
    captured: int
    """Of ``personnel``, taken prisoner; the others scatter."""
    equipment: dict[str, int]

    def describe(self) -> str:
        taken = f", {self.captured} taken prisoner" if self.captured else ""
        return f"{self.unit} {self.cause} ({self.personnel} personnel{taken})"


@dataclass(frozen=True, kw_only=True)
class SupplyChanged(Event):
    kind: ClassVar[str] = "supply_changed"
    unit: str
    in_supply: bool

    def describe(self) -> str:
        return f"{self.unit} {'back in supply' if self.in_supply else 'cut off from supply'}"


@dataclass(frozen=True, kw_only=True)
class ObjectiveCaptured(Event):
    kind: ClassVar[str] = "objective_captured"
    objective: str
    name: str
    previous_owner: str | None

    def describe(self) -> str:
        return f"{self.side} took {self.name}" + (
            f" from {self.previous_owner}" if self.previous_owner else ""
        )


@dataclass(frozen=True, kw_only=True)
class Scripted(Event):
    """An exogenous event from the scenario's ``events:`` list."""

    kind: ClassVar[str] = "scripted"
    event: str
    message: str

    def describe(self) -> str:
        return f"[{self.event}] {self.message}"


@dataclass(frozen=True, kw_only=True)
class InstructorAction(Event):
    """Something the instructor did during the game: an event injected for the next turn, a
    view revealed, the game paused; kept in the log so that a debrief can tell it from play."""

    kind: ClassVar[str] = "instructor"
    action: str
    detail: dict[str, Any]
    note: str

    def describe(self) -> str:
        return f"instructor: {self.note}"


@dataclass(frozen=True, kw_only=True)
class GameEnded(Event):
    kind: ClassVar[str] = "game_ended"
    winner: str | None
    reason: str

    def describe(self) -> str:
        who = f"{self.winner} wins" if self.winner else "draw"
        return f"game over, {who}: {self.reason}"


@dataclass(frozen=True, kw_only=True)
class SortieLaunched(Event):
    """Airframes take off: ``side`` flies ``aircraft`` from ``base`` to ``hex``."""

    kind: ClassVar[str] = "sortie"
    base: str
    aircraft: str
    mission: str
    tracks: list[str]
    altitude_m: float

    def describe(self) -> str:
        return (
            f"{len(self.tracks)} {self.aircraft} off from {self.base} on {self.mission} "
            f"to {list(self.hex)} at {self.altitude_m:g} m"
        )


@dataclass(frozen=True, kw_only=True)
class TrackLanded(Event):
    kind: ClassVar[str] = "landed"
    track: str
    base: str

    def describe(self) -> str:
        return f"{self.track} back at {self.base}"


@dataclass(frozen=True, kw_only=True)
class ContactDetected(Event):
    """``side`` gains a contact it did not hold (first sighting, or found again)."""

    kind: ClassVar[str] = "detection"
    target: str
    sensor: str
    contact_kind: str
    category: str
    identified_as: str | None
    altitude_m: float | None

    def describe(self) -> str:
        what = self.identified_as or self.category
        return f"{self.side} {self.sensor} detected {what} at {list(self.hex)}"


@dataclass(frozen=True, kw_only=True)
class SamEngagement(Event):
    """An air-defence or fighter salvo at an air track; ``side`` fired, ``hex`` is the track's."""

    kind: ClassVar[str] = "engagement"
    shooter: str
    target: str
    target_type: str
    weapon: str
    shots: int
    hits: int

    def describe(self) -> str:
        return (
            f"{self.shooter} fired {self.shots} {self.weapon} at {self.target} "
            f"({self.target_type}): {self.hits} hit(s)"
        )


@dataclass(frozen=True, kw_only=True)
class Shot(Event):
    kind: ClassVar[str] = "shot"
    shooter: str
    weapon: str
    target: str
    target_class: str
    pk: float
    hit: bool

    def describe(self) -> str:
        return f"{self.shooter} {self.weapon} at {self.target}: {'hit' if self.hit else 'miss'}"


@dataclass(frozen=True, kw_only=True)
class AirKill(Event):
    """An air track shot down; ``side`` is the side that lost it."""

    kind: ClassVar[str] = "kill"
    track: str
    air_type: str
    by: str

    def describe(self) -> str:
        return f"{self.track} ({self.air_type}) shot down by {self.by}"


@dataclass(frozen=True, kw_only=True)
class AirLost(Event):
    """An air track lost without being shot down (out of fuel, or a one-way type spent)."""

    kind: ClassVar[str] = "drone_lost"
    track: str
    air_type: str
    cause: str

    def describe(self) -> str:
        return f"{self.track} ({self.air_type}) lost: {self.cause}"


@dataclass(frozen=True, kw_only=True)
class Jammed(Event):
    """A drone's datalink broken by enemy jamming: the drone is lost."""

    kind: ClassVar[str] = "jammed"
    track: str
    air_type: str

    def describe(self) -> str:
        return f"{self.track} ({self.air_type}) lost its datalink to jamming"


@dataclass(frozen=True, kw_only=True)
class StrikeResult(Event):
    """A precision weapon aimed at a ground unit; ``side`` struck, ``hex`` is the aim point."""

    kind: ClassVar[str] = "strike"
    attacker: str
    weapon: str
    target: str | None
    hit: bool
    losses: Losses | None

    def describe(self) -> str:
        if self.target is None:
            return f"{self.attacker} {self.weapon} struck {list(self.hex)}: nothing there"
        result = "hit" if self.hit else "missed"
        lost = ""
        if self.losses is not None and (self.losses.equipment or self.losses.personnel):
            items = ", ".join(f"{n} {k}" for k, n in self.losses.equipment.items())
            lost = f" ({items}{', ' if items else ''}{self.losses.personnel} personnel)"
        return f"{self.attacker} {self.weapon} {result} {self.target}{lost}"


@dataclass(frozen=True, kw_only=True)
class Intercepted(Event):
    """A missile or rocket shot down before impact; ``side`` is the defender."""

    kind: ClassVar[str] = "interception"
    shooter: str
    weapon: str
    attacker: str

    def describe(self) -> str:
        return f"{self.shooter} intercepted a {self.weapon} fired by {self.attacker}"


@dataclass(frozen=True, kw_only=True)
class EmconChanged(Event):
    kind: ClassVar[str] = "emcon"
    unit: str
    emitting: bool

    def describe(self) -> str:
        return f"{self.unit} {'switched its emitters on' if self.emitting else 'went silent'}"


class EventLog:
    """Append-only sequence of events, stamped by the game's clock.

    >>> import datetime as dt
    >>> from sim.clock import Clock
    >>> clock = Clock(start=dt.datetime(2020, 9, 27, 6), turn_length_h=12, last_turn=88, turn=3)
    >>> log = EventLog(clock)
    >>> log.record(UnitMoved, side="azerbaijan", hex=(5, 4), unit="az-1", origin=(4, 4), steps=1)
    >>> event = log[0]
    >>> event.turn, event.time
    (3, '2020-09-28T06:00:00')
    >>> event.describe()
    'az-1 moved 1 hex(es) from [4, 4] to [5, 4]'
    >>> event.to_dict()["kind"], len(log.of_kind(UnitMoved))
    ('unit_moved', 1)
    """

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._events: list[Event] = []

    def record(self, kind: type[Event], **fields: Any) -> None:
        """Append an event of ``kind`` stamped with the current turn and time."""
        self._events.append(kind(turn=self.clock.turn, time=self.clock.time.isoformat(), **fields))

    def append(self, event: Event) -> None:
        """Add an event made elsewhere (already stamped)."""
        self._events.append(event)

    def __iter__(self) -> Iterator[Event]:
        return iter(tuple(self._events))

    def __len__(self) -> int:
        return len(self._events)

    def __getitem__(self, index: int) -> Event:
        return self._events[index]

    def of_kind(self, kind: type[E]) -> list[E]:
        """The events of one type, in order."""
        return [e for e in self._events if isinstance(e, kind)]

    def write_jsonl(self, stream: TextIO) -> None:
        """One JSON object per line: the same bytes for the same game."""
        for event in self._events:
            stream.write(json.dumps(event.to_dict(), ensure_ascii=False, separators=(",", ":")))
            stream.write("\n")

    def save_jsonl(self, path: Path) -> None:
        """:meth:`write_jsonl` into a file."""
        with path.open("w", encoding="utf-8") as stream:
            self.write_jsonl(stream)
