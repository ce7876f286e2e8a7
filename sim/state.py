"""The game's state: every component the rules and the AI read and write, in one place.

A :class:`GameState` is a bundle of named components. No rule takes all of it: each rule module
declares the few components it reads and writes as a small Protocol (``CombatState`` in
:mod:`sim.rules.combat`, and so on), and the phase table in :mod:`sim.phases` lists them too.
The components are what the scenario decides (its sides and map), the game as it stands, and
what is derived from the catalog; :func:`rebase` is the one path that sets the derived ones,
when a game starts (:func:`sim.setup.new_game`) and when a what-if changes the scenario in the
middle of a game (:mod:`sim.game.live_what_if`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import mesa
import numpy as np

from sim.air_stats import AirStats
from sim.clock import Clock
from sim.closures import Closures
from sim.events import EventLog
from sim.forces import Forces
from sim.losses import SideLosses
from sim.picture import Pictures
from sim.rules.objectives import ObjectiveState, Outcome, VictoryTracker
from sim.rules.power import PowerRatings
from sim.rules.scripted import ActiveWeather, Script
from sim.rules.supply import SupplyNet
from sim.scenario.catalog import Catalog
from sim.scenario.catalog_schema import Rules
from sim.scenario.scenario import Scenario
from sim.sides import Sides
from sim.terrain.terrain import Terrain
from sim.units.air import AirWar
from sim.units.systems import Systems

if TYPE_CHECKING:
    from sim.ai.baseline import BaselineAI


@dataclass(eq=False, repr=False)
class GameState:
    """Everything a game is, as named components."""

    # --- what the scenario decides ----------------------------------------------------------
    scenario: Scenario
    sides: Sides
    terrain: Terrain

    # --- the game as it stands --------------------------------------------------------------
    clock: Clock
    log: EventLog
    rng: np.random.Generator
    """The only source of randomness."""
    forces: Forces
    """The ground units in play and who is where (occupancy, zones of control, stacking)."""
    closures: Closures
    """Hexes closed to some sides: restricted areas, scripted roadblocks."""
    losses: dict[str, SideLosses]
    supply: SupplyNet
    objectives: list[ObjectiveState]
    victory: VictoryTracker
    pictures: Pictures
    """Each side's fog of war: its contacts."""
    air: AirWar
    """Air bases, airframes in the air, sorties and missile strikes ordered."""
    air_stats: dict[str, AirStats]
    script: Script
    """Scripted events injected by an instructor, reinforcements waiting to enter."""
    weather: list[ActiveWeather]
    """Weather that shortens EO/IR ranges, while it lasts."""
    collector: mesa.DataCollector
    """The per-turn table (:mod:`sim.metrics`)."""
    players: dict[str, BaselineAI | None] = field(default_factory=dict)
    """The AI of every side people do not play (None for those they do, and neutrals)."""
    outcome: Outcome | None = None
    """How the game ended, once it has."""
    # --- derived from the catalog, by rebase() alone ----------------------------------------
    catalog: Catalog = field(init=False)
    rules: Rules = field(init=False)
    """The catalog's ``rules``: every constant of movement, combat, morale, supply, air war."""
    ratings: PowerRatings = field(init=False)
    """Combat power of units, from the catalog's firepower and the combat rules."""
    systems: Systems = field(init=False)
    """What units' equipment can do in the air war (radars, launchers, jammers)."""


def rebase(state: GameState, scenario: Scenario) -> None:
    """Point the game at ``scenario`` and rebuild everything derived from it and its catalog.

    The one path for derived state, at the start and when a what-if changes the scenario in
    the middle of a game: the rules, combat ratings, air-war systems, the terrain's travel
    graphs, the pictures' ageing constants and each unit's starting power all follow the
    catalog given here. (Units keep no derived numbers: their starting strength is rated
    afresh by ``ratings`` whenever it is needed.)
    """
    catalog = scenario.catalog
    state.scenario, state.catalog, state.rules = scenario, catalog, catalog.rules
    state.ratings = PowerRatings(catalog)
    state.systems = Systems(catalog)
    state.terrain.derive(catalog)
    air = catalog.rules.air
    state.pictures.configure(air.contact_half_life_h, air.contact_drop_after_h)
