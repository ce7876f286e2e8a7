"""Fog of war: what one side knows of its enemies, contact by contact.

A contact is born when a sensor detects an enemy unit, air track or emitting radar, and is
refreshed by every later detection. Between detections it ages: its confidence halves every
``contact_half_life_h`` hours and it is dropped after ``contact_drop_after_h``. The position is
where the enemy was last seen, not where it is now. A contact's time is the end of the turn in
which it was seen, so a detection during turn ``t`` is zero hours old when turn ``t + 1`` is
planned. The AI plans against its side's picture, and strikes need a contact recent enough.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from sim.terrain.geometry import Hex

if TYPE_CHECKING:
    from sim.units.ground import Strength

ContactKind = Literal["ground", "air", "emitter"]


@dataclass
class Contact:
    """One enemy as a side knows it."""

    target: str
    """Id of the enemy unit or air track (the referee's name for it, not shown to players)."""
    kind: ContactKind
    hex: Hex
    category: str
    """What it was seen as: a unit role or type, an air target class, an emitter."""
    type_id: str | None
    """The catalog type, when the sensor identified it."""
    seen: Strength | None
    """The unit as last seen (ground contacts): rated by the side's current ratings when it
    plans, so a what-if that changes the rules of combat power re-rates old sightings too."""
    altitude_m: float | None
    first_seen: int
    last_seen: int
    sensor: str
    confidence: float = 1.0

    def age_h(self, turn: int, turn_length_h: float) -> float:
        """Hours since it was seen, measured from the end of the turn of the sighting."""
        return max(0, turn - 1 - self.last_seen) * turn_length_h


class Picture:
    """A side's contacts, keyed by target; the referee's truth is never read through it."""

    def __init__(self, side: str, half_life_h: float, drop_after_h: float, turn_length_h: float):
        self.side = side
        self.half_life_h = half_life_h
        """Constants of the catalog's ``rules.air`` (set again if a what-if changes them)."""
        self.drop_after_h = drop_after_h
        self.turn_length_h = turn_length_h
        self._contacts: dict[str, Contact] = {}
        self.version = 0
        """Changes whenever a contact is added, moved, aged or dropped (for caches)."""

    def observe(
        self,
        turn: int,
        target: str,
        kind: ContactKind,
        hex_: Hex,
        category: str,
        sensor: str,
        type_id: str | None = None,
        seen: Strength | None = None,
        altitude_m: float | None = None,
    ) -> bool:
        """Record a detection; True if the contact is new (or was lost and is found again).

        An identification, once made, is kept when a later sensor sees the target unidentified.
        """
        self.version += 1
        old = self._contacts.get(target)
        if old is not None:
            if type_id is None and old.type_id is not None:
                type_id, category = old.type_id, old.category
            if seen is None:
                seen = old.seen
        self._contacts[target] = Contact(
            target=target,
            kind=kind,
            hex=hex_,
            category=category,
            type_id=type_id,
            seen=seen,
            altitude_m=altitude_m,
            first_seen=turn if old is None else old.first_seen,
            last_seen=turn,
            sensor=sensor,
        )
        return old is None

    def forget(self, target: str) -> None:
        """Drop a contact the side knows to be gone (it saw it destroyed)."""
        self.version += 1
        self._contacts.pop(target, None)

    def age(self, turn: int) -> list[Contact]:
        """Update confidences for the start of ``turn``; drop and return stale contacts."""
        self.version += 1
        dropped = []
        for key, contact in list(self._contacts.items()):
            age = contact.age_h(turn, self.turn_length_h)
            if age > self.drop_after_h:
                dropped.append(self._contacts.pop(key))
            else:
                contact.confidence = 0.5 ** (age / self.half_life_h)
        return dropped

    def __iter__(self) -> Iterator[Contact]:
        return iter(list(self._contacts.values()))

    def __len__(self) -> int:
        return len(self._contacts)

    def get(self, target: str) -> Contact | None:
        return self._contacts.get(target)

    def current(
        self, turn: int, max_age_h: float, kind: ContactKind | None = None
    ) -> list[Contact]:
        """Contacts seen at most ``max_age_h`` hours before the start of ``turn``."""
        return [
            c
            for c in self._contacts.values()
            if (kind is None or c.kind == kind)
            and c.age_h(turn, self.turn_length_h) <= max_age_h + 1e-9
        ]

    def at(self, hex_: Hex, kind: ContactKind | None = "ground") -> list[Contact]:
        return [
            c for c in self._contacts.values() if c.hex == hex_ and (kind is None or c.kind == kind)
        ]


class Pictures:
    """Every side's picture, and what each side knows well enough to attack, strike or avoid."""

    def __init__(
        self, sides: Iterable[str], half_life_h: float, drop_after_h: float, turn_length_h: float
    ):
        self._pictures = {
            side: Picture(side, half_life_h, drop_after_h, turn_length_h) for side in sides
        }
        self._known: dict[str, tuple[tuple, list[Contact], dict[Hex, list[Contact]]]] = {}

    def configure(self, half_life_h: float, drop_after_h: float) -> None:
        """Set the ageing constants of every picture (from the catalog's ``rules.air``)."""
        for picture in self._pictures.values():
            picture.half_life_h, picture.drop_after_h = half_life_h, drop_after_h

    def __getitem__(self, side: str) -> Picture:
        return self._pictures[side]

    def __iter__(self) -> Iterator[Picture]:
        return iter(self._pictures.values())

    def known_enemies(self, side: str, turn: int, max_age_h: float) -> list[Contact]:
        """Ground and emitter contacts of ``side`` seen at most ``max_age_h`` before ``turn``:
        recent enough to attack, strike or avoid."""
        return self._known_now(side, turn, max_age_h)[1]

    def contacts_at(self, side: str, hex_: Hex, turn: int, max_age_h: float) -> list[Contact]:
        """Known enemies of ``side`` at a hex: what an attack or a strike may be aimed at."""
        return self._known_now(side, turn, max_age_h)[2].get(hex_, [])

    def _known_now(self, side: str, turn: int, max_age_h: float):
        picture = self._pictures[side]
        key = (turn, max_age_h, picture.version)
        cached = self._known.get(side)
        if cached is None or cached[0] != key:
            contacts = [c for c in picture.current(turn, max_age_h) if c.kind != "air"]
            by_hex: dict[Hex, list[Contact]] = {}
            for contact in contacts:
                by_hex.setdefault(contact.hex, []).append(contact)
            cached = (key, contacts, by_hex)
            self._known[side] = cached
        return cached
