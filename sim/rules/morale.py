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

from typing import TYPE_CHECKING, Protocol

import numpy as np

from sim.events import EventLog, UnitAdvanced, UnitEliminated, UnitHeld, UnitRallied, UnitRetreated
from sim.terrain.geometry import Hex

if TYPE_CHECKING:
    from sim.clock import Clock
    from sim.closures import Closures
    from sim.forces import Forces
    from sim.losses import SideLosses
    from sim.rules.power import PowerRatings
    from sim.rules.supply import SupplyNet
    from sim.scenario.catalog_schema import Rules
    from sim.terrain.terrain import Terrain
    from sim.turn import TurnRecord
    from sim.units.ground import GroundUnit


class MoraleState(Protocol):
    """What the morale phase reads and writes."""

    @property
    def rules(self) -> Rules: ...
    @property
    def terrain(self) -> Terrain: ...
    @property
    def ratings(self) -> PowerRatings: ...
    @property
    def clock(self) -> Clock: ...
    @property
    def closures(self) -> Closures: ...
    @property
    def supply(self) -> SupplyNet: ...

    forces: Forces
    losses: dict[str, SideLosses]
    rng: np.random.Generator
    log: EventLog


def run(state: MoraleState, turn: TurnRecord) -> None:
    rules = state.rules.morale
    days = state.clock.days_per_turn
    for unit in state.forces.units():
        lost = turn.power_lost.get(unit.uid, 0.0)
        odds = turn.odds_faced.get(unit.uid, 0.0)
        if unit.personnel == 0 or (lost <= 0 and odds <= 1.0):
            continue
        unit.morale = max(0.0, unit.morale - rules.loss_to_morale * lost)
        pressure = rules.odds_pressure_per_day * np.log(max(1.0, odds)) * days
        hazard = (lost / rules.loss_tolerance + pressure) * (1.0 - unit.morale)
        if state.rng.random() < -np.expm1(-hazard):
            _break(state, unit)
    _advance_into_vacated(state, turn)
    _disband_ineffective(state)
    _recover(state, turn)


def eliminate(state: MoraleState, unit: GroundUnit, cause: str, captured_share: float) -> None:
    """Take a unit out of the game. In a surrender (``captured_share`` > 0) that share of
    its people is taken and all its equipment is lost; everyone else scatters."""
    losses = state.losses[unit.side]
    losses.units_eliminated += 1
    captured = int(state.rng.binomial(unit.personnel, captured_share)) if captured_share else 0
    losses.captured += captured
    losses.dispersed += unit.personnel - captured
    if captured_share:
        losses.add_equipment(unit.equipment)
    state.log.record(
        UnitEliminated,
        side=unit.side,
        hex=unit.hex,
        unit=unit.uid,
        cause=cause,
        personnel=unit.personnel,
        captured=captured,
        equipment={k: n for k, n in unit.equipment.items() if n},
    )
    state.forces.remove(unit)


def _break(state: MoraleState, unit: GroundUnit) -> None:
    rules = state.rules.morale
    if unit.morale < rules.surrender_below:
        eliminate(state, unit, "surrendered", captured_share=rules.surrender_captured_share)
        return
    routing = unit.morale < rules.rout_below
    origin = unit.hex
    path = retreat_path(state, unit, 2 if routing else 1)
    if not path:
        if routing:
            eliminate(state, unit, "surrendered, cut off", captured_share=1.0)
        else:
            state.log.record(UnitHeld, side=unit.side, hex=unit.hex, unit=unit.uid)
        return
    for hex_ in path:
        state.forces.place(unit, hex_)
    unit.order, unit.route, unit.entrenchment, unit.move_progress_h = None, [], 0.0, 0.0
    unit.posture = "move" if routing else "defend"
    if routing:
        state.forces.set_status(unit, "routed")
        unit.readiness *= rules.rout_readiness_factor
    state.log.record(
        UnitRetreated, side=unit.side, hex=unit.hex, unit=unit.uid, origin=origin, routed=routing
    )


def retreat_path(state: MoraleState, unit: GroundUnit, steps: int) -> list[Hex]:
    """Up to ``steps`` hexes away from the enemy, toward supply, avoiding enemy zones."""
    terrain, limit = state.terrain, state.rules.movement.stacking_limit_points
    occupancy = state.forces.occupancy
    closed = occupancy.movement_obstacles(unit.side, state.closures)
    zoc = occupancy.enemy_zoc(unit.side)
    to_supply = state.supply.fields[unit.side]
    path: list[Hex] = []
    here = terrain.index(unit.hex)
    for _ in range(steps):
        best, best_key = None, None
        for nxt in terrain.neighbours[here]:
            if nxt < 0 or closed[nxt] or not terrain.passable_mask[unit.mobility][nxt]:
                continue
            if terrain.hex_at(nxt) in path or nxt == terrain.index(unit.hex):
                continue
            if not occupancy.has_room(unit.side, nxt, unit.stacking_points, limit):
                continue
            key = (bool(zoc[nxt]), float(to_supply[nxt]), int(nxt))
            if best_key is None or key < best_key:
                best, best_key = int(nxt), key
        if best is None:
            break
        path.append(terrain.hex_at(best))
        here = best
    return path


def _advance_into_vacated(state: MoraleState, turn: TurnRecord) -> None:
    """The strongest attacker still able moves into a hex its enemies have left."""
    limit = state.rules.movement.stacking_limit_points
    forces, terrain = state.forces, state.terrain
    for fight in turn.fights:
        if forces.enemies_at(fight.attacker_side, fight.target):
            continue
        index = terrain.index(fight.target)
        able = [
            a
            for a in fight.attackers
            if a in forces
            and a.status == "active"
            and terrain.distance(a.hex, fight.target) == 1
            and terrain.passable_mask[a.mobility][index]
            and forces.occupancy.has_room(a.side, index, a.stacking_points, limit)
            and not state.closures.blocked_for(a.side)[index]
        ]
        if not able:
            continue
        powers = np.array([state.ratings.power(a) for a in able])
        mover = able[int(np.argmax(powers))]
        origin = mover.hex
        forces.place(mover, fight.target)
        mover.entrenchment = 0.0
        state.log.record(
            UnitAdvanced, side=mover.side, hex=mover.hex, unit=mover.uid, origin=origin
        )


def _disband_ineffective(state: MoraleState) -> None:
    threshold = state.rules.combat.ineffective_below
    ratings = state.ratings
    for unit in state.forces.units():
        if unit.personnel == 0:
            eliminate(state, unit, "destroyed", captured_share=0.0)
        elif ratings.raw_power(unit) < threshold * ratings.raw_power(unit.entered):
            eliminate(state, unit, "disbanded, no longer combat effective", captured_share=0.0)


def _recover(state: MoraleState, turn: TurnRecord) -> None:
    rules = state.rules.morale
    days = state.clock.days_per_turn
    for unit in state.forces.units():
        if unit.uid in turn.engaged or not unit.in_supply:
            continue
        recovery = rules.recovery_per_day * days * unit.supply
        unit.morale = min(unit.base_morale, unit.morale + recovery)
        if unit.status == "routed" and unit.morale >= rules.rout_below + rules.rally_margin:
            state.forces.set_status(unit, "active")
            unit.posture = "defend"
            state.log.record(UnitRallied, side=unit.side, hex=unit.hex, unit=unit.uid)
