"""Per-turn numbers for Mesa's DataCollector: one column per side and metric in ``turns.csv``.

A row is collected at the end of each turn, so row ``turn = n`` describes the state after ``n``
turns, at the time in its ``time`` column. The collector is a component of the game state
(``collector``) and reads the state, not the model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

import mesa

from sim.rules.objectives import points

if TYPE_CHECKING:
    from sim.air_stats import AirStats
    from sim.clock import Clock
    from sim.forces import Forces
    from sim.losses import SideLosses
    from sim.picture import Pictures
    from sim.rules.objectives import ObjectiveState
    from sim.rules.power import PowerRatings
    from sim.scenario.scenario import Scenario
    from sim.units.systems import Systems


class MetricsState(Protocol):
    """What the per-turn numbers read, and the collector they go into."""

    @property
    def scenario(self) -> Scenario: ...
    @property
    def clock(self) -> Clock: ...
    @property
    def forces(self) -> Forces: ...
    @property
    def ratings(self) -> PowerRatings: ...
    @property
    def objectives(self) -> list[ObjectiveState]: ...
    @property
    def losses(self) -> dict[str, SideLosses]: ...
    @property
    def air_stats(self) -> dict[str, AirStats]: ...
    @property
    def systems(self) -> Systems: ...
    @property
    def pictures(self) -> Pictures: ...

    collector: mesa.DataCollector


def turn_of(state: MetricsState) -> int:
    return state.clock.turn


def time_of(state: MetricsState) -> str:
    """End of the turn just played: the moment the row's numbers describe."""
    return state.scenario.turn_start(state.clock.turn + 1).isoformat()


def units(state: MetricsState, side: str) -> int:
    return len(state.forces.units(side))


def personnel(state: MetricsState, side: str) -> int:
    return sum(u.personnel for u in state.forces.units(side))


def combat_power(state: MetricsState, side: str) -> float:
    return round(state.ratings.total(state.forces.units(side)), 3)


def objective_points(state: MetricsState, side: str) -> int:
    return points(state.objectives, side)


def out_of_supply(state: MetricsState, side: str) -> int:
    return sum(1 for u in state.forces.units(side) if not u.in_supply)


def routed(state: MetricsState, side: str) -> int:
    return sum(1 for u in state.forces.units(side) if u.status == "routed")


def mean_morale(state: MetricsState, side: str) -> float:
    own = state.forces.units(side)
    return round(sum(u.morale for u in own) / len(own), 4) if own else 0.0


def personnel_lost(state: MetricsState, side: str) -> int:
    losses = state.losses[side]
    return losses.personnel + losses.captured


def equipment_lost(state: MetricsState, side: str) -> int:
    return sum(state.losses[side].equipment.values())


def sorties(state: MetricsState, side: str) -> int:
    return sum(state.air_stats[side].sorties.values())


def air_losses(state: MetricsState, side: str) -> int:
    return sum(state.air_stats[side].air_losses.values())


def sam_shots(state: MetricsState, side: str) -> int:
    return state.air_stats[side].sam_shots


def radars_lost(state: MetricsState, side: str) -> int:
    """Radar-carrying items and jammers lost, to any cause."""
    return sum(
        n
        for key, n in state.losses[side].equipment.items()
        if key in state.systems.radar or key in state.systems.jammer
    )


def radar_air_defence_lost(state: MetricsState, side: str) -> int:
    """Radars, radar-guided SAM launchers and jammers lost, to any cause."""
    return sum(
        n
        for key, n in state.losses[side].equipment.items()
        if state.systems.is_radar_air_defence(key)
    )


def personnel_lost_to_air(state: MetricsState, side: str) -> int:
    return state.air_stats[side].personnel_lost_to_air


def equipment_lost_to_air(state: MetricsState, side: str) -> int:
    return sum(state.air_stats[side].equipment_lost_to_air.values())


def contacts(state: MetricsState, side: str) -> int:
    """Enemy units and aircraft the side's picture holds."""
    return len(state.pictures[side])


SIDE_METRICS: dict[str, Callable[..., object]] = {
    "units": units,
    "personnel": personnel,
    "combat_power": combat_power,
    "points": objective_points,
    "out_of_supply": out_of_supply,
    "routed": routed,
    "mean_morale": mean_morale,
    "personnel_lost": personnel_lost,
    "equipment_lost": equipment_lost,
    "sorties": sorties,
    "air_losses": air_losses,
    "sam_shots": sam_shots,
    "radars_lost": radars_lost,
    "radar_air_defence_lost": radar_air_defence_lost,
    "personnel_lost_to_air": personnel_lost_to_air,
    "equipment_lost_to_air": equipment_lost_to_air,
    "contacts": contacts,
}


def collector(sides: Iterable[str]) -> mesa.DataCollector:
    """A DataCollector with a ``turn`` and ``time`` column and one per side and metric."""
    reporters: dict[str, Any] = {"turn": partial(turn_of), "time": partial(time_of)}
    for side in sides:
        for name, fn in SIDE_METRICS.items():
            reporters[f"{side}_{name}"] = partial(fn, side=side)
    return mesa.DataCollector(model_reporters=reporters)


def collect(state: MetricsState) -> None:
    """Add the row of the turn just played."""
    state.collector.collect(state)
