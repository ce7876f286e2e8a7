"""Neutral peacekeepers, what-if switches, armistice-style victory conditions, side briefings."""

import pytest
from builders import GameBuilder, unit, write_scenario

from sim.cli import main
from sim.errors import InputError
from sim.model import WargameModel
from sim.orders import Attack, Move, Strike
from sim.scenario.loader import load_scenario

PEACEKEEPERS = {"name": "Peacekeepers", "colour": "#888888", "neutral": True}


def _with_peacekeepers(tmp_path, **extra):
    path = write_scenario(
        tmp_path,
        ["." * 12] * 5,
        [
            unit("b", "blue", "mech_battalion", [2, 2]),
            unit("art", "blue", "artillery_battalion", [0, 2]),
            unit("lora", "blue", "lora_battery", [0, 4]),
            unit("pk", "peace", "peacekeeper_company", [4, 2]),
            unit("r", "red", "infantry_battalion", [9, 2]),
        ],
        **extra,
    )
    text = path.read_text().replace(
        "sides:\n",
        "sides:\n  peace:\n    name: Peacekeepers\n    colour: '#888888'\n    neutral: true\n",
        1,
    )
    path.write_text(text)
    return path


def test_no_one_may_fire_on_neutral_peacekeepers(tmp_path):
    model = GameBuilder(_with_peacekeepers(tmp_path)).spotted("blue", "pk").build()
    for order in (Attack("art", (4, 2)), Strike("lora", (4, 2), "lora", 1)):
        verdict = model.submit("blue", order)
        assert not verdict.accepted
        assert "held by Peacekeepers: no side may fire on them" in verdict.reason


def test_peacekeepers_are_nobody_s_enemy_and_cannot_be_walked_through(tmp_path):
    model = WargameModel(_with_peacekeepers(tmp_path), seed=0, human_sides=("blue", "red"))
    assert (
        model.state.sides.enemies_of("blue") == ["red"]
        and model.state.sides.enemies_of("peace") == []
    )
    assert model.state.players["peace"] is None
    verdict = model.submit("blue", Move("b", (6, 2), via=((3, 2), (4, 2), (5, 2), (6, 2))))
    assert not verdict.accepted and "closed" in verdict.reason
    assert model.submit("blue", Move("b", (6, 2))).accepted
    assert (4, 2) not in model.unit("b").route
    for _ in range(3):
        model.step()
    assert model.unit("pk").hex == (4, 2) and model.unit("pk").in_supply
    assert model.state.pictures["blue"].get("pk") is None


def test_a_what_if_applies_its_overrides_and_names_itself_in_errors(tmp_path):
    what_ifs = {
        "weak_red": {
            "description": "Red at half strength",
            "set": {"units.r.strength": 0.5, "catalog.rules.combat.noise_sigma": 0.0},
        },
        "broken": {"description": "A what-if with a bad value", "set": {"turns": "many"}},
    }
    path = write_scenario(
        tmp_path,
        ["." * 8] * 3,
        [
            unit("b", "blue", "mech_battalion", [0, 1]),
            unit("r", "red", "infantry_battalion", [7, 1]),
        ],
        what_ifs=what_ifs,
    )
    assert load_scenario(path).catalog.rules.combat.noise_sigma > 0
    weak = load_scenario(path, {"what_ifs.weak_red.active": True})
    assert weak.catalog.rules.combat.noise_sigma == 0.0
    assert WargameModel(weak, seed=0).unit("r").personnel == 250
    # An explicit --set wins over the what-if's value for the same key.
    mixed = load_scenario(path, {"what_ifs.weak_red.active": True, "units.r.strength": 0.8})
    assert WargameModel(mixed, seed=0).unit("r").personnel == 400
    with pytest.raises(InputError) as raised:
        load_scenario(path, {"what_ifs.broken.active": True})
    assert "what-if broken: turns=many" in str(raised.value)


def _with_a_short_what_if(tmp_path):
    """Two battalions and one what-if, ``short``, that cuts the game to two turns."""
    return write_scenario(
        tmp_path,
        ["." * 8] * 3,
        [
            unit("b", "blue", "mech_battalion", [0, 1]),
            unit("r", "red", "infantry_battalion", [7, 1]),
        ],
        what_ifs={"short": {"description": "Two turns", "set": {"turns": 2}}},
    )


def test_the_cli_runs_a_what_if_and_reports_it(tmp_path, capsys):
    path = _with_a_short_what_if(tmp_path)
    assert main(["run", str(path), "--set", "what_ifs.short.active=true"]) == 0
    printed = capsys.readouterr().out
    assert "Played 2 of 2 turns" in printed and "What-ifs: short" in printed


def test_an_armistice_condition_is_met_by_morale_and_ground_together(tmp_path):
    places = {"height": {"name": "Height / Bardzunk", "at": [3, 1]}}
    objectives = [{"id": "height", "place": "height", "points": 5, "owner": "blue"}]
    condition = {
        "side": "blue",
        "holds": ["height"],
        "enemy_morale_below": 0.5,
        "outcome": "Red asks for an armistice",
    }
    path = write_scenario(
        tmp_path,
        ["." * 8] * 3,
        [
            unit("b", "blue", "mech_battalion", [3, 1]),
            unit("r", "red", "infantry_battalion", [7, 1], morale=0.6),
        ],
        places=places,
        objectives=objectives,
        victory={"conditions": [condition]},
    )
    steady = WargameModel(path, seed=0, human_sides=("blue", "red"))
    steady.step()
    assert steady.outcome is None
    shaken = GameBuilder(path).shaken(r=0.2).build()  # it recovers a little, not past 0.5
    shaken.step()
    assert shaken.outcome.winner == "blue" and shaken.outcome.reason == "Red asks for an armistice"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"side_briefings": {"green": "..."}}, "side_briefings.green: unknown side 'green'"),
        (
            {
                "victory": {
                    "conditions": [{"side": "blue", "enemy_morale_below": 0.5, "holds_at_least": 1}]
                }
            },
            "'holds_at_least' needs 'holds'",
        ),
        ({"victory": {"conditions": [{"side": "blue"}]}}, "give at least one of 'holds'"),
    ],
)
def test_bad_briefings_and_conditions_are_reported(tmp_path, change, message):
    path = write_scenario(
        tmp_path,
        ["." * 8] * 3,
        [
            unit("b", "blue", "mech_battalion", [0, 1]),
            unit("r", "red", "infantry_battalion", [7, 1]),
        ],
        **change,
    )
    with pytest.raises(InputError) as raised:
        load_scenario(path)
    assert message in str(raised.value)


def test_restricted_ground_is_closed_to_the_sides_it_names(tmp_path):
    border = {
        "name": "Border",
        "polygon": [[5, -1], [8, -1], [8, 3], [5, 3]],
        "sides": ["blue"],
        "source": "TEST",
    }
    path = write_scenario(
        tmp_path,
        ["." * 10] * 3,
        [
            unit("b", "blue", "mech_battalion", [0, 1]),
            unit("r", "red", "infantry_battalion", [9, 1]),
        ],
        map_extra={"restricted": [border]},
    )
    model = WargameModel(path, seed=0, human_sides=("blue", "red"))
    verdict = model.submit("blue", Move("b", (7, 1)))
    assert not verdict.accepted and "no path" in verdict.reason
    assert model.submit("red", Move("r", (6, 1))).accepted


def test_an_unknown_what_if_is_named_with_the_ones_the_scenario_has(tmp_path, capsys):
    path = _with_a_short_what_if(tmp_path)
    assert main(["run", str(path), "--set", "what_ifs.shorter.active=true"]) == 2
    err = capsys.readouterr().err
    assert "no what-if 'shorter'" in err and "it has: short" in err
    assert "Traceback" not in err and err.count("error:") == 1
    assert main(["run", str(path), "--set", "what_ifs.short.on=true"]) == 2
    assert "what_ifs.short.active=true" in capsys.readouterr().err
