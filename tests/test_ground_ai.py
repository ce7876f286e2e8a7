"""The baseline ground AI follows the scenario's instructions for its units."""

from builders import unit, write_scenario

from sim.model import WargameModel
from sim.scenario.loader import load_scenario


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
    scenario = load_scenario(path, {"sides.red.ai.doctrine": "attack"})
    model = WargameModel(scenario, seed=0, human_sides=("blue",))
    for _ in range(3):
        model.step()
    assert model.unit("line").hex == (8, 0)
    assert model.unit("line").posture == "dig_in"
    assert model.unit("free").hex[0] < 8
