"""Every key and mouse action of the window, in one table: the event loop reads it to act and
the help overlay reads it to list them, so the two can never disagree."""

from __future__ import annotations

from dataclasses import dataclass

import pygame


@dataclass(frozen=True)
class Binding:
    action: str
    keys: tuple[int, ...]
    label: str
    """How the help overlay writes the keys."""
    help: str
    ctrl: bool = False


BINDINGS: tuple[Binding, ...] = (
    Binding("end_turn", (pygame.K_RETURN, pygame.K_KP_ENTER), "Enter", "end your turn"),
    Binding("next_unit", (pygame.K_TAB,), "Tab", "select the next of your units"),
    Binding("attack", (pygame.K_a,), "A", "attack: then click the enemy hex"),
    Binding("dig_in", (pygame.K_g,), "G", "dig in (entrench where the unit stands)"),
    Binding("defend", (pygame.K_f,), "F", "hold: stop and defend"),
    Binding("emcon", (pygame.K_e,), "E", "radars and jammers of the unit on/off (EMCON)"),
    Binding("sortie", (pygame.K_s,), "S", "plan a sortie from an air base, then click the area"),
    Binding("sortie_base", (pygame.K_b,), "B", "sortie: next air base"),
    Binding("sortie_aircraft", (pygame.K_t,), "T", "sortie: next aircraft type"),
    Binding(
        "sortie_mission", (pygame.K_i,), "I", "sortie: next mission (ISR, strike, SEAD, decoy, CAP)"
    ),
    Binding("sortie_altitude", (pygame.K_h,), "H", "sortie: next altitude"),
    Binding(
        "sortie_more",
        (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS),
        "+",
        "sortie: one more airframe",
    ),
    Binding("sortie_fewer", (pygame.K_MINUS, pygame.K_KP_MINUS), "-", "sortie: one fewer airframe"),
    Binding(
        "cancel", (pygame.K_ESCAPE,), "Esc", "cancel the order being given, then the selection"
    ),
    Binding("zoom_in", (pygame.K_PAGEUP, pygame.K_z), "PgUp / Z", "zoom in"),
    Binding("zoom_out", (pygame.K_PAGEDOWN, pygame.K_x), "PgDn / X", "zoom out"),
    Binding("pan_left", (pygame.K_LEFT,), "Arrows", "pan the map"),
    Binding("pan_right", (pygame.K_RIGHT,), "", ""),
    Binding("pan_up", (pygame.K_UP,), "", ""),
    Binding("pan_down", (pygame.K_DOWN,), "", ""),
    Binding("fit", (pygame.K_HOME,), "Home", "show the whole map"),
    Binding(
        "log_filter", (pygame.K_l,), "L", "event log: next filter (all, combat, air, orders, news)"
    ),
    Binding("save", (pygame.K_s,), "Ctrl+S", "save the game", ctrl=True),
    Binding("load", (pygame.K_o,), "Ctrl+O", "load the saved game", ctrl=True),
    Binding("help", (pygame.K_F1, pygame.K_SLASH), "F1 / ?", "this help"),
    Binding(
        "briefing", (pygame.K_F2,), "F2", "the briefing: the situation, and your side's orders"
    ),
    Binding("quit", (pygame.K_q,), "Ctrl+Q", "quit", ctrl=True),
)

INSTRUCTOR_BINDINGS: tuple[Binding, ...] = (
    Binding("instructor_view", (pygame.K_F5,), "F5", "instructor: whose picture is shown "
            "(the side at the controls, the referee's truth, each side's fog)"),
    Binding("instructor_pause", (pygame.K_F6,), "F6", "instructor: pause / resume the game"),
    Binding("instructor_roadblock", (pygame.K_F7,), "F7",
            "instructor: a roadblock at the hex under the cursor, for a day, next turn"),
    Binding("instructor_ceasefire", (pygame.K_F8,), "F8",
            "instructor: ceasefire now (the game ends)"),
    Binding("instructor_reinforce", (pygame.K_F10,), "F10",
            "instructor: reinforcements like the selected unit, at the hex under the cursor"),
    Binding("instructor_what_ifs", (pygame.K_F9,), "F9",
            "instructor: the scenario's what-ifs; then 1-9 switches one on or off"),
)  # fmt: skip
"""Active with ``wargame play --instructor``: on the teacher's screen, not the students'."""

MOUSE_HELP: tuple[tuple[str, str], ...] = (
    ("Left click", "select your unit; with a unit selected, move it there"),
    ("Shift + left click", "move into a hex held by your own units"),
    ("Right click", "cancel the order being given, then the selection"),
    ("Wheel", "zoom in and out around the cursor"),
    ("Drag (middle or right)", "pan the map"),
    ("Click the mini-map", "centre the map there"),
    ("Click an event", "centre the map on where it happened, and say why it happened"),
)

REPLAY_KEYS: dict[str, tuple[int, ...]] = {
    "replay_back": (pygame.K_LEFT, pygame.K_BACKSPACE, pygame.K_COMMA),
    "replay_forward": (pygame.K_RIGHT, pygame.K_SPACE, pygame.K_PERIOD),
    "replay_start": (pygame.K_HOME,),
    "replay_end": (pygame.K_END,),
}
"""In a replay the arrows step through the turns rather than pan the map."""


def action_for(key: int, mods: int, instructor: bool = False) -> str | None:
    """The action of a key press with its modifiers (Ctrl-combinations first)."""
    ctrl = bool(mods & pygame.KMOD_CTRL)
    for binding in BINDINGS + (INSTRUCTOR_BINDINGS if instructor else ()):
        if key in binding.keys and binding.ctrl == ctrl:
            return binding.action
    return None


REPLAY_HELP: tuple[tuple[str, str], ...] = (
    ("Right / Space / .", "replay: one turn forward"),
    ("Left / Backspace / ,", "replay: one turn back"),
    ("Home / End", "replay: the start / the last turn"),
)


def replay_action_for(key: int) -> str | None:
    return next((action for action, keys in REPLAY_KEYS.items() if key in keys), None)


def help_lines(replay: bool = False, instructor: bool = False) -> list[tuple[str, str]]:
    """(keys, what they do) for the help overlay, keys first, then the mouse."""
    if replay:
        viewing = {"zoom_in", "zoom_out", "fit", "log_filter", "help", "briefing", "quit"}
        keys = [(b.label, b.help) for b in BINDINGS if b.action in viewing]
        return list(REPLAY_HELP) + keys + [m for m in MOUSE_HELP if "select" not in m[1]]
    extra = INSTRUCTOR_BINDINGS if instructor else ()
    return [(b.label, b.help) for b in BINDINGS + extra if b.label] + list(MOUSE_HELP)
