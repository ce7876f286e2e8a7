"""Per-turn numbers for Mesa's DataCollector: one column per side and metric in ``turns.csv``.

A row is collected at the end of each turn, so row ``turn = n`` describes the state after ``n``
turns, at the time in its ``time`` column.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sim.rules.objectives import points

if TYPE_CHECKING:
    from sim.model import WargameModel


def time_of(model: WargameModel) -> str:
    """End of the turn just played: the moment the row's numbers describe."""
    return model.scenario.turn_start(model.turn + 1).isoformat()


def units(model: WargameModel, side: str) -> int:
    return len(model.units(side))


def personnel(model: WargameModel, side: str) -> int:
    return sum(u.personnel for u in model.units(side))


def combat_power(model: WargameModel, side: str) -> float:
    return round(model.side_power(side), 3)


def objective_points(model: WargameModel, side: str) -> int:
    return points(model, side)


def out_of_supply(model: WargameModel, side: str) -> int:
    return sum(1 for u in model.units(side) if not u.in_supply)


def routed(model: WargameModel, side: str) -> int:
    return sum(1 for u in model.units(side) if u.status == "routed")


def mean_morale(model: WargameModel, side: str) -> float:
    own = model.units(side)
    return round(sum(u.morale for u in own) / len(own), 4) if own else 0.0


def personnel_lost(model: WargameModel, side: str) -> int:
    losses = model.losses[side]
    return losses.personnel + losses.captured


def equipment_lost(model: WargameModel, side: str) -> int:
    return sum(model.losses[side].equipment.values())


def sorties(model: WargameModel, side: str) -> int:
    return sum(model.air_stats[side].sorties.values())


def air_losses(model: WargameModel, side: str) -> int:
    return sum(model.air_stats[side].air_losses.values())


def sam_shots(model: WargameModel, side: str) -> int:
    return model.air_stats[side].sam_shots


def radars_lost(model: WargameModel, side: str) -> int:
    """Radar-carrying items and jammers lost, to any cause."""
    return sum(
        n
        for key, n in model.losses[side].equipment.items()
        if key in model.systems.radar or key in model.systems.jammer
    )


def radar_air_defence_lost(model: WargameModel, side: str) -> int:
    """Radars, radar-guided SAM launchers and jammers lost, to any cause."""
    return sum(
        n
        for key, n in model.losses[side].equipment.items()
        if model.systems.is_radar_air_defence(key)
    )


def personnel_lost_to_air(model: WargameModel, side: str) -> int:
    return model.air_stats[side].personnel_lost_to_air


def equipment_lost_to_air(model: WargameModel, side: str) -> int:
    return sum(model.air_stats[side].equipment_lost_to_air.values())


def contacts(model: WargameModel, side: str) -> int:
    """Enemy units and aircraft the side's picture holds."""
    return len(model.pictures[side])


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
