"""The game window, driven as a player would: rendering, fog of war, clicks, keys, hot seat,
save and load, replay. Drawn off screen with SDL's dummy video driver."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"

import numpy as np
import pygame
from builders import REPO, TUTORIAL

from sim.cli import main
from sim.game.replay import Replay
from sim.game.savefile import events_digest, save_game
from sim.game.session import GameSession
from sim.render import palette
from sim.render.window import GameWindow

HISTORICAL = REPO / "scenarios" / "southern_flank_2020.yaml"
SIZE = (1280, 800)


def _window(session: GameSession, **kwargs) -> tuple[GameWindow, pygame.Surface]:
    """A window drawn off screen, its opening briefing already read and closed."""
    surface = pygame.Surface(SIZE)
    window = GameWindow(session, surface=surface, **kwargs)
    window.briefing_first = None
    return window, surface


def _pixels(surface: pygame.Surface) -> np.ndarray:
    return pygame.surfarray.array3d(surface)


def _click(window: GameWindow, pos, button: int = 1) -> None:
    window.handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=button, pos=pos))
    window.handle(pygame.event.Event(pygame.MOUSEBUTTONUP, button=button, pos=pos))


def _key(window: GameWindow, key: int, mod: int = 0) -> None:
    window.handle(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=""))


def test_the_2020_map_renders_with_its_units_and_fog_hides_what_the_side_has_not_seen():
    session = GameSession.start(HISTORICAL, seed=1)  # Azerbaijan at the controls
    window, surface = _window(session)
    window.draw()
    pixels = _pixels(surface)
    assert surface.get_size() == SIZE
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 500 and pixels.std() > 20

    model = session.model
    seen = {m.id for m in session.view("azerbaijan").marks}
    hidden = next(u for u in model.units("ada") if u.uid not in seen)
    known = next(m for m in session.view("azerbaijan").marks if m.side == "ada")

    def region(hex_) -> np.ndarray:
        window.camera.zoom = 60
        window.camera.centre_on_hex(hex_)
        window.draw()
        x, y = (round(v) for v in window.camera.hex_to_screen(*hex_))
        return _pixels(surface)[x - 20 : x + 20, y - 20 : y + 20].copy()

    def bare(hex_) -> np.ndarray:
        window.camera.centre_on_hex(hex_)
        surface.fill((0, 0, 0))
        window.map.draw(surface, window.camera)
        x, y = (round(v) for v in window.camera.hex_to_screen(*hex_))
        return _pixels(surface)[x - 20 : x + 20, y - 20 : y + 20].copy()

    assert np.array_equal(region(hidden.hex), bare(hidden.hex)), "an unseen enemy was drawn"
    assert not np.array_equal(region(known.hex), bare(known.hex)), "a known contact is missing"


def test_click_a_unit_click_a_hex_end_the_turn_and_it_moved():
    session = GameSession.start(TUTORIAL, seed=2)
    window, _ = _window(session)
    window.camera.zoom = 40
    window.camera.centre_on_hex((11, 9))
    window.draw()
    _click(window, window.camera.hex_to_screen(9, 9))
    assert window.controller.selected == "b-mech-1"
    target = window.camera.hex_to_screen(13, 9)
    window.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=target, rel=(0, 0), buttons=(0, 0, 0)))
    assert window.controller.preview is not None and window.controller.preview.path[-1] == (13, 9)
    window.draw()  # with the path preview
    _click(window, target)
    assert "accepted" in window.controller.message
    _key(window, pygame.K_RETURN)
    assert session.turn == 1
    assert session.model.unit("b-mech-1").hex != (9, 9)
    _click(window, target, button=3)  # right click: cancel the selection
    assert window.controller.selected is None
    _key(window, pygame.K_F1)
    window.draw()
    assert window.show_help


def test_a_refused_order_shows_the_engines_reason():
    session = GameSession.start(TUTORIAL, seed=2)
    window, _ = _window(session)
    window.controller.select_at((9, 9))
    _key(window, pygame.K_a)
    window.camera.zoom = 40
    window.camera.centre_on_hex((20, 15))
    _click(window, window.camera.hex_to_screen(20, 15))
    assert "attack refused" in window.controller.message
    window.draw()


def test_hot_seat_hides_the_map_until_the_next_player_is_ready():
    session = GameSession.start(TUTORIAL, seed=2, human_sides=("blue", "red"))
    window, surface = _window(session, hotseat=True)
    window.draw()
    assert window.handover
    background = np.all(_pixels(surface) == palette.BACKGROUND, axis=2)
    assert background.mean() > 0.95  # a plain screen with a few lines of text: no map
    _key(window, pygame.K_SPACE)
    assert not window.handover and window.controller.side == "blue"
    _key(window, pygame.K_RETURN)  # blue done: red's turn to give orders, not yet played
    assert window.handover and window.controller.side == "red" and session.turn == 0
    _key(window, pygame.K_SPACE)
    _key(window, pygame.K_RETURN)
    assert session.turn == 1 and window.controller.side == "blue"


def test_save_and_load_in_the_window_and_a_corrupt_save_leaves_the_game_as_it_was(tmp_path):
    session = GameSession.start(TUTORIAL, seed=2)
    path = tmp_path / "game.json"
    window, _ = _window(session, save_path=path)
    window.controller.select_at((9, 9))
    window.controller.click((13, 9))
    _key(window, pygame.K_RETURN)
    _key(window, pygame.K_s, pygame.KMOD_CTRL)
    assert path.exists() and "Saved" in window.controller.message
    _key(window, pygame.K_RETURN)
    assert session.turn == 2
    _key(window, pygame.K_o, pygame.KMOD_CTRL)
    assert window.session.turn == 1 and window.session is not session
    reference = GameSession.start(TUTORIAL, seed=2)
    reference.submit("blue", session.actions[0].order)
    reference.end_turn()
    assert events_digest(window.session.model) == events_digest(reference.model)

    path.write_text(path.read_text()[:100])
    before = window.session
    _key(window, pygame.K_o, pygame.KMOD_CTRL)
    assert "load refused" in window.controller.message and "game.json" in window.controller.message
    assert window.session is before
    window.draw()


def test_a_replay_window_steps_through_the_recorded_turns(tmp_path):
    session = GameSession.start(TUTORIAL, seed=5)
    for _ in range(4):
        session.end_turn()
    path = tmp_path / "game.json"
    save_game(session, path)
    replay = Replay(path)
    window, _ = _window(replay.session, replay=replay)
    window.draw()
    for _ in range(3):
        _key(window, pygame.K_RIGHT)
    assert window.session.turn == 3
    _key(window, pygame.K_LEFT)
    assert window.session.turn == 2
    _key(window, pygame.K_END)
    assert events_digest(window.session.model) == events_digest(session.model)
    _key(window, pygame.K_v)
    assert window.viewer == "blue"
    window.draw()
    _key(window, pygame.K_RETURN)  # a replay takes no orders
    assert window.session.turn == 4


def test_play_and_replay_commands_refuse_bad_input(tmp_path, capsys):
    assert main(["play", str(TUTORIAL), "--side", "green"]) == 2
    assert "--side green" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    assert main(["replay", str(bad)]) == 2
    assert "bad.json" in capsys.readouterr().err
    assert main(["play", "--load", str(TUTORIAL)]) == 2
    assert "not a saved game" in capsys.readouterr().err


def test_the_panel_tells_what_is_known_of_a_contact_under_the_cursor():
    from sim.render.panels import mark_lines

    session = GameSession.start(HISTORICAL, seed=1)
    contact = next(m for m in session.view("azerbaijan").marks if m.side == "ada")
    lines = mark_lines(session.view("azerbaijan").at(contact.hex), "azerbaijan")
    assert any(line.startswith("Contact: ") and "seen" in line and "confidence" in line
               for line in lines)  # fmt: skip
    window, _ = _window(session)
    window.camera.zoom = 40
    window.camera.centre_on_hex(contact.hex)
    pos = window.camera.hex_to_screen(*contact.hex)
    window.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    assert window.hover_hex == contact.hex
    window.draw()


def test_instructor_keys_reveal_pause_block_and_end_and_students_do_not_have_them():
    from sim.events import InstructorAction

    session = GameSession.start(TUTORIAL, seed=2)
    student, _ = _window(session)
    _key(student, pygame.K_F5)
    _key(student, pygame.K_F6)
    assert session.model.events.of_kind(InstructorAction) == [] and not session.paused

    window, _ = _window(session, instructor=True)
    assert window.viewer == "blue"
    _key(window, pygame.K_F5)
    assert window.viewer is None  # the referee's truth
    _key(window, pygame.K_F5)
    assert window.viewer == "red"
    _key(window, pygame.K_F5)
    assert window.viewer == "blue"
    _key(window, pygame.K_F6)
    _key(window, pygame.K_RETURN)
    assert session.paused and session.turn == 0 and "paused" in window.controller.message
    _key(window, pygame.K_F6)
    window.hover_hex = (15, 10)
    _key(window, pygame.K_F7)
    _key(window, pygame.K_RETURN)
    assert session.turn == 1 and session.model.state.closures.closes(
        "blue", session.model.terrain.index((15, 10))
    )
    _key(window, pygame.K_F8)
    assert session.finished
    actions = [e.action for e in session.model.events.of_kind(InstructorAction)]
    assert actions == ["reveal", "reveal", "reveal", "pause", "resume", "inject", "inject"]
    _key(window, pygame.K_F1)
    window.draw()


def test_clicking_an_event_in_the_log_says_why_it_happened():
    session = GameSession.start(TUTORIAL.with_name("tutorial_drones_and_air_defence.yaml"), seed=3)
    for _ in range(3):
        session.end_turn()
    window, _ = _window(session)
    window.draw()
    row, event = window.log.rows[0]
    _click(window, row.center)
    assert window.explanation and event.describe() in window.explanation[0]
    window.draw()
    _click(window, window.camera.hex_to_screen(5, 5))
    assert window.explanation == []


def test_the_instructor_switches_a_what_if_from_the_list():
    session = GameSession.start(HISTORICAL, seed=1)
    window, _ = _window(session, instructor=True)
    _key(window, pygame.K_F9)
    assert window.show_what_ifs
    window.draw()
    _key(window, pygame.K_1)  # the first what-if of the 2020 scenario: no_tb2
    assert session.model.scenario.spec.what_ifs["no_tb2"].active
    assert "what-if no_tb2 on" in window.controller.message
    _key(window, pygame.K_2)  # modern_ada_air_defence changes units: refused, with the reason
    assert "cannot change once the game has started" in window.controller.message
    _key(window, pygame.K_ESCAPE)
    assert not window.show_what_ifs


def test_a_game_opens_on_its_briefing_which_any_key_or_click_closes():
    session = GameSession.start(HISTORICAL, seed=1)
    window = GameWindow(session, surface=pygame.Surface(SIZE), instructor=True)
    assert window.briefing_first == 0
    blocks = window.briefing_blocks()
    assert [b[0] for b in blocks] == [
        session.model.scenario.spec.title,
        "For Azerbaijan Army",
        "Instructor's notes",
    ]
    window.draw()
    _key(window, pygame.K_PAGEDOWN)
    assert window.briefing_first == 20
    _key(window, pygame.K_RETURN)  # closes the briefing; does not end the turn
    assert window.briefing_first is None and session.turn == 0
    _key(window, pygame.K_F2)
    assert window.briefing_first == 0
    _click(window, (400, 400))
    assert window.briefing_first is None


def test_a_tutorials_briefing_says_what_it_teaches_and_the_teacher_sees_the_questions():
    session = GameSession.start(TUTORIAL.with_name("tutorial_emcon.yaml"), seed=1)
    student = GameWindow(session, surface=pygame.Surface(SIZE))
    teacher = GameWindow(session, surface=pygame.Surface(SIZE), instructor=True)
    student_blocks = [b[0] for b in student.briefing_blocks()]
    teacher_blocks = [b[0] for b in teacher.briefing_blocks()]
    assert "What this scenario teaches" in student_blocks
    assert "Debrief questions" not in student_blocks and "Debrief questions" in teacher_blocks
    teacher.draw()


def test_the_instructor_sends_reinforcements_like_the_selected_unit():
    session = GameSession.start(TUTORIAL, seed=2)
    window, _ = _window(session, instructor=True)
    _key(window, pygame.K_F10)
    assert "select a unit" in window.controller.message
    window.controller.select_at((9, 9))
    window.hover_hex = (2, 10)
    _key(window, pygame.K_F10)
    assert "reinforcements event" in window.controller.message, window.controller.message
    _key(window, pygame.K_RETURN)
    arrived = session.model.unit("b-mech-1-r1")
    assert arrived is not None and arrived.hex == (2, 10) and arrived.type_id == "mech_battalion"
