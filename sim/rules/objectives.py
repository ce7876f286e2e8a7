"""Objectives change hands, and the game is won, drawn or runs out of time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from sim.events import EventLog, GameEnded, ObjectiveCaptured
from sim.scenario.schema import Victory, VictoryCondition
from sim.terrain.geometry import Hex

if TYPE_CHECKING:
    from sim.clock import Clock
    from sim.forces import Forces
    from sim.losses import SideLosses
    from sim.rules.power import PowerRatings
    from sim.scenario.scenario import Scenario
    from sim.sides import Sides
    from sim.terrain.terrain import Terrain


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


class ControlState(Protocol):
    """What objectives changing hands reads and writes."""

    @property
    def terrain(self) -> Terrain: ...
    @property
    def sides(self) -> Sides: ...
    @property
    def forces(self) -> Forces: ...
    @property
    def clock(self) -> Clock: ...

    objectives: list[ObjectiveState]
    log: EventLog


class EndState(Protocol):
    """What ending a game reads and writes."""

    @property
    def scenario(self) -> Scenario: ...
    @property
    def sides(self) -> Sides: ...
    @property
    def objectives(self) -> list[ObjectiveState]: ...
    @property
    def clock(self) -> Clock: ...

    outcome: Outcome | None
    log: EventLog


class VictoryState(EndState, Protocol):
    """What the victory check reads and writes."""

    @property
    def forces(self) -> Forces: ...
    @property
    def ratings(self) -> PowerRatings: ...
    @property
    def losses(self) -> dict[str, SideLosses]: ...

    victory: VictoryTracker


def update_control(state: ControlState) -> None:
    """An objective belongs to the last side to hold its hex alone."""
    neutral = state.sides.neutral
    for objective in state.objectives:
        index = state.terrain.index(objective.hex)
        present = [s for s in state.forces.occupancy.sides_present(index) if s not in neutral]
        if len(present) == 1 and present[0] != objective.owner:
            previous, objective.owner = objective.owner, present[0]
            objective.captured_turn = state.clock.turn
            state.log.record(
                ObjectiveCaptured,
                side=present[0],
                hex=objective.hex,
                objective=objective.id,
                name=objective.name,
                previous_owner=previous,
            )


def points(objectives: list[ObjectiveState], side: str) -> int:
    return sum(o.points for o in objectives if o.owner == side)


class VictoryTracker:
    """Counts for how many consecutive turns each victory condition has held."""

    def __init__(self, victory: Victory):
        self.victory = victory
        self.streaks = [0] * len(victory.conditions)

    def met(self, state: VictoryState, condition: VictoryCondition) -> bool:
        """Every test the condition gives is true now."""
        enemies = state.sides.enemies_of(condition.side)
        if condition.holds is not None:
            owners = {o.id: o.owner for o in state.objectives}
            held = sum(owners[key] == condition.side for key in condition.holds)
            if held < (condition.holds_at_least or len(condition.holds)):
                return False
        if condition.enemy_strength_below is not None:
            start = sum(state.ratings.total(state.forces.at_start_of(s)) for s in enemies)
            now = sum(state.ratings.total(state.forces.units(s)) for s in enemies)
            if not (start > 0 and now / start < condition.enemy_strength_below):
                return False
        for limit, attribute in (
            (condition.enemy_morale_below, "morale"),
            (condition.enemy_supply_below, "supply"),
        ):
            if limit is not None and not mean_state(state, enemies, attribute) < limit:
                return False
        return True

    def first_won(self, state: VictoryState) -> tuple[str, str] | None:
        for i, condition in enumerate(self.victory.conditions):
            self.streaks[i] = self.streaks[i] + 1 if self.met(state, condition) else 0
            if self.streaks[i] >= condition.for_turns:
                return condition.side, describe(state.objectives, condition)
        return None


class MeanState(Protocol):
    @property
    def forces(self) -> Forces: ...
    @property
    def losses(self) -> dict[str, SideLosses]: ...


def mean_state(state: MeanState, sides: list[str], attribute: str) -> float:
    """Personnel-weighted mean morale or supply of the units of ``sides`` (0 with none left).

    For morale, the people of units that broke (taken prisoner or scattered) count at zero:
    an army whose battalions surrender one by one is not steadier for it."""
    units = [u for s in sides for u in state.forces.units(s)]
    people = sum(u.personnel for u in units)
    if attribute == "morale":
        people += sum(state.losses[s].captured + state.losses[s].dispersed for s in sides)
    return sum(getattr(u, attribute) * u.personnel for u in units) / people if people else 0.0


def describe(objectives: list[ObjectiveState], condition: VictoryCondition) -> str:
    """The outcome as the scenario tells it, or as the condition's tests say it."""
    if condition.outcome:
        return condition.outcome
    parts = []
    if condition.holds is not None:
        names = {o.id: o.name for o in objectives}
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


def check_victory(state: VictoryState) -> None:
    """End the game if a side has met one of its victory conditions for long enough."""
    won = state.victory.first_won(state)
    if won is not None:
        _finish(state, Outcome(won[0], won[1], state.clock.turn))


def end_by_time(state: EndState, why: str) -> None:
    """The game stops before any side met a victory condition: decide by the ``at_end`` rule."""
    victory = state.scenario.spec.victory
    turn = state.clock.turn
    why = why.strip().rstrip(".")
    if victory.at_end != "points":
        _finish(state, Outcome(victory.at_end, f"{why}; {victory.at_end} wins on time", turn))
        return
    scores = {side: points(state.objectives, side) for side in state.sides.ids}
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    table = ", ".join(f"{s} {p}" for s, p in ranked)
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] <= victory.draw_margin_points:
        _finish(state, Outcome(None, f"{why}; points {table}: a draw", turn))
    else:
        _finish(state, Outcome(ranked[0][0], f"{why}; points {table}", turn))


def _finish(state: EndState, outcome: Outcome) -> None:
    state.outcome = outcome
    state.log.record(GameEnded, side=outcome.winner, winner=outcome.winner, reason=outcome.reason)
