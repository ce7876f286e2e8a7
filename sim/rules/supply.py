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

from typing import TYPE_CHECKING

import numpy as np

from sim.events import SupplyChanged

if TYPE_CHECKING:
    from sim.model import WargameModel


def trace(model: WargameModel, side: str) -> np.ndarray:
    """Hours from the nearest open source of ``side`` to every hex (``inf``: cut off)."""
    if side in model.neutral_sides:
        return np.zeros(model.terrain.size)  # neutral forces bring their own supply
    supply = model.rules.supply
    own = model.occupancy[model.side_index[side]] > 0
    blocked = model.enemy_present(side) | (model.enemy_zoc(side) & ~own) | model.blocked_for(side)
    owners = {o.hex: o.owner for o in model.objectives}
    sources = [
        model.terrain.index(hex_)
        for hex_, open_ in model.supply_sources[side].items()
        if open_ and not blocked[model.terrain.index(hex_)] and owners.get(hex_, side) == side
    ]
    return model.terrain.graphs[supply.trace_mobility].field(sources, blocked)


def run(model: WargameModel) -> None:
    rules, combat = model.rules.supply, model.rules.combat
    days = model.scenario.spec.turn_length_h / 24.0
    model.supply_fields = {side: trace(model, side) for side in model.side_ids}
    for unit in model.units():
        supplied = bool(
            model.supply_fields[unit.side][model.terrain.index(unit.hex)] <= rules.trace_range_h
        )
        if supplied:
            factor = model.scenario.spec.sides[unit.side].resupply_factor
            unit.supply = min(1.0, unit.supply + rules.resupply_per_day * factor * days)
            if not unit.engaged:
                unit.readiness = min(1.0, unit.readiness + rules.readiness_recovery_per_day * days)
        else:
            unit.supply = max(0.0, unit.supply - rules.consumption_per_day * days)
            unit.readiness = max(
                0.0, unit.readiness - rules.unsupplied_readiness_loss_per_day * days
            )
            unit.morale = max(0.0, unit.morale - model.rules.morale.unsupplied_loss_per_day * days)
        if unit.engaged or unit.fired_support:
            unit.supply = max(0.0, unit.supply - rules.combat_consumption_per_day * days)
        if supplied != unit.in_supply:
            unit.in_supply = supplied
            model.record(
                SupplyChanged, side=unit.side, hex=unit.hex, unit=unit.uid, in_supply=supplied
            )
        if unit.posture == "dig_in":
            most = combat.field_entrenchment_max
            unit.entrenchment = min(
                most,
                unit.entrenchment + most * model.scenario.spec.turn_length_h / combat.dig_in_hours,
            )
