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

from typing import TYPE_CHECKING

from sim.events import MoveBlocked, UnitMoved
from sim.orders import Move

if TYPE_CHECKING:
    from sim.model import WargameModel
    from sim.units.ground import GroundUnit


def run(model: WargameModel) -> None:
    movers = [u for u in model.units() if isinstance(u.order, Move) and u.status == "active"]
    for i in model.rng.permutation(len(movers)):
        _advance(model, movers[i], hours_per_turn(model, movers[i]))


def hours_per_turn(model: WargameModel, unit: GroundUnit) -> float:
    """Hours of movement a unit has in a turn: the march day's share of the turn, less for a
    unit whose readiness has worn down."""
    march = model.scenario.spec.turn_length_h * model.rules.movement.march_hours_per_day / 24.0
    return march * (0.5 + 0.5 * unit.readiness)


def _advance(model: WargameModel, unit: GroundUnit, hours: float) -> None:
    terrain, rules = model.terrain, model.rules.movement
    side = model.side_index[unit.side]
    origin, steps = unit.hex, 0
    budget = hours + unit.move_progress_h
    unit.move_progress_h = 0.0
    unit.posture = "move"
    blocked_reason = None
    while unit.route:
        nxt = unit.route[0]
        index = terrain.index(nxt)
        if model.closed_to(unit.side, index):
            blocked_reason = f"{list(nxt)} is held by the enemy or closed"
            break
        cost = terrain.step_hours(unit.mobility, unit.hex, nxt)
        if cost == float("inf"):
            blocked_reason = f"{list(nxt)} cannot be entered by {unit.mobility} units"
            break
        if (
            model.stack_points[side, index] + unit.stacking_points
            > rules.stacking_limit_points + 1e-9
        ):
            break
        entering_zoc = rules.zone_of_control and model.in_enemy_zoc(unit.side, index)
        if (
            entering_zoc
            and model.in_enemy_zoc(unit.side, terrain.index(unit.hex))
            and model.occupancy[side, index] == 0
        ):
            blocked_reason = "cannot slip from one enemy zone of control into another"
            break
        if budget < cost:
            unit.move_progress_h = budget
            break
        budget -= cost
        model.place_unit(unit, nxt)
        unit.route.pop(0)
        unit.entrenchment = 0.0
        steps += 1
        if entering_zoc:
            break
    if steps:
        model.record(
            UnitMoved, side=unit.side, hex=unit.hex, unit=unit.uid, origin=origin, steps=steps
        )
    if blocked_reason is not None:
        unit.order, unit.route = None, []
        unit.posture = "defend"
        model.record(
            MoveBlocked, side=unit.side, hex=unit.hex, unit=unit.uid, reason=blocked_reason
        )
    elif not unit.route:
        unit.order = None
        unit.posture = "defend"
