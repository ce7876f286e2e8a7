"""A game in progress: the model, the sides people play, and every order they gave, in order.

The model is a pure function of (scenario, overrides, seed) and the orders people submit, so
the list of those orders is the whole game: a save holds it, a load replays it, and a replay
steps through it. Rejected orders are kept too, since the event log records them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.game.instructor import INSTRUCTOR, apply_action
from sim.model import WargameModel
from sim.orders import Order, Verdict, order_from_dict, order_to_dict
from sim.scenario.loader import load_scenario
from sim.scenario.scenario import Scenario
from sim.views import View, referee_view, side_view


@dataclass(frozen=True)
class Action:
    """One order a person gave: for which turn, for which side, what."""

    turn: int
    """The turn it was given for: orders are given between turns and carried out in the next."""
    side: str
    order: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"turn": self.turn, "side": self.side, "order": self.order}


@dataclass
class GameSession:
    """A game people play: the AI plays every side not in ``human_sides``."""

    scenario_path: Path
    seed: int
    human_sides: tuple[str, ...]
    overrides: Mapping[str, Any] = field(default_factory=dict)
    scenario: Scenario | None = None
    actions: list[Action] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.paused = False
        self.scenario_path = Path(self.scenario_path)
        if self.scenario is None:
            self.scenario = load_scenario(self.scenario_path, self.overrides)
        self.human_sides = tuple(self.human_sides)
        self.model = WargameModel(self.scenario, seed=self.seed, human_sides=self.human_sides)

    @classmethod
    def start(
        cls,
        scenario_path: str | Path,
        seed: int = 1,
        human_sides: Iterable[str] | None = None,
        overrides: Mapping[str, Any] | None = None,
    ) -> GameSession:
        """A new game; by default a person plays the scenario's first side against the AI."""
        scenario = load_scenario(scenario_path, overrides)
        if human_sides is None:
            human_sides = playable_sides(scenario)[:1]
        return cls(Path(scenario_path), seed, tuple(human_sides), dict(overrides or {}), scenario)

    @property
    def turn(self) -> int:
        """Turns played so far."""
        return self.model.turn

    @property
    def finished(self) -> bool:
        return self.model.outcome is not None

    def submit(self, side: str, order: Order | Mapping[str, Any]) -> Verdict:
        """Give ``side`` an order for the next turn, as the AI would; the engine's verdict says
        why it is refused, if it is."""
        if side not in self.human_sides:
            return Verdict(False, f"{side} is played by the AI in this game")
        if self.finished:
            return Verdict(False, "the game is over")
        if isinstance(order, Mapping):
            order = order_from_dict(order)
        self.actions.append(Action(self.turn + 1, side, order_to_dict(order)))
        return self.model.submit(side, order)

    def instruct(self, action: Mapping[str, Any]) -> Verdict:
        """An instructor's action (sim.game.instructor): kept with the orders, so that a save
        replays it at the same point of the game."""
        self.actions.append(Action(self.turn + 1, INSTRUCTOR, dict(action)))
        verdict = apply_action(self.model, action)
        if verdict.accepted and action.get("type") in ("pause", "resume"):
            self.paused = action["type"] == "pause"
        return verdict

    def end_turn(self) -> bool:
        """Play the turn: the AI sides give their orders, then everything is resolved; not
        while an instructor has paused the game (then False)."""
        if self.paused:
            return False
        self.model.step()
        return True

    def view(self, side: str | None) -> View:
        """What ``side`` may see, or everything for the referee (``None``)."""
        return referee_view(self.model) if side is None else side_view(self.model, side)


def playable_sides(scenario: Scenario) -> list[str]:
    """The sides a person may play: every side but the neutrals, in the scenario's order."""
    return [side for side, spec in scenario.spec.sides.items() if not spec.neutral]


def replay_actions(session: GameSession, actions: Iterable[Action], turns: int) -> None:
    """Play ``session`` to ``turns`` turns, giving each turn its recorded orders first; orders
    already given for the turn after (a game saved between turns) are given too."""
    by_turn: dict[int, list[Action]] = {}
    for action in actions:
        by_turn.setdefault(action.turn, []).append(action)
    for turn in range(session.turn + 1, turns + 2):
        for action in by_turn.get(turn, []):
            if action.side == INSTRUCTOR:
                session.instruct(action.order)
            else:
                session.submit(action.side, action.order)
        if turn <= turns:
            session.end_turn()
