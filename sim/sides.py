"""The sides of a game and who fights whom: fixed by the scenario for the whole game."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from sim.scenario.schema import Side


class Sides:
    """Side ids in the scenario's order, their indices into per-side arrays, and enmity.

    Neutral sides (peacekeepers) fight no one and no one fights them.
    """

    def __init__(self, specs: Mapping[str, Side]):
        self.ids: tuple[str, ...] = tuple(specs)
        self.neutral = frozenset(s for s, spec in specs.items() if spec.neutral)
        self.index = {side: i for i, side in enumerate(self.ids)}
        self.hostile = np.array(
            [
                [a != b and a not in self.neutral and b not in self.neutral for b in self.ids]
                for a in self.ids
            ]
        )
        """``hostile[i, j]``: sides i and j fight each other."""
        self._enemies = {
            side: [s for s in self.ids if self.hostile[self.index[side], self.index[s]]]
            for side in self.ids
        }
        self._enemy_indices = {
            side: [self.index[s] for s in enemies] for side, enemies in self._enemies.items()
        }

    def enemies_of(self, side: str) -> list[str]:
        """The sides ``side`` fights, in the scenario's order."""
        return list(self._enemies[side])

    def enemy_indices(self, side: str) -> list[int]:
        """Indices of the sides ``side`` fights, for per-side arrays."""
        return self._enemy_indices[side]
