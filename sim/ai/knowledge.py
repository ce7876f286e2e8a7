"""What the AI of one side knows of its enemies this turn: its picture, indexed for planning."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.picture import Contact
from sim.rules.combat import defence_factor
from sim.terrain.data import Hex

if TYPE_CHECKING:
    from sim.model import WargameModel


class Knowledge:
    """Known enemy ground units and emitters by hex, and what they are thought to be worth."""

    def __init__(self, model: WargameModel, side: str):
        self.model = model
        self.contacts = model.known_enemies(side)
        self.by_hex: dict[Hex, list[Contact]] = {}
        for contact in self.contacts:
            self.by_hex.setdefault(contact.hex, []).append(contact)
        self.obstacles = model.known_obstacles(side)
        self.cols = np.array([c.hex[0] for c in self.contacts], dtype=np.int64)
        self.rows = np.array([c.hex[1] for c in self.contacts], dtype=np.int64)
        self.strength = np.array([c.strength or 0.0 for c in self.contacts])

    def at(self, hex_: Hex) -> list[Contact]:
        return self.by_hex.get(hex_, [])

    @property
    def hexes(self) -> tuple[np.ndarray, np.ndarray]:
        return self.cols, self.rows

    def defence_at(self, hex_: Hex) -> float:
        """Combat power the known defenders of a hex would put up, assuming they hold it."""
        prepared = float(self.model.terrain.layer("fortification")[hex_])
        posture = "dig_in" if prepared > 0 else "defend"
        multiplier = defence_factor(self.model, posture, prepared, hex_)
        return sum(c.strength or 0.0 for c in self.at(hex_)) * multiplier
