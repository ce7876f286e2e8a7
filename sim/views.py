"""What a front end may show: one side's view of the game, or the referee's truth.

A side sees all of its own units and aircraft as they are, and its enemies only as its picture
holds them: where they were last seen, how long ago, as what they were identified. The referee
sees everything. Windows, reports and tests read the game through these, never the model's
internals, so fog of war cannot leak by accident.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.terrain.geometry import Hex

if TYPE_CHECKING:
    from sim.model import WargameModel


@dataclass(frozen=True)
class Mark:
    """A unit or an aircraft as it is shown."""

    id: str
    side: str
    kind: str
    """ground, air or emitter."""
    hex: Hex
    type_id: str | None
    """None for an enemy seen but not identified."""
    label: str
    own: bool
    age_h: float = 0.0
    confidence: float = 1.0
    altitude_m: float | None = None


class View:
    """Marks on the map for one observer."""

    def __init__(self, marks: list[Mark]):
        self.marks = marks

    def at(self, hex_: Hex) -> list[Mark]:
        """The marks in a hex."""
        return [m for m in self.marks if m.hex == hex_]

    def ids(self) -> set[str]:
        """The ids of every unit and aircraft shown."""
        return {m.id for m in self.marks}


def _own(model: WargameModel, side: str | None) -> list[Mark]:
    marks = [
        Mark(u.uid, u.side, "ground", u.hex, u.type_id, u.name, own=True)
        for u in model.units()
        if side is None or u.side == side
    ]
    marks += [
        Mark(
            t.uid,
            t.side,
            "air",
            t.hex,
            t.type_id,
            t.air_type.name,
            own=True,
            altitude_m=t.altitude_m,
        )
        for t in model.state.air.tracks.values()
        if (side is None or t.side == side) and not t.spent
    ]
    return marks


def side_view(model: WargameModel, side: str) -> View:
    """Own forces as they are, enemies as the side's picture holds them, neutrals as they are
    (peacekeepers make themselves known)."""
    picture = model.state.pictures[side]
    contacts = [
        Mark(
            c.target,
            _side_of(model, c.target, side),
            c.kind,
            c.hex,
            c.type_id,
            c.type_id or c.category,
            own=False,
            age_h=c.age_h(model.state.clock.current_turn, picture.turn_length_h),
            confidence=c.confidence,
            altitude_m=c.altitude_m,
        )
        for c in picture
    ]
    neutrals = [
        Mark(u.uid, u.side, "ground", u.hex, u.type_id, u.name, own=False)
        for u in model.units()
        if u.side in model.state.sides.neutral and u.side != side
    ]
    return View(_own(model, side) + contacts + neutrals)


def _side_of(model: WargameModel, target: str, viewer: str) -> str:
    """The enemy side a contact belongs to (with two sides, simply the other one)."""
    enemies = model.state.sides.enemies_of(viewer)
    return enemies[0] if len(enemies) == 1 else "enemy"


def referee_view(model: WargameModel) -> View:
    """Everything, as it is."""
    return View(_own(model, None))
