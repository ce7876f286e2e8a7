"""The game's clock: which turn it is, and what time that is in the scenario's calendar.

Turns are counted from 1. Between turns the clock shows the turn just played (0 before the
first), and orders given then are for the next one: :attr:`Clock.current_turn` is the turn being
played during a step and the turn orders are being given for between steps.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass
class Clock:
    """Turns played, and the calendar they run on."""

    start: dt.datetime
    """When turn 1 begins."""
    turn_length_h: float
    last_turn: int
    """The scenario's time limit, in turns."""
    turn: int = 0
    """Turns begun so far: during a step, the turn being played."""
    in_step: bool = False

    @property
    def current_turn(self) -> int:
        """The turn being played, or, between steps, the turn orders are being given for."""
        return self.turn if self.in_step else self.turn + 1

    @property
    def days_per_turn(self) -> float:
        return self.turn_length_h / 24.0

    def turn_start(self, turn: int) -> dt.datetime:
        """Start time of turn ``turn`` (1-based)."""
        return self.start + (turn - 1) * dt.timedelta(hours=self.turn_length_h)

    @property
    def time(self) -> dt.datetime:
        """Start of the current turn (of turn 1 before the first step)."""
        return self.turn_start(max(self.turn, 1))
