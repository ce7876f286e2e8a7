"""Hexes closed to some sides: a scenario's restricted areas and scripted roadblocks.

A closure is exogenous (a third country's border post, a peacekeepers' cordon): no side's
decision opens it. Units of the sides it applies to may not enter its hexes, and supply may not
be traced through them, until the turn it is lifted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

FOREVER = 10**9
"""A turn no game reaches: restricted areas are closed for the whole game."""


@dataclass(frozen=True)
class ActiveBlock:
    """Hexes (flat indices) closed to some sides (None: to all) until a given turn."""

    name: str
    indices: frozenset[int]
    sides: frozenset[str] | None
    until_turn: int

    def applies_to(self, side: str) -> bool:
        return self.sides is None or side in self.sides


class Closures:
    """The closures in force, on a map of ``size`` hexes."""

    def __init__(self, size: int, blocks: Iterable[ActiveBlock] = ()):
        self.size = size
        self.blocks: list[ActiveBlock] = list(blocks)
        self._masks: dict[str, tuple[tuple, np.ndarray]] = {}

    def add(self, block: ActiveBlock) -> None:
        self.blocks.append(block)

    def lift_expired(self, turn: int) -> None:
        """Closures whose time is up at the start of ``turn`` are lifted."""
        self.blocks = [b for b in self.blocks if b.until_turn > turn]

    def closes(self, side: str, index: int) -> bool:
        """Is hex ``index`` closed to ``side``?"""
        return any(b.applies_to(side) and index in b.indices for b in self.blocks)

    def blocked_for(self, side: str) -> np.ndarray:
        """Flat mask of the hexes closed to ``side`` (read-only: the rules ask for it often)."""
        key = self.key(side)
        cached = self._masks.get(side)
        if cached is None or cached[0] != key:
            mask = np.zeros(self.size, dtype=bool)
            for block in self.blocks:
                if block.applies_to(side):
                    mask[sorted(block.indices)] = True
            mask.flags.writeable = False
            cached = self._masks[side] = (key, mask)
        return cached[1]

    def key(self, side: str | None = None) -> tuple[tuple[str, int], ...]:
        """What changes when the closures (applying to ``side``, or all) change: for caches."""
        return tuple(
            (b.name, b.until_turn) for b in self.blocks if side is None or b.applies_to(side)
        )
