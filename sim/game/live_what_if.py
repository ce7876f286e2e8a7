"""Switching a scenario's what-if on or off in the middle of a game (an instructor's action).

A what-if is a set of overrides applied when a scenario is loaded. Mid-game, only those that
change something the game still reads can take effect: aircraft at air bases (the difference is
added to or taken from the airframes ready), a side's AI doctrine, scripted events not yet due,
and the rules' constants. A what-if that changes units already on the map (their types, their
strength) is refused with the reason: that one is a different game from the start. A what-if
that takes effect goes through :func:`sim.state.rebase`, the one path by which everything derived
from the scenario and its catalog is rebuilt (ratings, systems, travel graphs, pictures).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.errors import InputError
from sim.orders import Verdict
from sim.scenario.loader import load_scenario
from sim.scenario.scenario import Scenario
from sim.state import GameState, rebase

if TYPE_CHECKING:
    from sim.model import WargameModel

LIVE_PREFIXES = ("air_bases.", "sides.", "events.", "catalog.rules.")
"""What-if keys the game reads again after the start (see the module docstring)."""


def switch_what_if(model: WargameModel, name: str, active: bool) -> Verdict:
    """Turn what-if ``name`` on or off from the next turn on; the reason if it cannot be."""
    spec = model.scenario.spec
    what_if = spec.what_ifs.get(name)
    if what_if is None:
        known = ", ".join(spec.what_ifs) or "none"
        return Verdict(False, f"no what-if '{name}' in this scenario (what-ifs: {known})")
    if what_if.active == active:
        return Verdict(False, f"what-if '{name}' is {'on' if active else 'off'} already")
    fixed = [key for key in what_if.set if not key.startswith(LIVE_PREFIXES)]
    if fixed:
        return Verdict(
            False,
            f"what-if '{name}' changes {fixed[0]}, which cannot change once the game has "
            f"started; play it from the start with --set what_ifs.{name}.active="
            f"{str(active).lower()}",
        )
    overrides = {**model.scenario.overrides, f"what_ifs.{name}.active": active}
    try:
        switched = load_scenario(model.scenario.path, overrides)
    except InputError as exc:
        return Verdict(False, str(exc.problems[0]))
    _move_aircraft(model.state, switched)
    rebase(model.state, switched)
    return Verdict(True)


def _move_aircraft(state: GameState, switched: Scenario) -> None:
    """Airframes a what-if adds to a base are ready at once; those it takes away are taken from
    the ready ones (those in the air fly their sortie to its end)."""
    before = {base.id: base.aircraft for base in state.scenario.spec.air_bases}
    for base in switched.spec.air_bases:
        ready = state.air.bases[base.id].ready
        for type_id in set(base.aircraft) | set(before.get(base.id, {})):
            change = base.aircraft.get(type_id, 0) - before.get(base.id, {}).get(type_id, 0)
            if change:
                ready[type_id] = max(0, ready.get(type_id, 0) + change)
