"""Objectives change hands, and the game is won, drawn or runs out of time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.events import GameEnded, ObjectiveCaptured
from sim.scenario.schema import Victory, VictoryCondition
from sim.terrain.data import Hex

if TYPE_CHECKING:
    from sim.model import WargameModel


@dataclass
class ObjectiveState:
    id: str
    name: str
    hex: Hex
    points: int
    owner: str | None
    captured_turn: int | None = None


@dataclass(frozen=True)
class Outcome:
    """How the game ended: the winner (None for a draw) and why."""

    winner: str | None
    reason: str
    turn: int


def update_control(model: WargameModel) -> None:
    """An objective belongs to the last side to hold its hex alone."""
    for objective in model.objectives:
        index = model.terrain.index(objective.hex)
        present = [
            s
            for s in model.side_ids
            if s not in model.neutral_sides and model.occupancy[model.side_index[s], index] > 0
        ]
        if len(present) == 1 and present[0] != objective.owner:
            previous, objective.owner = objective.owner, present[0]
            objective.captured_turn = model.turn
            model.record(
                ObjectiveCaptured,
                side=present[0],
                hex=objective.hex,
                objective=objective.id,
                name=objective.name,
                previous_owner=previous,
            )


def points(model: WargameModel, side: str) -> int:
    return sum(o.points for o in model.objectives if o.owner == side)


class VictoryTracker:
    """Counts for how many consecutive turns each victory condition has held."""

    def __init__(self, victory: Victory):
        self.victory = victory
        self.streaks = [0] * len(victory.conditions)

    def met(self, model: WargameModel, condition: VictoryCondition) -> bool:
        """Every test the condition gives is true now."""
        enemies = model.enemies_of(condition.side)
        if condition.holds is not None:
            owners = {o.id: o.owner for o in model.objectives}
            held = sum(owners[key] == condition.side for key in condition.holds)
            if held < (condition.holds_at_least or len(condition.holds)):
                return False
        if condition.enemy_strength_below is not None:
            start = sum(model.start_power[s] for s in enemies)
            now = sum(model.side_power(s) for s in enemies)
            if not (start > 0 and now / start < condition.enemy_strength_below):
                return False
        for limit, attribute in (
            (condition.enemy_morale_below, "morale"),
            (condition.enemy_supply_below, "supply"),
        ):
            if limit is not None and not mean_state(model, enemies, attribute) < limit:
                return False
        return True

    def first_won(self, model: WargameModel) -> tuple[str, str] | None:
        for i, condition in enumerate(self.victory.conditions):
            self.streaks[i] = self.streaks[i] + 1 if self.met(model, condition) else 0
            if self.streaks[i] >= condition.for_turns:
                return condition.side, describe(model, condition)
        return None


def mean_state(model: WargameModel, sides: list[str], attribute: str) -> float:
    """Personnel-weighted mean morale or supply of the units of ``sides`` (0 with none left).

    For morale, the people of units that broke (taken prisoner or scattered) count at zero:
    an army whose battalions surrender one by one is not steadier for it."""
    units = [u for s in sides for u in model.units(s)]
    people = sum(u.personnel for u in units)
    if attribute == "morale":
        people += sum(model.losses[s].captured + model.losses[s].dispersed for s in sides)
    return sum(getattr(u, attribute) * u.personnel for u in units) / people if people else 0.0


def describe(model: WargameModel, condition: VictoryCondition) -> str:
    """The outcome as the scenario tells it, or as the condition's tests say it."""
    if condition.outcome:
        return condition.outcome
    parts = []
    if condition.holds is not None:
        names = {o.id: o.name for o in model.objectives}
        held = ", ".join(names[k] for k in condition.holds)
        count = "" if condition.holds_at_least is None else f"{condition.holds_at_least} of "
        parts.append(f"holds {count}{held}")
    if condition.enemy_strength_below is not None:
        parts.append(
            f"reduced its enemies below {condition.enemy_strength_below:.0%} of "
            "their starting combat power"
        )
    if condition.enemy_morale_below is not None:
        parts.append(f"broke its enemies' morale (below {condition.enemy_morale_below:.0%})")
    if condition.enemy_supply_below is not None:
        parts.append(f"starved its enemies of supply (below {condition.enemy_supply_below:.0%})")
    lasting = f" for {condition.for_turns} turns" if condition.for_turns > 1 else ""
    return f"{condition.side} " + " and ".join(parts) + lasting


def check_victory(model: WargameModel) -> None:
    won = model.victory.first_won(model)
    if won is not None:
        _finish(model, Outcome(won[0], won[1], model.turn))


def end_by_time(model: WargameModel, why: str) -> None:
    """The game stops before any side met a victory condition: decide by the ``at_end`` rule."""
    victory = model.scenario.spec.victory
    why = why.strip().rstrip(".")
    if victory.at_end != "points":
        _finish(model, Outcome(victory.at_end, f"{why}; {victory.at_end} wins on time", model.turn))
        return
    scores = {side: points(model, side) for side in model.side_ids}
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    table = ", ".join(f"{s} {p}" for s, p in ranked)
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] <= victory.draw_margin_points:
        _finish(model, Outcome(None, f"{why}; points {table}: a draw", model.turn))
    else:
        _finish(model, Outcome(ranked[0][0], f"{why}; points {table}", model.turn))


def _finish(model: WargameModel, outcome: Outcome) -> None:
    model.finish(outcome)
    model.record(GameEnded, side=outcome.winner, winner=outcome.winner, reason=outcome.reason)
