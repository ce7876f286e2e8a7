"""Movement: units follow their routes as far as time, terrain, the enemy and room allow.

Each turn a unit may march ``march_hours_per_day`` hours for every 24 (fewer when its readiness
is low). Entering a hex costs the travel time of the edge (roads, terrain class, climb); time
left over that does not reach the next hex is kept for the next turn, so slow ground is slow,
not impassable. A unit stops on entering an enemy's zone of control, may not move from one enemy
zone into another unless friends hold it, never enters an enemy-held or closed hex, and waits
while the next hex has no room under the stacking limit. Units move one at a time in an order
drawn from the model's generator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import numpy as np

from sim.events import EventLog, MoveBlocked, UnitMoved
from sim.orders import Move

if TYPE_CHECKING:
    from sim.clock import Clock
    from sim.closures import Closures
    from sim.forces import Forces
    from sim.scenario.catalog_schema import MovementRules, Rules
    from sim.terrain.terrain import Terrain
    from sim.units.ground import GroundUnit


class MovementState(Protocol):
    """What the movement phase reads and writes."""

    @property
    def rules(self) -> Rules: ...
    @property
    def terrain(self) -> Terrain: ...
    @property
    def clock(self) -> Clock: ...
    @property
    def closures(self) -> Closures: ...

    forces: Forces
    rng: np.random.Generator
    log: EventLog


def run(state: MovementState) -> None:
    movers = [u for u in state.forces.units() if isinstance(u.order, Move) and u.status == "active"]
    for i in state.rng.permutation(len(movers)):
        unit = movers[i]
        _advance(state, unit, hours_per_turn(state.rules.movement, state.clock, unit))


def hours_per_turn(rules: MovementRules, clock: Clock, unit: GroundUnit) -> float:
    """Hours of movement a unit has in a turn: the march day's share of the turn, less for a
    unit whose readiness has worn down."""
    march = clock.turn_length_h * rules.march_hours_per_day / 24.0
    return march * (0.5 + 0.5 * unit.readiness)


def _advance(state: MovementState, unit: GroundUnit, hours: float) -> None:
    terrain, rules = state.terrain, state.rules.movement
    forces, occupancy = state.forces, state.forces.occupancy
    origin, steps = unit.hex, 0
    budget = hours + unit.move_progress_h
    unit.move_progress_h = 0.0
    unit.posture = "move"
    blocked_reason = None
    while unit.route:
        nxt = unit.route[0]
        index = terrain.index(nxt)
        if occupancy.closed_to(unit.side, index, state.closures):
            blocked_reason = f"{list(nxt)} is held by the enemy or closed"
            break
        cost = terrain.step_hours(unit.mobility, unit.hex, nxt)
        if cost == float("inf"):
            blocked_reason = f"{list(nxt)} cannot be entered by {unit.mobility} units"
            break
        if not occupancy.has_room(
            unit.side, index, unit.stacking_points, rules.stacking_limit_points
        ):
            break
        entering_zoc = rules.zone_of_control and occupancy.in_enemy_zoc(unit.side, index)
        if (
            entering_zoc
            and occupancy.in_enemy_zoc(unit.side, terrain.index(unit.hex))
            and not occupancy.counts[occupancy.sides.index[unit.side], index]
        ):
            blocked_reason = "cannot slip from one enemy zone of control into another"
            break
        if budget < cost:
            unit.move_progress_h = budget
            break
        budget -= cost
        forces.place(unit, nxt)
        unit.route.pop(0)
        unit.entrenchment = 0.0
        steps += 1
        if entering_zoc:
            break
    if steps:
        state.log.record(
            UnitMoved, side=unit.side, hex=unit.hex, unit=unit.uid, origin=origin, steps=steps
        )
    if blocked_reason is not None:
        unit.order, unit.route = None, []
        unit.posture = "defend"
        state.log.record(
            MoveBlocked, side=unit.side, hex=unit.hex, unit=unit.uid, reason=blocked_reason
        )
    elif not unit.route:
        unit.order = None
        unit.posture = "defend"
