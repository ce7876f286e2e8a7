"""The baseline ground AI follows the scenario's instructions for its units."""

from builders import unit, write_scenario

from sim.model import WargameModel
from sim.scenario.loader import load_scenario


def _red_attacks(path):
    """The scenario at ``path`` with red's AI on the attack and blue left to the test."""
    scenario = load_scenario(path, {"sides.red.ai.doctrine": "attack"})
    return WargameModel(scenario, seed=0, human_sides=("blue",))


def test_units_marked_hold_stay_in_their_positions_while_the_others_advance(tmp_path):
    places = {"town": {"name": "Town / Gorod", "at": [0, 1], "kind": "town"}}
    path = write_scenario(
        tmp_path,
        ["." * 10] * 3,
        [
            unit("b", "blue", "infantry_battalion", [0, 1]),
            unit("line", "red", "infantry_battalion", [8, 0], hold=True),
            unit("free", "red", "infantry_battalion", [8, 2]),
        ],
        places=places,
        objectives=[{"id": "town", "place": "town", "points": 10, "owner": "blue"}],
        turn_length_h=12,
        turns=3,
    )
    model = _red_attacks(path)
    for _ in range(3):
        model.step()
    assert model.unit("line").hex == (8, 0)
    assert model.unit("line").posture == "dig_in"
    assert model.unit("free").hex[0] < 8


def test_an_attacking_unit_follows_its_axis_before_choosing_for_itself(tmp_path):
    places = {
        "near": {"name": "Near", "at": [5, 1], "kind": "town"},
        "far": {"name": "Far / Daleko", "at": [0, 0], "kind": "town"},
    }
    objectives = [
        {"id": "near", "place": "near", "points": 10, "owner": "blue"},
        {"id": "far", "place": "far", "points": 1, "owner": "blue"},
    ]

    def first_goal(axis):
        path = write_scenario(
            tmp_path,
            ["." * 10] * 3,
            [
                unit("b", "blue", "infantry_battalion", [0, 2]),
                unit("r", "red", "infantry_battalion", [8, 1], axis=axis),
            ],
            places=places,
            objectives=objectives,
            turn_length_h=12,
        )
        model = _red_attacks(path)
        model.step()
        return model.unit("r").route[-1] if model.unit("r").route else model.unit("r").hex

    assert first_goal([]) == (5, 1)  # nearer and richer
    assert first_goal(["far", "near"]) == (0, 0)


def test_an_axis_can_lead_through_a_waypoint_before_the_objective(tmp_path):
    places = {
        "town": {"name": "Town", "at": [0, 1], "kind": "town"},
        "pass": {"name": "Pass", "at": [5, 4], "kind": "height"},
    }
    path = write_scenario(
        tmp_path,
        ["." * 10] * 5,
        [
            unit("b", "blue", "infantry_battalion", [0, 1]),
            unit("r", "red", "motor_rifle_battalion", [9, 1], axis=["pass", "town"]),
        ],
        places=places,
        objectives=[{"id": "town", "place": "town", "points": 10, "owner": "blue"}],
        turn_length_h=6,
        turns=6,
    )
    model = _red_attacks(path)
    visited = []
    for _ in range(6):
        model.step()
        visited.append(model.unit("r").hex)
    assert any(model.terrain.distance(h, (5, 4)) <= 1 for h in visited)
    assert "pass" in model.state.players["red"].passed["r"]
    assert model.terrain.distance(visited[-1], (0, 1)) < model.terrain.distance(visited[0], (0, 1))
