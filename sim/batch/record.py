"""One run of a scenario, reduced to a flat record: the row a batch table holds per run.

The record is plain data (numbers, strings, None), the same for the same scenario, overrides and
seed whatever process computes it, so batches can be compared, merged and resumed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sim.events import ObjectiveCaptured
from sim.model import WargameModel
from sim.scenario.scenario import Scenario

if TYPE_CHECKING:
    import pandas as pd

AIR_DEFENCE_SHARES = (0.5, 0.8)
"""Record the day each side had lost these shares of its radars and SAM launchers."""


def run_record(
    scenario: Scenario, seed: int, max_turns: int | None = None
) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """Play one seeded game; return (its record, its per-turn table by column)."""
    model = WargameModel(scenario, seed=seed)
    try:
        model.run(max_turns)
        return summarise(model), turn_columns(model)
    finally:
        model.release()


def turn_columns(model: WargameModel) -> dict[str, list[Any]]:
    """The DataCollector's per-turn table as plain lists, one per column."""
    return model.datacollector.get_model_vars_dataframe().to_dict(orient="list")


def summarise(model: WargameModel) -> dict[str, Any]:
    """The record of a finished (or stopped) game."""
    day = model.scenario.spec.turn_length_h / 24.0
    outcome = model.outcome
    record: dict[str, Any] = {
        "seed": model.seed,
        "winner": None if outcome is None else outcome.winner,
        "outcome": "undecided" if outcome is None else (outcome.winner or "draw"),
        "reason": None if outcome is None else outcome.reason,
        "turns": model.turn,
        "days": round(model.turn * day, 4),
    }
    rows = model.datacollector.get_model_vars_dataframe()
    air_types = model.state.catalog.air_types
    for side in model.state.sides.ids:
        if side in model.state.sides.neutral:
            continue
        losses, air = model.state.losses[side], model.state.air_stats[side]
        record[f"{side}_personnel_lost"] = losses.personnel + losses.captured
        record[f"{side}_personnel_captured"] = losses.captured
        record[f"{side}_personnel_dispersed"] = losses.dispersed
        record[f"{side}_equipment_lost"] = sum(losses.equipment.values())
        record[f"{side}_units_eliminated"] = losses.units_eliminated
        record[f"{side}_sorties"] = sum(air.sorties.values())
        record[f"{side}_air_losses"] = sum(air.air_losses.values())
        record[f"{side}_aircraft_lost"] = sum(
            n for type_id, n in air.losses_by_type.items() if not air_types[type_id].one_way
        )
        record[f"{side}_sam_shots"] = air.sam_shots
        record[f"{side}_sam_hits"] = air.sam_hits
        record[f"{side}_strikes"] = air.strikes
        record[f"{side}_strike_hits"] = air.strike_hits
        record[f"{side}_missiles_intercepted"] = air.intercepted
        record[f"{side}_personnel_lost_to_air"] = air.personnel_lost_to_air
        record[f"{side}_equipment_lost_to_air"] = sum(air.equipment_lost_to_air.values())
        record[f"{side}_points"] = sum(o.points for o in model.state.objectives if o.owner == side)
        record.update(_air_defence_days(model, rows, side, day))
        equipment, aircraft = _types_fielded(model.scenario, side)
        record.update({f"{side}_lost_{k}": losses.equipment.get(k, 0) for k in equipment})
        record.update({f"{side}_air_lost_{k}": air.losses_by_type.get(k, 0) for k in aircraft})
    record.update(_capture_days(model, day))
    return record


def _types_fielded(scenario: Scenario, side: str) -> tuple[list[str], list[str]]:
    """Equipment and air types ``side`` can field in this scenario (at the start, by
    reinforcement, at its air bases): the loss-by-type columns, the same in every run."""
    unit_types = scenario.catalog.unit_types
    equipment = {k for u in scenario.unit_specs(side) for k in unit_types[u.type].equipment}
    aircraft = {k for b in scenario.spec.air_bases if b.side == side for k in b.aircraft}
    return sorted(equipment), sorted(aircraft)


def _capture_days(model: WargameModel, day: float) -> dict[str, Any]:
    """For every objective, the day a side other than its first owner first took it."""
    first_owner = {o.id: o.owner for o in model.scenario.spec.objectives}
    taken: dict[str, Any] = {}
    for objective in model.scenario.spec.objectives:
        taken[f"{objective.id}_taken_day"] = None
        taken[f"{objective.id}_taken_by"] = None
    for event in model.events.of_kind(ObjectiveCaptured):
        key = f"{event.objective}_taken_day"
        if event.side != first_owner[event.objective] and taken[key] is None:
            taken[key] = round(event.turn * day, 4)
            taken[f"{event.objective}_taken_by"] = event.side
    return taken


def _air_defence_days(
    model: WargameModel, rows: pd.DataFrame, side: str, day: float
) -> dict[str, Any]:
    """Days by which ``side`` had lost given shares of its radar air defence (radars,
    radar-guided SAM launchers, jammers)."""
    state = model.state
    start = sum(
        n
        for unit in state.forces.at_start_of(side)
        for key, n in unit.equipment.items()
        if state.systems.is_radar_air_defence(key)
    )
    result: dict[str, Any] = {f"{side}_radar_air_defence_items": start}
    for share in AIR_DEFENCE_SHARES:
        key = f"{side}_radar_air_defence_{round(share * 100)}pct_lost_day"
        reached = (
            rows["turn"][rows[f"{side}_radar_air_defence_lost"] >= share * start] if start else []
        )
        result[key] = round(int(reached.iloc[0]) * day, 4) if len(reached) else None
    return result
