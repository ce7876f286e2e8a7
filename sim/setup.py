"""A new game: the state a scenario starts from, before the first turn is played.

Everything is placed as the scenario says (units, air bases, restricted areas, objectives and
their owners); supply is traced once so that units know whether they start in supply; then the
game begins: the start is logged, every side's observers take a first look, and a scenario that
ends before its first turn ends.
"""

from __future__ import annotations

from collections.abc import Iterable

import mesa

from sim import metrics
from sim.ai.baseline import BaselineAI
from sim.air_stats import AirStats
from sim.clock import Clock
from sim.closures import FOREVER, ActiveBlock, Closures
from sim.events import EventLog, GameStarted
from sim.forces import Forces
from sim.losses import SideLosses
from sim.picture import Pictures
from sim.rules import observation, scripted, supply
from sim.rules.objectives import ObjectiveState, VictoryTracker
from sim.rules.scripted import Script
from sim.rules.supply import SupplyNet
from sim.scenario.scenario import Scenario
from sim.sides import Sides
from sim.state import GameState, rebase
from sim.terrain.terrain import Terrain
from sim.turn import TurnRecord
from sim.units.air import AirBase, AirWar, hex_km


def new_game(
    scenario: Scenario, owner: mesa.Model, seed: int | None, human_sides: Iterable[str] = ()
) -> GameState:
    """The state of ``scenario`` at its start; ``owner`` is the Mesa model whose agents the
    units and aircraft are, and whose generator draws every random number."""
    spec = scenario.spec
    sides = Sides(spec.sides)
    humans = set(human_sides)
    if humans - set(sides.ids):
        raise ValueError(
            f"no side(s) {', '.join(sorted(humans - set(sides.ids)))} in "
            f"this scenario; its sides are {', '.join(sides.ids)}"
        )
    clock = Clock(spec.start, spec.turn_length_h, spec.turns)
    terrain = Terrain(scenario.terrain, scenario.catalog, owner.random)
    air_rules = scenario.catalog.rules.air
    state = GameState(
        scenario=scenario,
        sides=sides,
        terrain=terrain,
        clock=clock,
        log=EventLog(clock),
        rng=owner.rng,
        forces=Forces(owner, terrain, sides),
        closures=Closures(
            terrain.size,
            [
                ActiveBlock(area.name, area.indices, area.sides, until_turn=FOREVER)
                for area in scenario.terrain.restricted
            ],
        ),
        losses={side: SideLosses() for side in sides.ids},
        supply=SupplyNet(
            sources={
                side: {scenario.hex_of(p): True for p in side_spec.supply_sources}
                for side, side_spec in spec.sides.items()
            },
            fields={},
        ),
        objectives=[
            ObjectiveState(
                o.id, spec.places[o.place].name, scenario.place_hexes[o.place], o.points, o.owner
            )
            for o in spec.objectives
        ],
        victory=VictoryTracker(spec.victory),
        pictures=Pictures(
            sides.ids,
            air_rules.contact_half_life_h,
            air_rules.contact_drop_after_h,
            spec.turn_length_h,
        ),
        air=AirWar(owner, terrain.hex_size_km, _air_bases(scenario, terrain.hex_size_km)),
        air_stats={side: AirStats() for side in sides.ids},
        script=Script(),
        weather=[],
        collector=metrics.collector(sides.ids),
    )
    rebase(state, scenario)
    for unit_spec in spec.units:
        state.forces.enlist(
            unit_spec,
            scenario.hex_of(unit_spec.at),
            state.catalog.unit_types[unit_spec.type],
            state.systems,
        )
    state.forces.muster()
    state.supply.fields = supply.trace_all(state, state.supply.sources)
    for unit in state.forces.units():
        unit.in_supply = supply.in_reach(state, state.supply, unit)
    state.players = {
        side: None if side in humans or side in sides.neutral else BaselineAI(side, state)
        for side in sides.ids
    }
    state.log.record(GameStarted, title=spec.title, seed=seed)
    observation.run(state, TurnRecord())
    scripted.check_end_before(state, turn=1)
    return state


def _air_bases(scenario: Scenario, hex_size_km: float) -> dict[str, AirBase]:
    return {
        b.id: AirBase(
            b.id,
            b.name,
            b.side,
            scenario.hex_of(b.at),
            hex_km(scenario.hex_of(b.at), hex_size_km),
            b.offmap_distance_km,
            dict(b.aircraft),
            dict(b.munitions),
        )
        for b in scenario.spec.air_bases
    }
