"""What each side has lost so far, by cause: the running totals the summary and metrics read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass
class SideLosses:
    """What a side has lost so far, by cause."""

    personnel: int = 0
    captured: int = 0
    dispersed: int = 0
    """People of units that broke up (disbanded, or scattered in a surrender): out of the
    fight, not casualties."""
    units_eliminated: int = 0
    equipment: dict[str, int] = field(default_factory=dict)

    def add_equipment(self, losses: Mapping[str, int]) -> None:
        for key, n in losses.items():
            if n:
                self.equipment[key] = self.equipment.get(key, 0) + n
