"""Electronic warfare: what the jammers that are switched on do to the other side this turn.

A jammer works on everything of the enemy's inside its radius: radars there see only
``radar_range_factor`` of their range (the strongest jammer counts), drones flown over a datalink
there are lost at a hazard of ``datalink_loss_per_h`` per hour (hazards add up), and GNSS-guided
munitions aimed there hit with ``gnss_accuracy_factor`` of their probability. A jammer emits, so
passive sensors and anti-radiation seekers can find it like a radar.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.units.air import hex_km

if TYPE_CHECKING:
    from sim.forces import Forces
    from sim.sides import Sides
    from sim.units.systems import Systems


@dataclass(frozen=True)
class Jamming:
    """The jammers on the air this turn."""

    side: np.ndarray
    km: np.ndarray
    radius_km: np.ndarray
    radar_factor: np.ndarray
    link_loss_per_h: np.ndarray
    gnss_factor: np.ndarray

    @classmethod
    def on_the_air(
        cls, forces: Forces, systems: Systems, sides: Sides, hex_size_km: float
    ) -> Jamming:
        """The jammers of every side that are switched on now."""
        rows = []
        for unit in forces.units():
            spec = systems.best_jammer(unit)
            if spec is not None and systems.is_emitting(unit):
                rows.append(
                    (
                        sides.index[unit.side],
                        *hex_km(unit.hex, hex_size_km),
                        spec.radius_km,
                        spec.radar_range_factor,
                        spec.datalink_loss_per_h,
                        spec.gnss_accuracy_factor,
                    )
                )
        table = np.array(rows, dtype=float).reshape(-1, 7)
        return cls(
            table[:, 0].astype(int),
            table[:, 1:3],
            table[:, 3],
            table[:, 4],
            table[:, 5],
            table[:, 6],
        )

    def _covering(self, side: int, points_km: np.ndarray) -> np.ndarray:
        """(jammers, points) mask: enemy jammers whose radius covers each point."""
        points_km = np.asarray(points_km, dtype=float).reshape(-1, 2)
        distance = np.hypot(*(self.km[:, None, :] - points_km[None, :, :]).transpose(2, 0, 1))
        return (self.side[:, None] != side) & (distance <= self.radius_km[:, None])

    def radar_factor_at(self, side: int, points_km: np.ndarray) -> np.ndarray:
        """Share of their range left to ``side``'s radars standing at ``points_km``."""
        cover = self._covering(side, points_km)
        return np.where(cover, self.radar_factor[:, None], 1.0).min(axis=0, initial=1.0)

    def link_hazard_at(self, side: int, points_km: np.ndarray) -> np.ndarray:
        """Hazard per hour of losing the datalink of ``side``'s drones at ``points_km``."""
        cover = self._covering(side, points_km)
        return np.where(cover, self.link_loss_per_h[:, None], 0.0).sum(axis=0)

    def gnss_factor_at(self, side: int, points_km: np.ndarray) -> np.ndarray:
        """Multiplier on the hit chance of ``side``'s GNSS-guided munitions aimed at points."""
        cover = self._covering(side, points_km)
        return np.where(cover, self.gnss_factor[:, None], 1.0).min(axis=0, initial=1.0)
