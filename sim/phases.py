"""The turn as data: its phases in order, each with what it reads and writes.

:meth:`sim.model.WargameModel.step` plays a turn by walking :data:`PHASES`. Every phase names
the components of the :class:`~sim.state.GameState` it only reads and those it writes (changes
or replaces), and the fields of the turn's :class:`~sim.turn.TurnRecord` it reads (``takes``)
and fills in (``gives``): that is how one phase hands its results to a later one. The rule's
own signature says the same thing (its state Protocol: properties are what it reads, plain
attributes what it writes); ``tests/test_phases.py`` checks that the two agree and that a phase
touches nothing else, and the table in ``docs/architecture.md`` is generated from this one
(:func:`markdown_table`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sim import metrics
from sim.ai.baseline import give_ai_orders
from sim.rules import (
    air_ops,
    combat,
    fires,
    morale,
    movement,
    objectives,
    observation,
    scripted,
    supply,
)
from sim.turn import TurnRecord


@dataclass(frozen=True)
class Phase:
    """One step of a turn."""

    name: str
    run: Callable[..., None]
    """``run(state)``, or ``run(state, turn)`` for a phase that takes or gives turn results."""
    does: str
    """What it does, in a line."""
    reads: tuple[str, ...]
    """Components of the game state it reads and leaves as they were."""
    writes: tuple[str, ...]
    """Components it changes (drawing random numbers changes ``rng``)."""
    takes: tuple[str, ...] = ()
    """Fields of the turn's record it reads."""
    gives: tuple[str, ...] = ()
    """Fields of the turn's record it fills in."""

    @property
    def uses_turn(self) -> bool:
        """Does it take or give turn results (and so take the turn's record)?"""
        return bool(self.takes or self.gives)

    def play(self, state: Any, turn: TurnRecord) -> None:
        """Play the phase on ``state``, with this turn's record if it uses it."""
        if self.uses_turn:
            self.run(state, turn)
        else:
            self.run(state)


_SENSORS = ("rules", "scenario", "clock", "sides", "terrain", "systems", "ratings", "weather")
"""What every sensor reads, besides the units and aircraft it looks for."""

PHASES: tuple[Phase, ...] = (
    Phase(
        "scripted events",
        scripted.fire_due,
        "the scenario's (and an instructor's) events due this turn fire: reinforcements, "
        "roadblocks, supply sources, weather, messages; expired closures lift",
        reads=("scenario", "catalog", "systems", "terrain", "clock"),
        writes=("script", "closures", "weather", "supply", "forces", "log"),
    ),
    Phase(
        "pictures age",
        observation.age_pictures,
        "every side's contacts lose confidence; old ones are dropped",
        reads=("clock",),
        writes=("pictures",),
    ),
    Phase(
        "orders",
        give_ai_orders,
        "the AI gives the orders of the sides it plays (people gave theirs before the turn)",
        reads=(
            "scenario",
            "catalog",
            "rules",
            "terrain",
            "sides",
            "ratings",
            "systems",
            "clock",
            "closures",
            "pictures",
            "objectives",
            "supply",
        ),
        writes=("players", "forces", "air", "log", "rng"),
        takes=("fired_sam_before",),
    ),
    Phase(
        "air",
        air_ops.run,
        "sorties launch and fly, jammers jam, radars and sensors look, SAMs engage, drones "
        "and loitering munitions strike, fighters engage, airframes come home",
        reads=(*_SENSORS, "catalog"),
        writes=("forces", "pictures", "air", "air_stats", "losses", "rng", "log"),
        takes=("engaged", "fired_support", "fired_sam"),
        gives=("fired_sam", "power_lost"),
    ),
    Phase(
        "missile fires",
        fires.run,
        "missiles fired this turn fly, may be intercepted, and hit or miss",
        reads=("catalog", "ratings", "systems", "sides", "terrain", "rules", "clock", "pictures"),
        writes=("forces", "losses", "air_stats", "air", "rng", "log"),
        gives=("fired_sam", "power_lost"),
    ),
    Phase(
        "movement",
        movement.run,
        "units follow their routes as time, terrain, zones of control and room allow",
        reads=("rules", "terrain", "clock", "closures"),
        writes=("forces", "rng", "log"),
    ),
    Phase(
        "ground combat",
        combat.run,
        "every attacked hex is fought over: attrition by force ratio, with fire support",
        reads=("rules", "terrain", "ratings", "catalog", "sides", "clock"),
        writes=("forces", "losses", "rng", "log"),
        takes=("engaged", "fired_support"),
        gives=("fights", "engaged", "fired_support", "odds_faced", "power_lost"),
    ),
    Phase(
        "morale",
        morale.run,
        "units that lost or were outnumbered test their morale: fall back, rout, surrender; "
        "attackers advance into vacated hexes; worn units disband; quiet ones recover",
        reads=("rules", "terrain", "ratings", "clock", "closures", "supply"),
        writes=("forces", "losses", "rng", "log"),
        takes=("power_lost", "odds_faced", "fights", "engaged"),
    ),
    Phase(
        "supply",
        supply.run,
        "supply is traced from each side's sources; units draw it or go short; diggers dig",
        reads=("rules", "terrain", "sides", "closures", "objectives", "scenario", "clock"),
        writes=("forces", "supply", "log"),
        takes=("engaged", "fired_support"),
    ),
    Phase(
        "observation",
        observation.run,
        "every side's ground observers look; units in contact, and those that fought, know it",
        reads=(*_SENSORS, "forces", "air"),
        writes=("pictures", "rng", "log"),
        takes=("fights", "engaged", "fired_support", "fired_sam"),
    ),
    Phase(
        "objectives",
        objectives.update_control,
        "an objective belongs to the last side to hold its hex alone",
        reads=("terrain", "sides", "forces", "clock"),
        writes=("objectives", "log"),
    ),
    Phase(
        "victory",
        objectives.check_victory,
        "a side that has met a victory condition for long enough wins",
        reads=("scenario", "sides", "objectives", "clock", "forces", "ratings", "losses"),
        writes=("victory", "outcome", "log"),
    ),
    Phase(
        "end of time",
        scripted.check_end,
        "if nothing decided the game, a scripted end or the time limit may end it now",
        reads=("scenario", "sides", "objectives", "clock", "script"),
        writes=("outcome", "log"),
    ),
    Phase(
        "data collection",
        metrics.collect,
        "the turn's numbers go into the per-turn table (Mesa's DataCollector)",
        reads=(
            "scenario",
            "clock",
            "forces",
            "ratings",
            "objectives",
            "losses",
            "air_stats",
            "systems",
            "pictures",
        ),
        writes=("collector",),
    ),
)
"""The phases of a turn, in the order they are played.

>>> [phase.name for phase in PHASES][:5]
['scripted events', 'pictures age', 'orders', 'air', 'missile fires']
>>> ground_combat = next(phase for phase in PHASES if phase.name == "ground combat")
>>> ground_combat.reads
('rules', 'terrain', 'ratings', 'catalog', 'sides', 'clock')
>>> ground_combat.gives
('fights', 'engaged', 'fired_support', 'odds_faced', 'power_lost')
"""


def markdown_table(phases: tuple[Phase, ...] = PHASES) -> str:
    """The phase table as Markdown, for the docs."""
    lines = [
        "| # | phase | what happens | reads | writes | takes from the turn | gives the turn |",
        "|---|---|---|---|---|---|---|",
    ]
    for i, phase in enumerate(phases, 1):
        cells = [phase.reads, phase.writes, phase.takes, phase.gives]
        lines.append(
            f"| {i} | {phase.name} | {phase.does} | "
            + " | ".join(", ".join(f"`{name}`" for name in cell) for cell in cells)
            + " |"
        )
    return "\n".join(lines)
