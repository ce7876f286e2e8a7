"""Movement: roads, slow ground, zones of control, stacking and enemy-held hexes.

March time per turn is ``turn_length_h * march_hours_per_day / 24`` (10 h a day in the catalog)
for a unit at full readiness; the expected distances below follow from the catalog's speeds.
"""

import pytest
from builders import unit, write_scenario

from sim.events import MoveBlocked
from sim.model import WargameModel
from sim.orders import Move


def _model(tmp_path, terrain, units, **kwargs):
    path = write_scenario(tmp_path, terrain, units, **kwargs)
    return WargameModel(path, seed=0, human_sides=("blue", "red"))


def test_roads_carry_units_further_than_open_ground(tmp_path):
    model = _model(
        tmp_path,
        ["." * 40] * 5,
        [
            unit("road", "blue", "tank_battalion", [0, 0]),
            unit("open", "blue", "tank_battalion", [0, 4]),
            unit("far", "red", "tank_battalion", [39, 2]),
        ],
        turn_length_h=3,
        roads=[{"name": "R", "kind": "road", "path": [[0, 0], [39, 0]]}],
    )
    model.submit("blue", Move("road", (35, 0)))
    # Straight along row 4 (the quickest way would be to join the road).
    model.submit("blue", Move("open", (35, 4), via=tuple((c, 4) for c in range(1, 36))))
    model.step()
    # 1.25 h of marching: 30 road hexes at 24 km/h (30 km/h x 0.8), 18 open hexes at 15 km/h.
    assert model.unit("road").hex == (30, 0)
    assert model.unit("open").hex == (18, 4)
    assert model.unit("road").move_progress_h == pytest.approx(0.0, abs=1e-9)


def test_slow_ground_takes_several_turns_instead_of_being_impassable(tmp_path):
    model = _model(
        tmp_path,
        [".mmm."],
        [
            unit("b", "blue", "tank_battalion", [0, 0]),
            unit("r", "red", "infantry_battalion", [4, 0], posture="defend"),
        ],
        turn_length_h=0.5,
        sources={"blue": [[0, 0]], "red": [[4, 0]]},
    )
    # A mountain hex costs 4/15 h = 0.267 h; half an hour of turn gives 0.208 h of marching.
    model.submit("blue", Move("b", (1, 0)))
    model.step()
    assert model.unit("b").hex == (0, 0)
    model.step()
    assert model.unit("b").hex == (1, 0)


def test_entering_an_enemy_zone_of_control_ends_the_move(tmp_path):
    model = _model(
        tmp_path,
        ["." * 10] * 3,
        [
            unit("b", "blue", "tank_battalion", [0, 0]),
            unit("r", "red", "infantry_battalion", [5, 1]),
        ],
    )
    model.submit("blue", Move("b", (9, 0)))
    model.step()
    # (4, 0) is the first hex of the row next to the red unit at (5, 1).
    assert model.unit("b").hex == (4, 0)
    model.submit("blue", Move("b", (9, 0)))
    model.step()
    assert model.unit("b").hex == (4, 0)
    assert "one enemy zone of control into another" in model.events.of_kind(MoveBlocked)[-1].reason


def test_stacking_limit_holds_back_the_fourth_battalion(tmp_path):
    model = _model(
        tmp_path,
        ["." * 6] * 3,
        [
            *[
                unit(f"b{i}", "blue", "tank_battalion", [0, i % 3] if i < 3 else [1, 0])
                for i in range(4)
            ],
            unit("r", "red", "infantry_battalion", [5, 2]),
        ],
    )
    for i in range(4):
        model.submit("blue", Move(f"b{i}", (3, 1)))
    model.step()
    there = model.state.forces.friends_at("blue", (3, 1))
    assert len(there) == 3
    assert sum(u.stacking_points for u in there) == 3.0


def test_units_never_enter_enemy_held_hexes(tmp_path):
    model = _model(
        tmp_path,
        ["wwwww", ".....", "wwwww"],
        [
            unit("b", "blue", "tank_battalion", [0, 1]),
            unit("r", "red", "infantry_battalion", [2, 1]),
        ],
        sources={"blue": [[0, 1]], "red": [[4, 1]]},
    )
    verdict = model.submit("blue", Move("b", (4, 1)))
    assert not verdict.accepted and "no path" in verdict.reason
    assert model.unit("b").hex == (0, 1)
