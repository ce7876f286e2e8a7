"""What happened during one turn that a later phase of it reads: fights, losses, who fired.

A :class:`TurnRecord` is made at the start of every turn and handed to the phases that write or
read it (see :mod:`sim.phases`): air strikes, missile fires and ground combat add the losses
units suffered and the odds they faced, and morale reads them to decide who breaks; the fights
go from combat to morale (attackers advance) and to observation (both sides know whom they
fought); supply charges fighting and firing units extra; a unit that fought or fired is easier
to see. Nothing of it stays on the units, and the next turn starts with a new record (the AI's
shoot-and-scoot reads which SAM units fired in the turn before).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sim.terrain.geometry import Hex

if TYPE_CHECKING:
    from sim.units.ground import GroundUnit


@dataclass
class Fight:
    """The fight for one hex this turn: who assaults it, who holds it, whose guns join in."""

    target: Hex
    attacker_side: str
    attackers: list[GroundUnit]
    defenders: list[GroundUnit] = field(default_factory=list)
    attacker_support: list[tuple[GroundUnit, float]] = field(default_factory=list)
    defender_support: list[tuple[GroundUnit, float]] = field(default_factory=list)

    @property
    def defender_side(self) -> str:
        return self.defenders[0].side


@dataclass
class TurnRecord:
    """One turn's results, by unit id."""

    fights: list[Fight] = field(default_factory=list)
    """Every attacked hex's fight this turn (ground combat)."""
    power_lost: dict[str, float] = field(default_factory=dict)
    """Share of its combat power each unit lost this turn, to fire, strikes and assaults."""
    odds_faced: dict[str, float] = field(default_factory=dict)
    """Highest force ratio each unit faced as a defender in an assault this turn."""
    engaged: set[str] = field(default_factory=set)
    """Units that fought in an assault (attacking or defending)."""
    fired_support: set[str] = field(default_factory=set)
    """Units whose guns fired a mission (in attack or in defence)."""
    fired_sam: set[str] = field(default_factory=set)
    """Air-defence units that fired missiles."""
    fired_sam_before: frozenset[str] = frozenset()
    """Air-defence units that fired missiles in the turn before."""

    def next(self) -> TurnRecord:
        """A fresh record for the turn after this one."""
        return TurnRecord(fired_sam_before=frozenset(self.fired_sam))

    def add_power_lost(self, uid: str, share: float) -> None:
        self.power_lost[uid] = self.power_lost.get(uid, 0.0) + share

    def fired(self, uid: str) -> bool:
        """Did the unit fight or fire this turn (which gives it away)?"""
        return uid in self.engaged or uid in self.fired_support or uid in self.fired_sam
