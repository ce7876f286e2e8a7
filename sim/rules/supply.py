"""Supply: a unit is supplied if trucks can reach it from one of its side's sources in time.

Each side's supply net is one Dijkstra field over the travel times of the supply columns'
mobility class, from every open source (a source on an objective is open only while the side
holds the objective, so a town taken can become a depot for the advance), through hexes that
are neither held by the enemy, nor in an enemy zone of control without friends in them, nor
closed by a scripted event. Units within
``trace_range_h`` hours of a source draw supply and recover readiness; units beyond it use up
what they carry, and lose readiness and morale while cut off. Fighting or firing in support
burns supply on top. Units digging in also entrench here, at the end of the turn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

from sim.events import EventLog, SupplyChanged
from sim.terrain.geometry import Hex

if TYPE_CHECKING:
    from sim.clock import Clock
    from sim.closures import Closures
    from sim.forces import Forces
    from sim.rules.objectives import ObjectiveState
    from sim.scenario.catalog_schema import Rules
    from sim.scenario.scenario import Scenario
    from sim.sides import Sides
    from sim.terrain.terrain import Terrain
    from sim.turn import TurnRecord
    from sim.units.ground import GroundUnit


@dataclass
class SupplyNet:
    """Each side's supply sources (open or closed) and how far every hex is from them."""

    sources: dict[str, dict[Hex, bool]]
    fields: dict[str, np.ndarray]
    """Hours from the nearest open source of each side to every hex (``inf``: cut off), as
    traced at the end of the last turn."""


class TraceState(Protocol):
    """What tracing a side's supply reads."""

    @property
    def rules(self) -> Rules: ...
    @property
    def terrain(self) -> Terrain: ...
    @property
    def sides(self) -> Sides: ...
    @property
    def forces(self) -> Forces: ...
    @property
    def closures(self) -> Closures: ...
    @property
    def objectives(self) -> list[ObjectiveState]: ...


class SupplyState(TraceState, Protocol):
    """What the supply phase reads and writes."""

    @property
    def scenario(self) -> Scenario: ...
    @property
    def clock(self) -> Clock: ...

    forces: Forces
    supply: SupplyNet
    log: EventLog


def trace(state: TraceState, sources: dict[Hex, bool], side: str) -> np.ndarray:
    """Hours from the nearest open source of ``side`` to every hex (``inf``: cut off)."""
    terrain = state.terrain
    if side in state.sides.neutral:
        return np.zeros(terrain.size)  # neutral forces bring their own supply
    occupancy = state.forces.occupancy
    own = occupancy.own_present(side)
    blocked = (
        occupancy.enemy_present(side)
        | (occupancy.enemy_zoc(side) & ~own)
        | state.closures.blocked_for(side)
    )
    owners = {o.hex: o.owner for o in state.objectives}
    open_sources = [
        terrain.index(hex_)
        for hex_, open_ in sources.items()
        if open_ and not blocked[terrain.index(hex_)] and owners.get(hex_, side) == side
    ]
    return terrain.graphs[state.rules.supply.trace_mobility].field(open_sources, blocked)


def trace_all(state: TraceState, sources: dict[str, dict[Hex, bool]]) -> dict[str, np.ndarray]:
    """Every side's supply field."""
    return {side: trace(state, sources[side], side) for side in state.sides.ids}


def in_reach(state: TraceState, supply: SupplyNet, unit: GroundUnit) -> bool:
    """Can trucks reach the unit from a source in time (on the fields as last traced)?"""
    hours = supply.fields[unit.side][state.terrain.index(unit.hex)]
    return bool(hours <= state.rules.supply.trace_range_h)


def run(state: SupplyState, turn: TurnRecord) -> None:
    rules, combat = state.rules.supply, state.rules.combat
    days = state.clock.days_per_turn
    state.supply.fields = trace_all(state, state.supply.sources)
    for unit in state.forces.units():
        supplied = in_reach(state, state.supply, unit)
        busy = unit.uid in turn.engaged
        if supplied:
            factor = state.scenario.spec.sides[unit.side].resupply_factor
            unit.supply = min(1.0, unit.supply + rules.resupply_per_day * factor * days)
            if not busy:
                unit.readiness = min(1.0, unit.readiness + rules.readiness_recovery_per_day * days)
        else:
            unit.supply = max(0.0, unit.supply - rules.consumption_per_day * days)
            unit.readiness = max(
                0.0, unit.readiness - rules.unsupplied_readiness_loss_per_day * days
            )
            unit.morale = max(0.0, unit.morale - state.rules.morale.unsupplied_loss_per_day * days)
        if busy or unit.uid in turn.fired_support:
            unit.supply = max(0.0, unit.supply - rules.combat_consumption_per_day * days)
        if supplied != unit.in_supply:
            unit.in_supply = supplied
            state.log.record(
                SupplyChanged, side=unit.side, hex=unit.hex, unit=unit.uid, in_supply=supplied
            )
        if unit.posture == "dig_in":
            most = combat.field_entrenchment_max
            unit.entrenchment = min(
                most,
                unit.entrenchment + most * state.clock.turn_length_h / combat.dig_in_hours,
            )
