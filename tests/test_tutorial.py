"""The tutorial plays to its end with the AI on both sides, and the war in it is a real one."""

from collections import Counter

from builders import TUTORIAL

from sim.model import WargameModel
from sim.scenario.loader import load_scenario


def test_tutorial_runs_to_the_end_with_both_ais_fighting():
    scenario = load_scenario(TUTORIAL)
    kinds, movers = Counter(), set()
    for seed in range(8):
        model = WargameModel(scenario, seed=seed)
        model.run()
        assert model.outcome is not None and not model.running
        assert model.turn <= scenario.spec.turns
        kinds.update(e.kind for e in model.events)
        movers.update(e.side for e in model.events if e.kind == "unit_moved")
    assert movers == {"blue", "red"}
    # Both AIs fight: assaults, fire missions, morale breaks and a bridgehead changing hands.
    for kind in ("combat", "unit_retreated", "objective_captured", "scripted", "game_ended"):
        assert kinds[kind] > 0, kind
    assert kinds["order_rejected"] == 0
