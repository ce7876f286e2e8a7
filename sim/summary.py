"""What a finished (or interrupted) game amounts to, as data and as text for the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sim.events import UnitEliminated
from sim.rules.objectives import points

if TYPE_CHECKING:
    from sim.model import WargameModel


def _at_end(model: WargameModel, side: str) -> dict[str, Any]:
    units = model.units(side)
    equipment: dict[str, int] = {}
    for unit in units:
        for key, n in unit.equipment.items():
            if n:
                equipment[key] = equipment.get(key, 0) + n
    return {
        "units": len(units),
        "personnel": sum(u.personnel for u in units),
        "equipment": dict(sorted(equipment.items())),
        "combat_power": round(model.state.ratings.total(units), 2),
    }


def build_summary(model: WargameModel) -> dict[str, Any]:
    """Everything a reader needs to judge a run, JSON-ready and deterministic."""
    spec = model.scenario.spec
    outcome = model.outcome
    state = model.state
    sides = {}
    for side in state.sides.ids:
        losses = state.losses[side]
        eliminated = [e for e in model.events.of_kind(UnitEliminated) if e.side == side]
        sides[side] = {
            "name": spec.sides[side].name,
            "personnel_committed": state.forces.committed[side],
            "losses": {
                "personnel_casualties": losses.personnel,
                "personnel_captured": losses.captured,
                "personnel_dispersed": losses.dispersed,
                "equipment": dict(sorted(losses.equipment.items())),
                "units_eliminated": [
                    {"unit": e.unit, "turn": e.turn, "cause": e.cause} for e in eliminated
                ],
            },
            "at_end": _at_end(model, side),
            "start_combat_power": round(state.ratings.total(state.forces.at_start_of(side)), 2),
            "air_war": state.air_stats[side].as_dict(),
            "objective_points": points(state.objectives, side),
        }
    return {
        "scenario": spec.title,
        "file": str(model.scenario.path),
        "seed": model.seed,
        "overrides": {k: v for k, v in model.scenario.overrides.items()},
        "what_ifs": [name for name, w in spec.what_ifs.items() if w.active],
        "turns_played": model.turn,
        "turns_scheduled": spec.turns,
        "start": spec.start.isoformat(),
        "end": model.scenario.turn_start(model.turn + 1).isoformat(),
        "outcome": None
        if outcome is None
        else {
            "winner": outcome.winner,
            "winner_name": spec.sides[outcome.winner].name if outcome.winner else None,
            "reason": outcome.reason,
            "turn": outcome.turn,
        },
        "objectives": [
            {
                "id": o.id,
                "name": o.name,
                "hex": list(o.hex),
                "points": o.points,
                "owner": o.owner,
                "captured_turn": o.captured_turn,
            }
            for o in state.objectives
        ],
        "sides": sides,
    }


def format_summary(summary: dict[str, Any], equipment_names: dict[str, str]) -> str:
    """The summary as a few readable lines."""
    lines = [
        f"{summary['scenario']}  (seed {summary['seed']})",
        f"Played {summary['turns_played']} of {summary['turns_scheduled']} turns: "
        f"{summary['start']} to {summary['end']}",
    ]
    if summary["what_ifs"]:
        lines.append(f"What-ifs: {', '.join(summary['what_ifs'])}")
    outcome = summary["outcome"]
    if outcome is None:
        lines.append("Outcome: undecided, the game is still in progress")
    elif outcome["winner"] is None:
        lines.append(f"Outcome: draw ({outcome['reason']})")
    else:
        lines.append(f"Outcome: {outcome['winner_name']} wins ({outcome['reason']})")
    lines.append("Objectives:")
    for o in summary["objectives"]:
        owner = summary["sides"][o["owner"]]["name"] if o["owner"] else "nobody"
        when = f", taken on turn {o['captured_turn']}" if o["captured_turn"] else ""
        lines.append(f"  {o['name']:<32} {o['points']:>3} pts  held by {owner}{when}")
    lines.append("Losses:")
    for data in summary["sides"].values():
        losses = data["losses"]
        lines.append(
            f"  {data['name']}: {losses['personnel_casualties']} casualties and "
            f"{losses['personnel_captured']} captured of {data['personnel_committed']}, "
            f"{len(losses['units_eliminated'])} unit(s) eliminated"
            + (
                f" ({losses['personnel_dispersed']} of their people scattered)"
                if losses["personnel_dispersed"]
                else ""
            )
        )
        for key, n in losses["equipment"].items():
            lines.append(f"    {n:>4}  {equipment_names.get(key, key)}")
    air_lines = []
    for data in summary["sides"].values():
        air = data["air_war"]
        flown = sum(air["sorties"].values())
        lost = sum(air["air_losses"].values())
        if flown or lost or air["sam_shots"] or air["personnel_lost_to_air"]:
            losses = ", ".join(f"{n} {cause}" for cause, n in air["air_losses"].items())
            if air["losses_by_type"]:
                types = ", ".join(f"{n} {kind}" for kind, n in air["losses_by_type"].items())
                losses += f"; by type: {types}"
            air_lines.append(
                f"  {data['name']}: {flown} airframes flown, {lost} lost"
                f"{f' ({losses})' if losses else ''}; {air['strikes']} strikes, "
                f"{air['strike_hits']} hits; {air['sam_shots']} SAM/AAM shots, "
                f"{air['sam_hits']} hits, {air['missiles_intercepted']} missiles intercepted; "
                f"lost to air and missile strikes: {air['personnel_lost_to_air']} personnel, "
                f"{sum(air['equipment_lost_to_air'].values())} items"
            )
    if air_lines:
        lines += ["Air war:", *air_lines]
    return "\n".join(lines)
