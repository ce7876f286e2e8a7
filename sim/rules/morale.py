"""Morale: losses shake units; shaken units fall back, rout or surrender; quiet ones recover.

A unit that lost a share ``L`` of its combat power this turn loses ``loss_to_morale * L`` morale
and then tests: it breaks with probability ``1 - exp(-h)``, with the hazard

    ``h = (L / loss_tolerance + odds_pressure_per_day * ln(max(1, r)) * d) * (1 - morale)``

where ``r`` is the force ratio it faced as a defender in an assault (outnumbered defenders give
ground even when their losses are light) and ``d`` the turn's length in days. The loss term
depends on the losses and the pressure term on the time under assault, so the same fight breaks
units as often in one-hour as in twelve-hour turns.
A failing unit falls back one hex, or routs two hexes if its morale is below ``rout_below``
(routed units take no orders and exert no zone of control until they rally). With morale below
``surrender_below`` it surrenders (``surrender_captured_share`` of its people are taken, the rest
scatter); routing with nowhere to go, it is taken whole; otherwise, cornered, it holds.
Then attackers advance into hexes their enemies have left, units worn below
``ineffective_below`` of their starting power disband (their people scatter), and units out of
the fight and in supply recover toward their starting morale, at a pace scaled by their own
stocks: hungry troops short of ammunition do not recover as fed ones do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.events import UnitAdvanced, UnitHeld, UnitRallied, UnitRetreated
from sim.terrain.data import Hex

if TYPE_CHECKING:
    from sim.model import WargameModel
    from sim.units.ground import GroundUnit


def run(model: WargameModel) -> None:
    rules = model.rules.morale
    days = model.scenario.spec.turn_length_h / 24.0
    for unit in model.units():
        if unit.personnel == 0 or (unit.loss_share <= 0 and unit.faced_ratio <= 1.0):
            continue
        unit.morale = max(0.0, unit.morale - rules.loss_to_morale * unit.loss_share)
        pressure = rules.odds_pressure_per_day * np.log(max(1.0, unit.faced_ratio)) * days
        hazard = (unit.loss_share / rules.loss_tolerance + pressure) * (1.0 - unit.morale)
        if model.rng.random() < -np.expm1(-hazard):
            _break(model, unit)
    _advance_into_vacated(model)
    _disband_ineffective(model)
    _recover(model)


def _break(model: WargameModel, unit: GroundUnit) -> None:
    rules = model.rules.morale
    if unit.morale < rules.surrender_below:
        model.eliminate(unit, "surrendered", captured_share=rules.surrender_captured_share)
        return
    routing = unit.morale < rules.rout_below
    origin = unit.hex
    path = retreat_path(model, unit, 2 if routing else 1)
    if not path:
        if routing:
            model.eliminate(unit, "surrendered, cut off", captured_share=1.0)
        else:
            model.record(UnitHeld, side=unit.side, hex=unit.hex, unit=unit.uid)
        return
    for hex_ in path:
        model.place_unit(unit, hex_)
    unit.order, unit.route, unit.entrenchment, unit.move_progress_h = None, [], 0.0, 0.0
    unit.posture = "move" if routing else "defend"
    if routing:
        model.set_status(unit, "routed")
        unit.readiness *= rules.rout_readiness_factor
    model.record(
        UnitRetreated, side=unit.side, hex=unit.hex, unit=unit.uid, origin=origin, routed=routing
    )


def retreat_path(model: WargameModel, unit: GroundUnit, steps: int) -> list[Hex]:
    """Up to ``steps`` hexes away from the enemy, toward supply, avoiding enemy zones."""
    terrain, limit = model.terrain, model.rules.movement.stacking_limit_points
    side = model.side_index[unit.side]
    closed = model.movement_obstacles(unit.side)
    zoc = model.enemy_zoc(unit.side)
    to_supply = model.supply_fields[unit.side]
    path: list[Hex] = []
    here = terrain.index(unit.hex)
    for _ in range(steps):
        best, best_key = None, None
        for nxt in terrain.neighbours[here]:
            if nxt < 0 or closed[nxt] or not terrain.passable_mask[unit.mobility][nxt]:
                continue
            if terrain.hex_at(nxt) in path or nxt == terrain.index(unit.hex):
                continue
            if model.stack_points[side, nxt] + unit.stacking_points > limit + 1e-9:
                continue
            key = (bool(zoc[nxt]), float(to_supply[nxt]), int(nxt))
            if best_key is None or key < best_key:
                best, best_key = int(nxt), key
        if best is None:
            break
        path.append(terrain.hex_at(best))
        here = best
    return path


def _advance_into_vacated(model: WargameModel) -> None:
    """The strongest attacker still able moves into a hex its enemies have left."""
    limit = model.rules.movement.stacking_limit_points
    for engagement in model.engagements:
        if model.enemy_units_at(engagement.attacker_side, engagement.target):
            continue
        index = model.terrain.index(engagement.target)
        side = model.side_index[engagement.attacker_side]
        able = [
            a
            for a in engagement.attackers
            if model.unit(a.uid) is a
            and a.status == "active"
            and model.terrain.distance(a.hex, engagement.target) == 1
            and model.terrain.passable_mask[a.mobility][index]
            and model.stack_points[side, index] + a.stacking_points <= limit + 1e-9
            and not model.blocked_for(a.side)[index]
        ]
        if not able:
            continue
        powers = np.array([model.ratings.power(a) for a in able])
        mover = able[int(np.argmax(powers))]
        origin = mover.hex
        model.place_unit(mover, engagement.target)
        mover.entrenchment = 0.0
        model.record(UnitAdvanced, side=mover.side, hex=mover.hex, unit=mover.uid, origin=origin)


def _disband_ineffective(model: WargameModel) -> None:
    threshold = model.rules.combat.ineffective_below
    for unit in model.units():
        if unit.personnel == 0:
            model.eliminate(unit, "destroyed", captured_share=0.0)
        elif model.ratings.raw_power(unit) < threshold * unit.start_power:
            model.eliminate(unit, "disbanded, no longer combat effective", captured_share=0.0)


def _recover(model: WargameModel) -> None:
    rules = model.rules.morale
    days = model.scenario.spec.turn_length_h / 24.0
    for unit in model.units():
        if unit.engaged or not unit.in_supply:
            continue
        recovery = rules.recovery_per_day * days * unit.supply
        unit.morale = min(unit.base_morale, unit.morale + recovery)
        if unit.status == "routed" and unit.morale >= rules.rout_below + rules.rally_margin:
            model.set_status(unit, "active")
            unit.posture = "defend"
            model.record(UnitRallied, side=unit.side, hex=unit.hex, unit=unit.uid)
