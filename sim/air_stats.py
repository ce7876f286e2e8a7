"""Running totals of one side's air war, for the per-turn metrics and the summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class AirStats:
    sorties: Counter = field(default_factory=Counter)
    """Airframes launched, by air type."""
    air_losses: Counter = field(default_factory=Counter)
    """Airframes lost, by cause: shot down, jammed, out of fuel."""
    losses_by_type: Counter = field(default_factory=Counter)
    """Airframes lost, by air type: tells a shot-down drone from a munition spent by design."""
    sam_shots: int = 0
    sam_hits: int = 0
    strikes: int = 0
    strike_hits: int = 0
    intercepted: int = 0
    """Enemy missiles this side's air defence shot down."""
    personnel_lost_to_air: int = 0
    equipment_lost_to_air: Counter = field(default_factory=Counter)

    def record_air_loss(self, cause: str, air_type: str) -> None:
        """One airframe lost: counted by cause and by type, in one place for every cause."""
        self.air_losses[cause] += 1
        self.losses_by_type[air_type] += 1

    def record_ground_losses(self, personnel: int, equipment: dict[str, int]) -> None:
        """Losses this side's ground units suffered from air and missile strikes."""
        self.personnel_lost_to_air += personnel
        self.equipment_lost_to_air.update(equipment)

    def as_dict(self) -> dict:
        return {
            "sorties": dict(sorted(self.sorties.items())),
            "air_losses": dict(sorted(self.air_losses.items())),
            "losses_by_type": dict(sorted(self.losses_by_type.items())),
            "sam_shots": self.sam_shots,
            "sam_hits": self.sam_hits,
            "strikes": self.strikes,
            "strike_hits": self.strike_hits,
            "missiles_intercepted": self.intercepted,
            "personnel_lost_to_air": self.personnel_lost_to_air,
            "equipment_lost_to_air": dict(sorted(self.equipment_lost_to_air.items())),
        }
