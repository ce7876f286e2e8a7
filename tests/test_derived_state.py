"""Everything derived from the scenario and its catalog follows a what-if switched mid-game.

Regression test for a bug: a live what-if that changed ``catalog.rules.*`` swapped the rules but
left what the combat ratings and each side's picture had copied from them at the start
(``personnel_firepower``, ``contact_half_life_h``), so the game went on with the old constants.
Derived state is now rebuilt through one path (:func:`sim.state.rebase`): a what-if switched on
before the first turn must give exactly the game that has it on from the start.
"""

import yaml
from builders import unit, write_scenario

from sim.events import InstructorAction
from sim.game.session import GameSession
from sim.rules.power import PowerRatings

WHAT_IF = "hard_hitting"
CHANGES = {
    "catalog.rules.combat.personnel_firepower": 0.03,
    "catalog.rules.combat.supply_power_floor": 0.9,
    "catalog.rules.air.contact_half_life_h": 2,
    "catalog.rules.air.contact_drop_after_h": 6,
    "catalog.rules.movement.road_speed_factor": {"highway": 0.5, "road": 0.4, "track": 0.25},
}


def _scenario(tmp_path):
    units = [
        unit("b1", "blue", "mech_battalion", [1, 2]),
        unit("b2", "blue", "tank_battalion", [1, 3]),
        unit("b3", "blue", "artillery_battalion", [0, 2]),
        unit("r1", "red", "infantry_battalion", [8, 2]),
        unit("r2", "red", "infantry_battalion", [8, 3]),
    ]
    places = {"town": {"name": "Town / Gorod", "at": [6, 2]}}
    path = write_scenario(
        tmp_path,
        ["." * 10] * 5,
        units,
        turn_length_h=12,
        turns=12,
        roads=[{"name": "high road", "kind": "road", "path": [[0, 2], [9, 2]]}],
        places=places,
        objectives=[{"id": "town", "place": "town", "points": 10, "owner": "red"}],
        what_ifs={
            WHAT_IF: {
                "description": "Harder-hitting infantry, ageing intelligence.",
                "set": CHANGES,
            }
        },
    )
    data = yaml.safe_load(path.read_text())
    data["sides"]["blue"]["ai"]["doctrine"] = "attack"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def _play(session: GameSession, turns: int) -> list[dict]:
    for _ in range(turns):
        session.end_turn()
    return [e.to_dict() for e in session.model.events if not isinstance(e, InstructorAction)]


def test_a_what_if_on_the_rules_rebuilds_ratings_pictures_and_travel_times(tmp_path):
    path = _scenario(tmp_path)
    session = GameSession.start(path, seed=1, human_sides=())
    state = session.model.state
    road_hours = state.terrain.step_hours("wheeled", (2, 2), (3, 2))
    session.end_turn()
    verdict = session.instruct({"type": "what_if", "name": WHAT_IF, "active": True})
    assert verdict.accepted, verdict.reason
    assert state.rules.combat.personnel_firepower == 0.03
    assert state.ratings.personnel_firepower == 0.03 and state.ratings.supply_floor == 0.9
    unit = session.model.unit("b1")
    assert state.ratings.power(unit) == PowerRatings(state.catalog).power(unit)
    for side in state.sides.ids:
        assert state.pictures[side].half_life_h == 2 and state.pictures[side].drop_after_h == 6
    assert state.terrain.step_hours("wheeled", (2, 2), (3, 2)) == 2 * road_hours


def test_a_what_if_switched_before_the_first_turn_is_the_game_that_starts_with_it(tmp_path):
    path = _scenario(tmp_path)
    with_it = GameSession.start(path, 3, (), {f"what_ifs.{WHAT_IF}.active": True})
    switched = GameSession.start(path, seed=3, human_sides=())
    assert switched.instruct({"type": "what_if", "name": WHAT_IF, "active": True}).accepted
    without = GameSession.start(path, seed=3, human_sides=())
    expected = _play(with_it, 12)
    assert _play(switched, 12) == expected
    assert _play(without, 12) != expected  # the what-if does change the game
