"""WargameModel: the turn loop, a pure function of (scenario, overrides, seed) and the orders given.

The model owns the turn loop and little else. Its :attr:`~WargameModel.state` is the game as it
stands (:class:`sim.state.GameState`); :meth:`~WargameModel.step` plays one turn by walking the
phase table :data:`sim.phases.PHASES` (scripted events, pictures age, orders, air, missile
fires, movement, ground combat, morale, supply, observation, objectives, victory, end of time,
data collection); :meth:`~WargameModel.submit` is the one door orders come in by.

>>> from sim import WargameModel, Move
>>> model = WargameModel("scenarios/tutorial_river_crossing.yaml", seed=1, human_sides=["blue"])
>>> unit = model.units("blue")[0]
>>> model.submit("blue", Move(unit.uid, (0, 0)))
Verdict(accepted=True, reason='')
>>> model.submit("blue", Move("no-such-unit", (0, 0)))
Verdict(accepted=False, reason="no unit 'no-such-unit' in play")
>>> model.step()
>>> model.turn
1
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import mesa

from sim.events import EventLog
from sim.order_table import submit
from sim.orders import Order, Verdict
from sim.phases import PHASES
from sim.rules.objectives import Outcome
from sim.scenario.loader import load_scenario
from sim.scenario.scenario import Scenario
from sim.setup import new_game
from sim.state import GameState
from sim.terrain.terrain import Terrain
from sim.turn import TurnRecord
from sim.units.ground import GroundUnit


class WargameModel(mesa.Model):
    """A scenario in play.

    Args:
        scenario: a scenario file, or a :class:`~sim.scenario.scenario.Scenario` already loaded.
        seed: seeds the model's numpy ``Generator``, the only source of randomness.
        overrides: ``{"dotted.key": value}`` applied to the scenario file before validation
            (only with a path; see :mod:`sim.scenario.overrides`).
        human_sides: sides whose orders come from outside; the AI plays the others.
    """

    def __init__(
        self,
        scenario: str | Path | Scenario,
        seed: int | None = None,
        overrides: Mapping[str, Any] | None = None,
        human_sides: Iterable[str] = (),
    ):
        if not isinstance(scenario, Scenario):
            scenario = load_scenario(scenario, overrides)
        elif overrides:
            raise ValueError("overrides are applied when loading: pass the scenario's path")
        super().__init__(seed=seed)
        self.seed = seed
        self.state: GameState = new_game(scenario, self, seed, human_sides)
        self._last_turn = TurnRecord()

    # --- what front ends read ---------------------------------------------------------------

    @property
    def scenario(self) -> Scenario:
        """The scenario as it now stands (an instructor's what-if may have changed it)."""
        return self.state.scenario

    @property
    def terrain(self) -> Terrain:
        """The map: its grid and layers, travel times, line of sight."""
        return self.state.terrain

    @property
    def events(self) -> EventLog:
        """Everything that has happened, in order."""
        return self.state.log

    @property
    def turn(self) -> int:
        """Turns played so far (during a step, the turn being played)."""
        return self.state.clock.turn

    @property
    def outcome(self) -> Outcome | None:
        """How the game ended, or None while it goes on."""
        return self.state.outcome

    @property
    def datacollector(self) -> mesa.DataCollector:
        """The per-turn table (:mod:`sim.metrics`)."""
        return self.state.collector

    @property
    def running(self) -> bool:
        """Mesa's flag: the game runs until it has an outcome."""
        state = self.__dict__.get("state")
        return state is None or state.outcome is None

    @running.setter
    def running(self, value: bool) -> None:
        """Mesa's ``Model`` sets the flag when it starts; here the outcome decides it."""

    def unit(self, uid: str) -> GroundUnit | None:
        """The ground unit in play with this id, or None."""
        return self.state.forces.unit(uid)

    def units(self, side: str | None = None) -> list[GroundUnit]:
        """Ground units in play (of one side), in the order they entered the game."""
        return self.state.forces.units(side)

    # --- the turn ---------------------------------------------------------------------------

    def submit(self, side: str, order: Order | object) -> Verdict:
        """Give an order to one of ``side``'s units (or air bases) for the coming turn; a bad
        order is rejected with its reason, never raised."""
        return submit(self.state, side, order)

    def step(self) -> None:
        """Play one turn: every phase of :data:`sim.phases.PHASES`, in order."""
        state = self.state
        if state.outcome is not None:
            return
        state.clock.turn += 1
        state.clock.in_step = True
        turn = self._last_turn.next()
        for phase in PHASES:
            phase.play(state, turn)
        state.clock.in_step = False
        self._last_turn = turn

    def run(self, max_turns: int | None = None) -> Outcome | None:
        """Play until the game ends (or ``max_turns`` more turns); return the outcome so far."""
        played = 0
        while self.running and (max_turns is None or played < max_turns):
            self.step()
            played += 1
        return self.outcome

    def release(self) -> None:
        """Let the garbage collector have this finished game.

        Mesa 3.3 keeps every model reachable for the life of the process: ``Agent._ids`` maps
        each model to its id counter, and each grid's cell class is registered with ``copyreg``
        (mesa issue 3179, fixed after 3.3). A process that plays thousands of games, a batch
        worker, calls this after each one so that its memory stays flat. The model must not be
        stepped afterwards.
        """
        ids = getattr(mesa.Agent, "_ids", None)
        if isinstance(ids, dict):
            ids.pop(self, None)
        self.state.terrain.release()
