"""What the AI of one side may read of the game, and what it knows of its enemies this turn.

:class:`AIState` is the AI's door onto the game: its own side's units and assets as they are,
the map and the rules, and of the enemy only its side's picture (contacts, never the truth). It
changes the game only through :func:`sim.order_table.submit`, as a player does, so it writes
what orders write. :class:`Knowledge` indexes the picture for planning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import numpy as np

from sim.order_table import OrderState, known_obstacles
from sim.picture import Contact
from sim.rules.combat import defence_factor
from sim.terrain.geometry import Hex

if TYPE_CHECKING:
    from sim.rules.objectives import ObjectiveState
    from sim.rules.supply import SupplyNet


class AIState(OrderState, Protocol):
    """What the AI reads; it writes only through the orders it submits (and draws from
    ``rng`` to relocate air defences at random)."""

    @property
    def objectives(self) -> list[ObjectiveState]: ...
    @property
    def supply(self) -> SupplyNet: ...

    rng: np.random.Generator


class Knowledge:
    """Known enemy ground units and emitters by hex, and what they are thought to be worth."""

    def __init__(self, state: AIState, side: str):
        self.state = state
        self.contacts = state.pictures.known_enemies(
            side, state.clock.current_turn, state.rules.air.strike_contact_max_age_h
        )
        self.by_hex: dict[Hex, list[Contact]] = {}
        for contact in self.contacts:
            self.by_hex.setdefault(contact.hex, []).append(contact)
        self.obstacles = known_obstacles(state, side)
        self.cols = np.array([c.hex[0] for c in self.contacts], dtype=np.int64)
        self.rows = np.array([c.hex[1] for c in self.contacts], dtype=np.int64)
        self.strength = np.array([self.rated(c) for c in self.contacts])

    def at(self, hex_: Hex) -> list[Contact]:
        return self.by_hex.get(hex_, [])

    @property
    def hexes(self) -> tuple[np.ndarray, np.ndarray]:
        return self.cols, self.rows

    def defence_at(self, hex_: Hex) -> float:
        """Combat power the known defenders of a hex would put up, assuming they hold it."""
        terrain = self.state.terrain
        prepared = float(terrain.layer("fortification")[hex_])
        posture = "dig_in" if prepared > 0 else "defend"
        multiplier = defence_factor(self.state.rules.combat, terrain, posture, prepared, hex_)
        return sum(self.rated(c) for c in self.at(hex_)) * multiplier

    def rated(self, contact: Contact) -> float:
        """Combat power of a contact as it was last seen (0 for what was never seen close)."""
        return self.state.ratings.power(contact.seen) if contact.seen is not None else 0.0
