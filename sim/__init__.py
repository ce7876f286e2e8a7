"""A turn-based wargame engine for the drone and air-defence warfare of the Nagorno-Karabakh wars.

The public API is what this package exports (``__all__``); everything else is private and may
change. A game is a :class:`WargameModel` made from a scenario file and a seed; it changes only
by the orders given to it and the turns it plays, and the same scenario, overrides, seed and
orders always give the same game:

>>> import sim
>>> model = sim.WargameModel("scenarios/tutorial_river_crossing.yaml", seed=1, human_sides=["blue"])
>>> [side for side in model.scenario.spec.sides]
['blue', 'red']
>>> tank = model.units("blue")[0]
>>> model.submit("blue", sim.Move(tank.uid, (12, 8))).accepted
True
>>> model.submit("blue", sim.order_from_dict({"type": "dig_in", "unit": "nobody"}))
Verdict(accepted=False, reason="no unit 'nobody' in play")
>>> model.step()
>>> model.turn, model.outcome
(1, None)
>>> own = sim.side_view(model, "blue")
>>> all(mark.own for mark in own.marks if mark.side == "blue")
True
>>> outcome = model.run()
>>> outcome.winner in ("blue", "red", None)
True

A scenario that is bad in any way raises :class:`InputError`, which names every problem with its
file (or option), line and field:

>>> sim.load_scenario("scenarios/no_such_file.yaml")
Traceback (most recent call last):
...
sim.errors.InputError: scenarios/no_such_file.yaml: scenario file not found
>>> try:
...     sim.load_scenario(
...         "scenarios/tutorial_river_crossing.yaml", {"sides.red.ai.attack_odds": "high"}
...     )
... except sim.InputError as error:
...     print(error.problems[0].field)
sides.red.ai.attack_odds
"""

from sim.errors import InputError
from sim.events import Event, EventLog
from sim.model import WargameModel
from sim.orders import (
    Attack,
    Defend,
    DigIn,
    Emcon,
    Move,
    Order,
    OrderFormatError,
    Sortie,
    Strike,
    Verdict,
    order_from_dict,
    order_to_dict,
)
from sim.phases import PHASES, Phase
from sim.rules.objectives import Outcome
from sim.scenario.loader import load_scenario
from sim.scenario.scenario import Scenario
from sim.state import GameState
from sim.views import Mark, View, referee_view, side_view

__all__ = [
    "PHASES",
    "Attack",
    "Defend",
    "DigIn",
    "Emcon",
    "Event",
    "EventLog",
    "GameState",
    "InputError",
    "Mark",
    "Move",
    "Order",
    "OrderFormatError",
    "Outcome",
    "Phase",
    "Scenario",
    "Sortie",
    "Strike",
    "Verdict",
    "View",
    "WargameModel",
    "load_scenario",
    "order_from_dict",
    "order_to_dict",
    "referee_view",
    "side_view",
]
