"""Games people play: orders through the session, saves that replay exactly, replays."""

from __future__ import annotations

import json
import shutil

import pytest
from builders import TUTORIAL

from sim.errors import InputError
from sim.game.replay import Replay
from sim.game.savefile import events_digest, load_game, save_game
from sim.game.session import GameSession
from sim.orders import DigIn, Move


def _played(turns: int = 3, seed: int = 2) -> GameSession:
    """Blue played by a person (a few orders each turn), red by the AI."""
    session = GameSession.start(TUTORIAL, seed=seed)
    for turn in range(turns):
        assert session.submit("blue", Move("b-mech-1", (11 + turn, 9))).accepted
        session.submit("blue", DigIn("b-tank-2"))
        session.submit("blue", {"type": "move", "unit": "b-tank-1", "to": [60, 60]})  # off map
        session.end_turn()
    return session


def test_a_person_plays_one_side_through_the_session_as_the_ai_would():
    session = GameSession.start(TUTORIAL, seed=2)
    assert session.human_sides == ("blue",) and session.turn == 0
    verdict = session.submit("red", DigIn("r-mech-1"))
    assert not verdict.accepted and "AI" in verdict.reason
    verdict = session.submit("blue", Move("b-mech-1", (60, 60)))
    assert not verdict.accepted and verdict.reason
    assert session.model.unit("b-mech-1").hex == (9, 9)
    assert session.submit("blue", Move("b-mech-1", (12, 9))).accepted
    session.end_turn()
    assert session.turn == 1 and session.model.unit("b-mech-1").hex != (9, 9)
    assert [a.turn for a in session.actions] == [1, 1]  # the refused AI-side order is not kept
    assert {m.id for m in session.view("blue").marks if m.own} == {
        u.uid for u in session.model.units("blue")
    }


def test_a_saved_game_loads_to_the_same_state_and_plays_on_the_same(tmp_path):
    session = _played(turns=3)
    session.submit("blue", Move("b-mech-2", (12, 11)))  # saved between turns, order given
    path = tmp_path / "game.json"
    save_game(session, path)
    data = json.loads(path.read_text())
    assert data["format"] == "karabakh-wargame-save" and data["version"] == 1
    assert data["turns_played"] == 3 and len(data["actions"]) == 10

    loaded = load_game(path)
    assert loaded.turn == 3 and loaded.human_sides == ("blue",)
    assert events_digest(loaded.model) == events_digest(session.model)
    assert loaded.actions == session.actions
    for game in (session, loaded):
        game.end_turn()
    assert events_digest(loaded.model) == events_digest(session.model)
    assert not list(tmp_path.glob(".*partial"))


def _refused(path) -> str:
    with pytest.raises(InputError) as caught:
        load_game(path)
    return "\n".join(str(p) for p in caught.value.problems)


def test_corrupt_and_foreign_saves_get_a_clear_message(tmp_path):
    good = tmp_path / "good.json"
    save_game(_played(turns=2), good)
    text = good.read_text()

    cut = tmp_path / "cut.json"
    cut.write_text(text[: len(text) // 2])
    assert "cut.json" in _refused(cut) and "malformed" in _refused(cut)

    assert "not a saved game" in _refused(TUTORIAL)
    binary = tmp_path / "picture.json"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
    assert "not UTF-8" in _refused(binary)

    newer = tmp_path / "newer.json"
    newer.write_text(text.replace('"version": 1', '"version": 2'))
    assert "version 2" in _refused(newer) and "newer.json:3" in _refused(newer)

    bad_order = tmp_path / "order.json"
    bad_order.write_text(text.replace('"type": "dig_in"', '"type": "teleport"', 1))
    message = _refused(bad_order)
    line = next(i for i, t in enumerate(bad_order.read_text().splitlines(), 1) if "teleport" in t)
    assert f"order.json:{line}" in message and "actions[" in message and "teleport" in message

    tampered = tmp_path / "tampered.json"
    data = json.loads(text)
    data["seed"] = 3
    tampered.write_text(json.dumps(data, indent=1))
    assert "does not give the saved game" in _refused(tampered)


def test_a_save_whose_scenario_changed_is_refused(tmp_path):
    scenario = tmp_path / "scenarios" / TUTORIAL.name
    shutil.copytree(TUTORIAL.parent, tmp_path / "scenarios", dirs_exist_ok=True)
    shutil.copytree(TUTORIAL.parents[1] / "assets", tmp_path / "assets")
    session = GameSession.start(scenario, seed=1)
    session.end_turn()
    path = tmp_path / "game.json"
    save_game(session, path)
    scenario.write_text(scenario.read_text().replace("attack_odds: 1.5", "attack_odds: 1.6"))
    assert "changed since this game was saved" in _refused(path)


def test_a_replay_steps_forwards_and_back_through_the_recorded_turns(tmp_path):
    session = _played(turns=10, seed=4)
    path = tmp_path / "game.json"
    save_game(session, path)
    digests = {}
    fresh = GameSession.start(TUTORIAL, seed=4)
    digests[0] = events_digest(fresh.model)
    for turn in range(1, 11):
        for action in (a for a in session.actions if a.turn == turn):
            fresh.submit(action.side, action.order)
        fresh.end_turn()
        digests[turn] = events_digest(fresh.model)

    replay = Replay(path)
    assert replay.turn == 0 and replay.last_turn == 10
    for turn in (1, 2, 9, 10, 10, 3, 8, 0, 5):
        assert events_digest(replay.goto(turn).model) == digests[turn], turn
    assert replay.forward().turn == 6 and replay.back().turn == 5
    assert replay.goto(99).turn == 10 and replay.goto(-4).turn == 0


def test_a_side_reads_its_own_events_and_the_public_ones_not_the_enemys():
    from sim.events import Combat, ObjectiveCaptured, SortieLaunched, UnitMoved
    from sim.game.event_view import events_for
    from sim.model import WargameModel

    # Both sides played by the AI: a busy log with both sides' doings.
    model = WargameModel(TUTORIAL.with_name("tutorial_drones_and_air_defence.yaml"), seed=3)
    model.run(12)
    everything = events_for(model, None)
    assert len(everything) == len(model.events)
    kinds = {type(e) for e in everything}
    assert {SortieLaunched, UnitMoved, Combat} <= kinds
    for side, enemy in (("blue", "red"), ("red", "blue")):
        seen = events_for(model, side)
        assert 1 < len(seen) < len(everything)
        assert not any(isinstance(e, SortieLaunched | UnitMoved) and e.side == enemy for e in seen)
        assert any(isinstance(e, UnitMoved) and e.side == side for e in seen)
        assert all(e in seen for e in everything if isinstance(e, ObjectiveCaptured))
        assert all(
            e in seen for e in everything if isinstance(e, Combat) and e.defender_side == side
        )


def test_a_move_preview_is_the_path_the_engine_would_take_or_its_reason():
    from sim.game.preview import preview_move

    session = GameSession.start(TUTORIAL, seed=2)
    preview = preview_move(session.model, "blue", "b-mech-1", (14, 9))
    assert preview.reason is None and preview.path[-1] == (14, 9) and preview.turns >= 1
    assert preview.hours > 0
    session.submit("blue", Move("b-mech-1", (14, 9)))
    assert session.model.unit("b-mech-1").route == list(preview.path)
    refused = preview_move(session.model, "blue", "b-mech-1", (99, 9))
    assert refused.path == () and "not on the map" in refused.reason
    assert preview_move(session.model, "red", "b-mech-1", (14, 9)).reason
