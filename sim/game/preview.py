"""What a move order would do, before it is given: the path, its hours and turns, or why not.

The window shows this under the cursor while a player picks a destination. It asks the same
check the engine applies to a submitted order (so the preview never promises what the engine
would refuse) and changes nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.order_table import check_order
from sim.orders import Move
from sim.rules.movement import hours_per_turn
from sim.terrain.geometry import Hex

if TYPE_CHECKING:
    from sim.model import WargameModel


@dataclass(frozen=True)
class MovePreview:
    path: tuple[Hex, ...]
    """Every hex after the start, the destination last; empty if the move is refused."""
    hours: float
    """Hours of movement along the path (roads, terrain and climb), before delays in contact."""
    turns: int
    """Turns it takes at the unit's present readiness."""
    reason: str | None = None
    """Why the engine would refuse the order, or None."""


def preview_move(model: WargameModel, side: str, unit_id: str, to: Hex) -> MovePreview:
    """The path and time of moving ``unit_id`` to ``to``, as the engine would plan it."""
    reason, checked = check_order(model.state, side, Move(unit_id, to))
    if reason is not None or not isinstance(checked, Move) or not checked.via:
        return MovePreview((), 0.0, 0, reason or "no path")
    unit = model.unit(unit_id)
    assert unit is not None
    hours, previous = 0.0, unit.hex
    for step in checked.via:
        hours += model.terrain.step_hours(unit.mobility, previous, step)
        previous = step
    per_turn = hours_per_turn(model.state.rules.movement, model.state.clock, unit)
    turns = max(1, math.ceil(hours / per_turn)) if per_turn > 0 else 0
    return MovePreview(tuple(checked.via), hours, turns)
