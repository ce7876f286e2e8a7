"""Scripted events fire when the scenario says; victory comes from the rules, not a script."""

from builders import unit, write_scenario

from sim.events import GameEnded, ObjectiveCaptured, Scripted
from sim.model import WargameModel
from sim.orders import Move

TERRAIN = ["........"] * 3


def _path(tmp_path, **extra):
    units = [
        unit("b", "blue", "tank_battalion", [0, 1]),
        unit("r", "red", "infantry_battalion", [7, 1]),
    ]
    places = {
        "town": {"name": "Town / Gorod", "at": [3, 1], "kind": "town"},
        "hill": {"name": "Hill", "at": [5, 0], "kind": "height"},
    }
    return write_scenario(
        tmp_path, TERRAIN, units, places=places, turn_length_h=6, turns=6, **extra
    )


def test_reinforcements_arrive_on_their_turn(tmp_path):
    late = unit("r9", "red", "tank_battalion", [7, 2])
    model = WargameModel(
        _path(
            tmp_path,
            events=[{"turn": 3, "kind": "reinforcements", "text": "Tanks arrive", "units": [late]}],
        ),
        seed=0,
        human_sides=("blue", "red"),
    )
    model.step()
    model.step()
    assert model.unit("r9") is None
    model.step()
    assert model.unit("r9").hex == (7, 2)
    assert model.state.forces.committed["red"] == 500 + 170


def test_a_time_stamped_event_fires_in_the_turn_that_contains_it(tmp_path):
    model = WargameModel(
        _path(
            tmp_path, events=[{"time": "2025-01-01T19:00:00", "kind": "message", "text": "Dusk"}]
        ),
        seed=0,
        human_sides=("blue", "red"),
    )
    for _ in range(3):
        model.step()
    # Turns start at 06:00, 12:00, 18:00: 19:00 falls in turn 3.
    assert [(e.turn, e.message) for e in model.events.of_kind(Scripted)] == [(3, "Dusk")]


def test_a_scripted_end_stops_the_game_before_its_turn(tmp_path):
    model = WargameModel(
        _path(tmp_path, events=[{"turn": 4, "kind": "end", "text": "Ceasefire"}]),
        seed=0,
        human_sides=("blue", "red"),
    )
    model.run()
    assert model.turn == 3
    assert model.outcome.reason.startswith("Ceasefire")
    assert not model.running


def test_holding_the_objectives_wins_and_ends_the_game(tmp_path):
    path = _path(
        tmp_path,
        objectives=[{"id": "town", "place": "town", "points": 10, "owner": "red"}],
        victory={"conditions": [{"side": "blue", "holds": ["town"]}]},
    )
    model = WargameModel(path, seed=0, human_sides=("blue", "red"))
    model.submit("blue", Move("b", (3, 1)))
    model.run()
    captured = model.events.of_kind(ObjectiveCaptured)
    assert [(e.side, e.objective, e.previous_owner) for e in captured] == [("blue", "town", "red")]
    assert model.outcome.winner == "blue" and model.turn == 1
    assert "blue holds Town / Gorod" in model.outcome.reason
    assert model.events.of_kind(GameEnded)[-1].winner == "blue"


def test_time_limit_is_decided_by_points_or_is_a_draw(tmp_path):
    objectives = [
        {"id": "town", "place": "town", "points": 10, "owner": "red"},
        {"id": "hill", "place": "hill", "points": 10, "owner": "blue"},
    ]
    model = WargameModel(
        _path(tmp_path, objectives=objectives), seed=0, human_sides=("blue", "red")
    )
    model.run()
    assert model.outcome.winner is None and "a draw" in model.outcome.reason
    objectives[1]["points"] = 5
    model = WargameModel(
        _path(tmp_path, objectives=objectives), seed=0, human_sides=("blue", "red")
    )
    model.run()
    assert model.outcome.winner == "red" and model.turn == 6
