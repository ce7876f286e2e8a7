"""Routes for the AI: cached travel-time fields toward objectives and back to supply."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from sim.ai.knowledge import AIState, Knowledge
from sim.terrain.geometry import Hex

if TYPE_CHECKING:
    from sim.units.ground import GroundUnit

MAX_LEG_HEXES = 48
"""Longest route handed out in one order; the AI re-plans every turn anyway."""


class RoutePlanner:
    """Answers "which way, how long" for every unit from one field per goal and mobility."""

    def __init__(self, side: str):
        self.side = side
        self._fields: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
        self._supply_hops: tuple[int, np.ndarray] | None = None
        self._turn_fields: dict[tuple, np.ndarray] = {}

    def new_turn(self, state: AIState, knowledge: Knowledge) -> None:
        """Plan this turn around what the side now knows; forget last turn's unit positions."""
        self.state = state
        self.knowledge = knowledge
        self._turn_fields.clear()

    def _towards(self, mobility: str, goal: Hex) -> tuple[np.ndarray, np.ndarray]:
        """(hours to ``goal`` from every hex, next hop of every hex) around scripted blocks."""
        state = self.state
        terrain = state.terrain
        key = (mobility, goal, state.closures.key(self.side), terrain.travel_version)
        if key not in self._fields:
            graph = terrain.graphs[mobility]
            field = graph.field(
                [terrain.index(goal)], state.closures.blocked_for(self.side), towards=True
            )
            self._fields[key] = (field, graph.next_hops(field))
        return self._fields[key]

    def _full(self, points: float) -> np.ndarray:
        """Hexes where our own units leave no room for a unit of this size."""
        state = self.state
        limit = state.rules.movement.stacking_limit_points
        occupancy = state.forces.occupancy
        return occupancy.stack_points[state.sides.index[self.side]] + points > limit + 1e-9

    def hours_to(self, unit: GroundUnit, goal: Hex) -> float:
        field, _ = self._towards(unit.mobility, goal)
        return float(field[self.state.terrain.index(unit.hex)])

    def _leg_hexes(self, unit: GroundUnit) -> int:
        state = self.state
        hours = state.clock.turn_length_h * state.rules.movement.march_hours_per_day / 24
        quickest = state.terrain.graphs[unit.mobility].min_step_hours
        return min(MAX_LEG_HEXES, math.ceil(hours / quickest) + 2)

    def _follow(self, unit: GroundUnit, hops: np.ndarray) -> tuple[list[Hex], Hex | None]:
        """(this turn's leg along ``hops``, the known enemy or closed hex that cut it short)."""
        terrain = self.state.terrain
        obstacles = self.knowledge.obstacles
        path = [unit.hex]
        here = terrain.index(unit.hex)
        for _ in range(self._leg_hexes(unit)):
            nxt = int(hops[here])
            if nxt < 0:
                break
            if obstacles[nxt]:
                return path, terrain.hex_at(nxt)
            path.append(terrain.hex_at(nxt))
            here = nxt
        return path, None

    def toward(self, unit: GroundUnit, goal: Hex) -> tuple[list[Hex], Hex | None]:
        """This turn's leg toward ``goal`` and the enemy-held or closed hex in the way, if any."""
        return self._follow(unit, self._towards(unit.mobility, goal)[1])

    def toward_any(self, unit: GroundUnit, goals: list[Hex]) -> list[Hex]:
        """This turn's leg toward the nearest of several hexes, around hexes with no room."""
        terrain = self.state.terrain
        key = (unit.mobility, unit.stacking_points, tuple(goals))
        if key not in self._turn_fields:
            graph = terrain.graphs[unit.mobility]
            blocked = self.knowledge.obstacles | self._full(unit.stacking_points)
            blocked[terrain.index(unit.hex)] = False
            field = graph.field([terrain.index(g) for g in goals], blocked, towards=True)
            self._turn_fields[key] = graph.next_hops(field)
        return self._follow(unit, self._turn_fields[key])[0]

    def toward_supply(self, unit: GroundUnit) -> list[Hex]:
        """This turn's leg back toward the side's open supply sources."""
        state = self.state
        turn = state.clock.turn
        if self._supply_hops is None or self._supply_hops[0] != turn:
            graph = state.terrain.graphs[state.rules.supply.trace_mobility]
            self._supply_hops = (turn, graph.next_hops(state.supply.fields[self.side]))
        return self._follow(unit, self._supply_hops[1])[0]

    def adjacent_enemy_hexes(self, unit: GroundUnit) -> list[Hex]:
        """Neighbouring hexes where the side knows of enemies."""
        terrain = self.state.terrain
        return [
            terrain.hex_at(n)
            for n in terrain.neighbour_lists[terrain.index(unit.hex)]
            if self.knowledge.at(terrain.hex_at(n))
        ]

    def enemy_in_the_way(self, unit: GroundUnit, goal: Hex) -> Hex | None:
        """The enemy-held neighbour that lies furthest along the way to ``goal``, if any."""
        field, _ = self._towards(unit.mobility, goal)
        terrain = self.state.terrain
        here = field[terrain.index(unit.hex)]
        best, best_value = None, here
        for hex_ in self.adjacent_enemy_hexes(unit):
            value = field[terrain.index(hex_)]
            if value < best_value:
                best, best_value = hex_, value
        return best
