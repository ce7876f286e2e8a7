"""Instructor actions: injected events that fire like scripted ones, reveals and pauses, all in
the event log and all replayed by a save."""

from builders import TUTORIAL

from sim.events import InstructorAction, Scripted
from sim.game.savefile import events_digest, load_game, save_game
from sim.game.session import GameSession
from sim.orders import Move

ROADBLOCK = {
    "kind": "block",
    "name": "Roadblock at Stone bridge",
    "hexes": [[15, 10], [16, 10]],
    "sides": ["blue"],
    "duration_h": 12,
    "text": "A roadblock closes Stone bridge.",
}


def _instructor_log(session: GameSession) -> list[InstructorAction]:
    return session.model.events.of_kind(InstructorAction)


def test_an_injected_roadblock_fires_next_turn_and_closes_the_hexes_to_its_side():
    session = GameSession.start(TUTORIAL, seed=2)
    assert session.instruct({"type": "inject", "event": ROADBLOCK}).accepted
    (logged,) = _instructor_log(session)
    assert logged.action == "inject" and "block event for turn 1" in logged.describe()
    session.submit("blue", Move("b-mech-1", (20, 10)))
    session.end_turn()
    scripted = [e for e in session.model.events.of_kind(Scripted) if e.event == "block"]
    assert scripted and scripted[0].turn == 1 and "roadblock" in scripted[0].message.lower()
    index = session.model.terrain.index((15, 10))
    closures = session.model.state.closures
    assert closures.closes("blue", index) and not closures.closes("red", index)
    assert session.model.unit("b-mech-1").hex[0] < 15  # stopped short of the bridge


def test_a_bad_injection_is_refused_with_its_reason_and_logs_nothing():
    session = GameSession.start(TUTORIAL, seed=2)
    cases = [
        ({"type": "teleport"}, "type: expected one of"),
        ({"type": "inject", "event": {"kind": "volcano"}}, "event"),
        ({"type": "inject", "event": {**ROADBLOCK, "hexes": [[99, 99]]}}, "not on the map"),
        ({"type": "inject", "event": {**ROADBLOCK, "sides": ["green"]}}, "no side green"),
        ({"type": "inject", "event": {"kind": "block", "name": "x"}}, "event.hexes"),
        ({"type": "reveal", "view": "green"}, "no side 'green'"),
    ]
    for action, reason in cases:
        verdict = session.instruct(action)
        assert not verdict.accepted and reason in verdict.reason, (action, verdict.reason)
    assert _instructor_log(session) == []


def test_a_ceasefire_ends_the_game_and_reinforcements_arrive():
    session = GameSession.start(TUTORIAL, seed=2)
    unit = {"id": "b-reserve", "name": "Reserve battalion", "side": "blue",
            "type": "mech_battalion", "at": [0, 10], "source": "FICTION"}  # fmt: skip
    verdict = session.instruct({"type": "inject", "event": {"kind": "reinforcements",
                                                            "units": [unit]}})  # fmt: skip
    assert verdict.accepted, verdict.reason
    session.end_turn()
    assert session.model.unit("b-reserve") is not None
    assert session.instruct({"type": "inject", "event": {"kind": "end", "text": "Ceasefire"}})
    session.end_turn()
    assert session.finished and session.turn == 1


def test_a_paused_game_plays_no_turn_until_resumed():
    session = GameSession.start(TUTORIAL, seed=2)
    assert session.instruct({"type": "pause"}).accepted
    assert session.end_turn() is False and session.turn == 0
    assert session.instruct({"type": "resume"}).accepted
    assert session.end_turn() is True and session.turn == 1
    assert [e.action for e in _instructor_log(session)] == ["pause", "resume"]


def test_instructor_actions_survive_save_and_load(tmp_path):
    session = GameSession.start(TUTORIAL, seed=2)
    session.instruct({"type": "reveal", "view": None})
    session.instruct({"type": "inject", "event": ROADBLOCK})
    session.end_turn()
    session.instruct({"type": "reveal", "view": "red"})
    session.end_turn()
    session.instruct({"type": "pause"})
    path = tmp_path / "class.json"
    save_game(session, path)
    loaded = load_game(path)
    assert events_digest(loaded.model) == events_digest(session.model)
    assert [e.action for e in _instructor_log(loaded)] == ["reveal", "inject", "reveal", "pause"]
    assert loaded.paused and loaded.end_turn() is False
    blocks = loaded.model.state.closures.blocks
    assert blocks == [] or blocks == session.model.state.closures.blocks


def test_a_what_if_switched_mid_game_takes_effect_and_replays(tmp_path):
    historical = TUTORIAL.with_name("southern_flank_2020.yaml")
    session = GameSession.start(historical, seed=1, human_sides=())
    session.end_turn()
    tb2_before = session.model.state.air.bases["az-uav-base"].ready["tb2"]
    assert tb2_before > 0
    assert session.instruct({"type": "what_if", "name": "no_tb2", "active": True}).accepted
    assert session.model.state.air.bases["az-uav-base"].ready["tb2"] == 0
    assert session.instruct({"type": "what_if", "name": "russian_mig29", "active": True})
    assert session.model.state.players["ada"].air.doctrine.cap is True
    refused = session.instruct(
        {"type": "what_if", "name": "modern_ada_air_defence", "active": True}
    )
    assert not refused.accepted and "cannot change once the game has started" in refused.reason
    assert not session.instruct({"type": "what_if", "name": "no_tb2", "active": True}).accepted
    assert not session.instruct({"type": "what_if", "name": "nonsense", "active": True}).accepted
    session.end_turn()
    launched = [e for e in session.model.events if e.kind == "sortie" and e.turn == 2]
    assert all(e.aircraft != "tb2" for e in launched)
    path = tmp_path / "what_if.json"
    save_game(session, path)
    assert events_digest(load_game(path).model) == events_digest(session.model)
