"""Supply lines, morale breaks, and what happens to units with nowhere to go."""

import pytest
from builders import unit, write_scenario

from sim.events import SupplyChanged, UnitEliminated, UnitRallied, UnitRetreated
from sim.model import WargameModel
from sim.orders import Attack


def _corridor(tmp_path, units, **kwargs):
    """A one-hex-wide corridor between lakes: the only way from blue's source at (0, 1)."""
    terrain = ["wwwwwwwww", ".........", "wwwwwwwww"]
    return write_scenario(
        tmp_path, terrain, units, sources={"blue": [[0, 1]], "red": [[8, 1]]}, **kwargs
    )


def test_an_enemy_across_the_only_road_cuts_supply(tmp_path):
    path = _corridor(
        tmp_path,
        [
            unit("b", "blue", "tank_battalion", [6, 1]),
            unit("r", "red", "infantry_battalion", [8, 1]),
            unit("r2", "red", "infantry_battalion", [3, 1], posture="move"),
        ],
    )
    model = WargameModel(path, seed=0, human_sides=("blue", "red"))
    assert not model.unit("b").in_supply
    model.step()
    b = model.unit("b")
    days = model.scenario.spec.turn_length_h / 24
    rules = model.rules.supply
    assert b.supply == pytest.approx(1.0 - rules.consumption_per_day * days)
    assert b.morale < model.catalog.unit_types["tank_battalion"].morale


def test_supply_is_cut_while_a_roadblock_stands_and_returns_after(tmp_path):
    path = _corridor(
        tmp_path,
        [
            unit("b", "blue", "tank_battalion", [6, 1]),
            unit("r", "red", "infantry_battalion", [8, 1]),
        ],
        turn_length_h=6,
        events=[
            {"turn": 1, "kind": "block", "name": "Roadblock", "hexes": [[3, 1]], "duration_h": 12}
        ],
    )
    model = WargameModel(path, seed=0, human_sides=("blue", "red"))
    assert model.unit("b").in_supply
    model.step()
    assert not model.unit("b").in_supply
    model.step()
    assert not model.unit("b").in_supply
    model.step()
    assert model.unit("b").in_supply
    changes = [(e.turn, e.in_supply) for e in model.events.of_kind(SupplyChanged) if e.unit == "b"]
    assert changes == [(1, False), (3, True)]


def test_a_cornered_unit_with_broken_morale_surrenders(tmp_path):
    path = _corridor(
        tmp_path,
        [
            unit("a1", "blue", "tank_battalion", [1, 1]),
            unit("a2", "blue", "tank_battalion", [1, 1]),
            unit("d", "red", "infantry_battalion", [2, 1], morale=0.1),
            unit("r", "red", "infantry_battalion", [3, 1]),
            unit("r2", "red", "infantry_battalion", [3, 1]),
            unit("r3", "red", "infantry_battalion", [3, 1]),
        ],
        turn_length_h=6,
    )
    surrendered = 0
    for seed in range(20):
        model = WargameModel(path, seed=seed, human_sides=("blue", "red"))
        model.submit("blue", Attack("a1", (2, 1)))
        model.submit("blue", Attack("a2", (2, 1)))
        model.step()
        eliminated = [e for e in model.events.of_kind(UnitEliminated) if e.unit == "d"]
        if eliminated:
            assert eliminated[0].cause.startswith("surrendered")
            assert model.losses["red"].captured == eliminated[0].personnel
            surrendered += 1
    # Morale 0.1 is below the surrender threshold (0.12): any failed test is a surrender, and
    # at 7:1 odds the break hazard is at least 0.3 * ln 7 * 0.9 = 0.53 (41%) before any losses.
    assert surrendered >= 12


def test_a_beaten_unit_falls_back_away_from_its_attackers_and_rallies_later(tmp_path):
    terrain = ["........."] * 5
    path = write_scenario(
        tmp_path,
        terrain,
        [
            unit("a1", "blue", "tank_battalion", [3, 2]),
            unit("d", "red", "infantry_battalion", [4, 2], morale=0.4),
        ],
        turn_length_h=6,
        turns=20,
    )
    for seed in range(30):
        model = WargameModel(path, seed=seed, human_sides=("blue", "red"))
        model.submit("blue", Attack("a1", (4, 2)))
        model.step()
        retreats = [e for e in model.events.of_kind(UnitRetreated) if e.unit == "d"]
        if not retreats or model.unit("d") is None:
            continue
        d = model.unit("d")
        assert model.terrain.distance(d.hex, (3, 2)) > 1
        if retreats[0].routed:
            assert d.status == "routed"
            for _ in range(15):
                model.step()
            assert model.events.of_kind(UnitRallied)
            assert model.unit("d").status == "active"
        return
    pytest.fail("no seed out of 30 saw the defender fall back")
