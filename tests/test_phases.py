"""The turn's phase table tells the truth: what each phase reads, writes, takes and gives.

Three checks. The table agrees with each rule's own state Protocol (properties are what the rule
reads, plain attributes what it writes). Played for real, with the state and the turn record
watched, a phase touches no component and no field it does not declare, and leaves every
component it only reads as it was. The docs show the table as it is.
"""

import dataclasses
import inspect
import sys
from pathlib import Path

import pytest

import sim.model
from sim.model import WargameModel
from sim.phases import PHASES, Phase, markdown_table
from sim.state import GameState
from sim.turn import TurnRecord

REPO = Path(__file__).resolve().parents[1]
COMPONENTS = {f.name for f in dataclasses.fields(GameState)}


def _protocol_members(protocol: type) -> tuple[set[str], set[str]]:
    """(read-only members, written members) of a state Protocol and the ones it extends."""
    kinds: dict[str, str] = {}
    for cls in reversed(protocol.__mro__):
        if cls.__module__ in ("typing", "builtins"):
            continue
        for name, value in vars(cls).items():
            if isinstance(value, property):
                kinds[name] = "reads"
        for name in vars(cls).get("__annotations__", {}):
            kinds[name] = "writes"
    return (
        {n for n, k in kinds.items() if k == "reads"},
        {n for n, k in kinds.items() if k == "writes"},
    )


def _state_protocol(phase: Phase) -> type:
    annotation = inspect.signature(phase.run).parameters["state"].annotation
    module = sys.modules[phase.run.__module__]
    return eval(annotation, vars(module)) if isinstance(annotation, str) else annotation


@pytest.mark.parametrize("phase", PHASES, ids=lambda p: p.name)
def test_the_table_says_what_the_rule_s_signature_says(phase):
    reads, writes = _protocol_members(_state_protocol(phase))
    assert set(phase.reads) == reads, "reads"
    assert set(phase.writes) == writes, "writes"
    assert set(phase.reads) | set(phase.writes) <= COMPONENTS
    parameters = list(inspect.signature(phase.run).parameters)
    assert parameters == (["state", "turn"] if phase.uses_turn else ["state"])
    record = {f.name for f in dataclasses.fields(TurnRecord)}
    assert set(phase.takes) | set(phase.gives) <= record


class _Watched:
    """Forwards to ``target`` and notes every attribute asked for or set."""

    def __init__(self, target):
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_used", set())

    def __getattr__(self, name):
        self._used.add(name)
        return getattr(self._target, name)

    def __setattr__(self, name, value):
        self._used.add(name)
        setattr(self._target, name, value)


def _fingerprint(state: GameState, name: str):
    """What a component is now, to tell whether a phase changed it."""
    value = getattr(state, name)
    if name == "forces":
        units = tuple(
            (
                u.uid, u.hex, u.status, u.personnel, tuple(u.equipment.items()), u.readiness,
                u.morale, u.supply, u.posture, u.entrenchment, u.in_supply, u.order,
                tuple(u.route), u.move_progress_h, u.emitting, tuple(u.stores.items()),
                tuple(u.sam_ready.items()),
            )
            for u in value.units()
        )  # fmt: skip
        occupancy = value.occupancy
        return units, occupancy.counts.tobytes(), occupancy.stack_points.tobytes()
    if name == "log":
        return len(value)
    if name == "rng":
        return repr(value.bit_generator.state)
    if name == "pictures":
        return tuple(tuple(repr(c) for c in picture) for picture in value)
    if name == "air":
        bases = tuple(
            (b.id, tuple(b.ready.items()), tuple(b.munitions.items()), tuple(b.servicing))
            for b in value.bases.values()
        )
        tracks = tuple(
            (t.uid, tuple(t.km), t.status, t.airborne_h, t.spent, t.landed)
            for t in value.tracks.values()
        )
        return bases, tracks, len(value.pending_sorties), len(value.pending_strikes)
    if name == "supply":
        fields = tuple(f.tobytes() for f in value.fields.values())
        return repr(value.sources), fields
    if name == "collector":
        return len(value.model_vars["turn"])
    if name == "clock":
        return value.turn, value.in_step
    if name == "terrain":
        return id(value), value.travel_version
    if name == "players":
        return tuple(
            (p.passed, p.air.sam_ceilings) if p is not None else None for p in value.values()
        ).__repr__()
    if name == "closures":
        return repr(value.blocks)
    if name == "victory":
        return tuple(value.streaks)
    if name in ("scenario", "catalog", "rules", "sides", "ratings", "systems"):
        return id(value)
    return repr(value)


RECORD_METHODS = {
    "fired": {"engaged", "fired_support", "fired_sam"},
    "add_power_lost": {"power_lost"},
}
"""The fields of the turn record its methods use."""


def _record_fingerprint(turn: TurnRecord) -> dict:
    fields = {f.name: repr(getattr(turn, f.name)) for f in dataclasses.fields(TurnRecord)}
    fields["fights"] = repr(
        [
            (f.target, f.attacker_side, [u.uid for u in f.attackers + f.defenders])
            for f in turn.fights
        ]
    )  # units move after a fight; the fight is the same
    return fields


def _watching(phase: Phase, problems: list[str]) -> Phase:
    def run(state, turn=None):
        before = {name: _fingerprint(state, name) for name in COMPONENTS}
        record_before = _record_fingerprint(turn) if turn is not None else None
        watched_state, watched_turn = _Watched(state), _Watched(turn)
        if phase.uses_turn:
            phase.run(watched_state, watched_turn)
        else:
            phase.run(watched_state)
        used = watched_state._used
        undeclared = used - set(phase.reads) - set(phase.writes)
        if undeclared:
            problems.append(f"{phase.name} uses {sorted(undeclared)}")
        for name in COMPONENTS - set(phase.writes):
            if _fingerprint(state, name) != before[name]:
                problems.append(f"{phase.name} changed {name}")
        if turn is not None:
            used = set().union(*(RECORD_METHODS.get(n, {n}) for n in watched_turn._used))
            fields = used - set(phase.takes) - set(phase.gives)
            if fields:
                problems.append(f"{phase.name} uses turn record fields {sorted(fields)}")
            after = _record_fingerprint(turn)
            changed = {f for f in after if after[f] != record_before[f]}
            if changed - set(phase.gives):
                problems.append(f"{phase.name} fills in {sorted(changed - set(phase.gives))}")

    return dataclasses.replace(phase, run=run)


@pytest.mark.parametrize(
    "scenario, turns",
    [("tutorial_sead.yaml", 12), ("tutorial_drones_and_air_defence.yaml", 12)],
)
def test_a_phase_touches_only_what_it_declares(monkeypatch, scenario, turns):
    problems: list[str] = []
    monkeypatch.setattr(sim.model, "PHASES", tuple(_watching(p, problems) for p in PHASES))
    model = WargameModel(REPO / "scenarios" / scenario, seed=2)
    model.run(turns)
    assert model.turn == turns or model.outcome is not None
    assert sorted(set(problems)) == []


def test_the_docs_show_the_phase_table_as_it_is():
    text = (REPO / "docs" / "architecture.md").read_text()
    assert markdown_table() in text


def _in_table_order(names: list[str]) -> bool:
    order = [phase.name for phase in PHASES]
    return names == sorted(names, key=order.index) and set(names) <= set(order)


def test_every_account_of_the_turn_gives_the_table_s_order():
    import re

    doc = sim.model.__doc__
    listed = re.search(r"phase table :data:`sim.phases.PHASES` \(([^)]*)\)", doc, re.S).group(1)
    assert [n.strip() for n in " ".join(listed.split()).split(",")] == [p.name for p in PHASES]
    air_war = (REPO / "docs" / "air-war.md").read_text()
    section = air_war.split("## Where it sits in the turn")[1].split("\n## ")[0]
    named = [n.lower() for n in re.findall(r"\*\*([^*]+)\*\*", section)]
    assert set(named) == {p.name for p in PHASES}
    assert _in_table_order(named)
