"""The three classroom tutorials: EMCON, SEAD and the supply corridor.

Each plays to its end with the AI on both sides, carries what a class needs (learning
objectives, debrief questions, a briefing for each side, notes for the teacher), and shows its
lesson: a good play beats a bad play, switched by the scenario's own what-ifs, over enough seeds
that the difference is not noise.

How the contrasts are judged. Both settings are played with the same seeds (those of
``wargame batch --runs 48``, base seed 1: common random numbers, so each seed is a pair and the
luck of the draw is shared). For a measure counted in every game (launchers lost, munitions lost,
unit-turns out of supply, readiness at the end) the mean of the paired differences must exceed
three standard errors of that mean: with 48 pairs that is a one-sided chance below 0.3% of so
large a difference if the two settings were alike (t distribution, 47 degrees of freedom). For
a yes/no outcome of each game (the battery kept half of its radars) the pairs that disagree are
counted, and the chance of at least that many going one way if each could go either way with
probability 1/2 (a sign test) must be below 0.1%. Each test also checks that the baseline is not
a foregone result: both sides win some of its games.
"""

from __future__ import annotations

import math
import re
import statistics
from functools import cache

import pytest
from builders import REPO

from sim.batch.record import summarise
from sim.batch.seeds import run_seeds
from sim.cli import main
from sim.model import WargameModel
from sim.scenario.loader import load_scenario

EMCON = REPO / "scenarios" / "tutorial_emcon.yaml"
SEAD = REPO / "scenarios" / "tutorial_sead.yaml"
CORRIDOR = REPO / "scenarios" / "tutorial_supply_corridor.yaml"
TUTORIALS = [EMCON, SEAD, CORRIDOR]

SEEDS = tuple(run_seeds(1, 48))
"""The seeds of ``wargame batch --runs 48`` (base seed 1), so a teacher can reproduce them."""
ACTIONS = ("sortie", "strike", "engagement", "emcon", "unit_moved", "combat")
"""Events that show a side doing something: flying, striking, shooting, switching, moving."""


@cache
def _games(path, what_if: str | None, seeds: tuple[int, ...] = SEEDS) -> list[dict]:
    """Play every seed with the AI on both sides; one dict per game: the batch record plus what
    the corridor's contrast reads off the units at the end."""
    overrides = {f"what_ifs.{what_if}.active": True} if what_if else None
    scenario = load_scenario(path, overrides)
    games = []
    for seed in seeds:
        model = WargameModel(scenario, seed=seed)
        try:
            model.run()
            record = summarise(model)
            rows = model.datacollector.get_model_vars_dataframe()
            red = model.units("red")
            people = sum(u.personnel for u in red) or 1
            record["red_unit_turns_out_of_supply"] = int(rows["red_out_of_supply"].sum())
            record["red_readiness_end"] = sum(u.readiness * u.personnel for u in red) / people
            record["red_morale_end"] = sum(u.morale * u.personnel for u in red) / people
            record["red_supply_end"] = sum(u.supply * u.personnel for u in red) / people
            record["decoys_shot_down"] = sum(
                1 for e in model.events if e.kind == "kill" and e.air_type == "an2_decoy"
            )
            games.append(record)
        finally:
            model.release()
    return games


def _paired_z(better: list[dict], worse: list[dict], key: str) -> float:
    """Mean paired difference ``better - worse`` of ``key``, in standard errors of that mean."""
    differences = [b[key] - w[key] for b, w in zip(better, worse, strict=True)]
    error = statistics.stdev(differences) / math.sqrt(len(differences))
    mean = statistics.mean(differences)
    if error == 0:
        return math.copysign(math.inf, mean) if mean else 0.0
    return mean / error


def _sign_test(wins: int, losses: int) -> float:
    """Chance of at least ``wins`` of ``wins + losses`` disagreeing pairs going one way, if each
    went either way with probability 1/2."""
    n = wins + losses
    return sum(math.comb(n, k) for k in range(wins, n + 1)) / 2**n


def _both_sides_win_some(games: list[dict]) -> None:
    winners = [g["winner"] for g in games]
    for side in ("blue", "red"):
        assert winners.count(side) >= len(winners) // 10, (side, winners.count(side))


@pytest.mark.parametrize("path", TUTORIALS, ids=lambda p: p.stem)
def test_a_tutorial_validates_and_carries_what_a_class_needs(path, capsys):
    assert main(["validate", str(path)]) == 0
    assert "OK" in capsys.readouterr().out
    spec = load_scenario(path).spec
    assert 2 <= len(spec.learning_objectives) <= 4
    assert 3 <= len(spec.debrief_questions) <= 5
    assert set(spec.side_briefings) == set(spec.sides)
    assert all(len(text) > 200 for text in spec.side_briefings.values())
    for heading in ("HOW TO RUN IT", "WHAT TO EXPECT", "WHAT IS SIMPLIFIED"):
        assert heading in spec.instructor_notes
    assert spec.what_ifs and spec.turns <= 16 and len(spec.units) <= 8
    for what_if in spec.what_ifs:
        assert f"what_ifs.{what_if}.active=true" in spec.instructor_notes + spec.briefing
    # A question that takes up an argument of the real sources names the source, as defined.
    cited = {t for q in spec.debrief_questions for t in re.findall(r"\[(S\d|PK)\]", q)}
    assert cited and cited <= set(spec.sources)
    assert "Fictional" in spec.sources["FICTION"] and "DESIGN" in spec.sources


@pytest.mark.parametrize("path", TUTORIALS, ids=lambda p: p.stem)
def test_a_tutorial_plays_to_its_end_with_both_ais_acting(path):
    scenario = load_scenario(path)
    acting = {side: 0 for side in scenario.spec.sides}
    for seed in range(6):
        model = WargameModel(scenario, seed=seed)
        model.run()
        assert model.outcome is not None and not model.running
        assert model.turn <= scenario.spec.turns
        assert not any(e.kind == "order_rejected" for e in model.events)
        for event in model.events:
            if event.kind in ACTIONS:
                acting[event.side] += 1
        model.release()
    assert all(n > 0 for n in acting.values()), acting


def test_emcon_a_silent_battery_survives_where_one_that_emits_is_found_and_killed():
    """Good play: strict emission control (``radars_silent``: the battery's radars come on only
    for a drone over it). Bad play: ``radars_always_on``. The record column
    ``red_radar_air_defence_50pct_lost_day`` is empty when Red kept at least half of its radars
    and radar SAM launchers to the end. Judged by a sign test on the seeds where the two
    doctrines disagree (below 0.1%) and by the paired difference in launchers lost (above three
    standard errors); the measured shares are 37 and 2 of 48."""
    silent, always_on = _games(EMCON, "radars_silent"), _games(EMCON, "radars_always_on")
    kept = [g["red_radar_air_defence_50pct_lost_day"] is None for g in silent]
    kept_on = [g["red_radar_air_defence_50pct_lost_day"] is None for g in always_on]
    only_silent = sum(s and not o for s, o in zip(kept, kept_on, strict=True))
    only_on = sum(o and not s for s, o in zip(kept, kept_on, strict=True))
    assert _sign_test(only_silent, only_on) < 0.001
    assert sum(kept) >= len(SEEDS) / 2 > 4 * sum(kept_on)
    assert _paired_z(always_on, silent, "red_lost_sam_osa_tel") > 3
    # The price of silence: the battery hardly shoots, and the drones it does not kill strike.
    assert _paired_z(always_on, silent, "red_sam_shots") > 3
    assert _paired_z(always_on, silent, "blue_air_losses") > 3
    _both_sides_win_some(_games(EMCON, None))


def test_sead_decoys_make_the_battery_emit_and_the_munitions_find_it():
    """Good play: decoys ahead of the anti-radiation munitions (the baseline). Bad play:
    ``no_decoys``. With decoys, the battery loses more launchers and Blue loses fewer Harop-class
    munitions (lost means shot down, or spent without finding a radar): both paired differences
    above three standard errors (measured: 2.8 against 1.2 launchers, 1.9 against 3.3 Harops a
    game), and the battery keeps half of its radars in fewer games (sign test below 0.1%)."""
    decoys, without = _games(SEAD, None), _games(SEAD, "no_decoys")
    assert _paired_z(decoys, without, "red_lost_sam_osa_tel") > 3
    assert _paired_z(without, decoys, "blue_air_lost_harop") > 3
    kept = [g["red_radar_air_defence_50pct_lost_day"] is None for g in decoys]
    kept_without = [g["red_radar_air_defence_50pct_lost_day"] is None for g in without]
    only_without = sum(w and not d for d, w in zip(kept, kept_without, strict=True))
    only_decoys = sum(d and not w for d, w in zip(kept, kept_without, strict=True))
    assert _sign_test(only_without, only_decoys) < 0.001
    # The decoys draw the battery's missiles, and without them it hardly fires.
    assert sum(g["decoys_shot_down"] for g in decoys) > len(SEEDS)
    assert _paired_z(decoys, without, "red_sam_shots") > 3
    _both_sides_win_some(decoys)


def test_corridor_a_second_road_keeps_the_garrison_supplied():
    """Good play: ``second_road`` (the mill bridge rebuilt). Bad play: the baseline, one road.
    Red's units spend 27 unit-turns out of supply a game on one road and none on two; with two
    roads Red ends the game better supplied and more ready, and never loses. Paired differences
    above three standard errors."""
    one_road, two_roads = _games(CORRIDOR, None), _games(CORRIDOR, "second_road")
    assert _paired_z(one_road, two_roads, "red_unit_turns_out_of_supply") > 3
    assert statistics.mean(g["red_unit_turns_out_of_supply"] for g in two_roads) < 1
    assert _paired_z(two_roads, one_road, "red_supply_end") > 3
    assert _paired_z(two_roads, one_road, "red_readiness_end") > 3
    assert all(g["winner"] == "red" for g in two_roads)
    _both_sides_win_some(one_road)


def test_corridor_drones_keep_the_road_cut_and_wear_the_garrison_down():
    """Good play for Red: ``drones_grounded``. Bad play: the baseline, with Blue's drones over
    the valley. Without the drones Red's readiness and morale at the end are higher (measured:
    0.97 against 0.83, and 0.66 against 0.54) and its units spend fewer turns out of supply; each
    paired difference above three standard errors."""
    drones, grounded = _games(CORRIDOR, None), _games(CORRIDOR, "drones_grounded")
    assert _paired_z(grounded, drones, "red_readiness_end") > 3
    assert _paired_z(grounded, drones, "red_morale_end") > 3
    assert _paired_z(drones, grounded, "red_unit_turns_out_of_supply") > 3
    assert sum(g["winner"] == "blue" for g in grounded) < sum(g["winner"] == "blue" for g in drones)
