"""The game window: the map, the panels, the player's input, the turn's flow, save and load.

It draws what the model holds, as the side at the controls may see it, and changes the game
only through the controller's orders and the session's end of turn. In a hot-seat game each
human side gives its orders in turn behind a handover screen, then the turn is played; against
the AI, the AI's orders are given when the turn is played. A replay shows a recorded game turn
by turn and takes no orders.
"""

from __future__ import annotations

from pathlib import Path

import pygame

from sim.errors import InputError
from sim.events import InstructorAction
from sim.game.event_view import events_for
from sim.game.explain import explain
from sim.game.instructor import taken_unit_ids
from sim.game.replay import Replay
from sim.game.savefile import load_game, save_game
from sim.game.session import GameSession
from sim.render import palette
from sim.render.camera import Camera
from sim.render.controller import Controller
from sim.render.display import init_pygame
from sim.render.event_log import EventLogPanel
from sim.render.keys import action_for, replay_action_for
from sim.render.layout import Layout, layout_for
from sim.render.map_layer import MapLayer
from sim.render.minimap import MiniMap
from sim.render.overlays import (
    briefing_lines,
    draw_briefing,
    draw_game_over,
    draw_handover,
    draw_help,
    draw_what_ifs,
)
from sim.render.panels import draw_message, draw_top_bar, draw_unit_panel, mark_lines
from sim.render.units_layer import UnitsLayer
from sim.scenario.scenario import Scenario

PAN_STEP_PX = 80
ZOOM_STEP = 1.25
FPS = 60


class GameWindow:
    """One game (or replay) in a pygame window; ``surface`` draws off screen instead (tests)."""

    def __init__(
        self,
        session: GameSession,
        *,
        hotseat: bool = False,
        save_path: Path | None = None,
        replay: Replay | None = None,
        instructor: bool = False,
        size: tuple[int, int] = (1280, 800),
        surface: pygame.Surface | None = None,
    ):
        init_pygame()
        if surface is None:
            pygame.display.set_caption(f"Wargame: {session.model.scenario.spec.title}")
            surface = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.screen = surface
        self.replay = replay
        self.hotseat = hotseat and len(session.human_sides) > 1
        self.save_path = save_path or Path(f"{session.scenario_path.stem}.save.json")
        self.log = EventLogPanel()
        self.show_help = False
        self.running = True
        self._drag: tuple[int, int] | None = None
        self._dragged = False
        self._viewer_index = 0
        self.hover_hex: tuple[int, int] | None = None
        self.instructor = instructor
        """The teacher's screen: instructor keys (F5-F8) are on."""
        self.reveal_all = False
        """Draw the referee's truth instead of the side's picture (instructor view)."""
        self.instructor_view: str | None = None
        """The side whose picture the instructor chose to show (with reveal_all off)."""
        self.show_what_ifs = False
        self.briefing_first: int | None = 0 if replay is None else None
        """The first line of the briefing shown, or None when it is closed (it opens when a game
        starts, so that players read the situation before the map)."""
        self.explanation: list[str] = []
        """Why the event last clicked in the log happened (shown in the side panel)."""
        self._bind(session)

    # --- the game shown ----------------------------------------------------------------------

    def _bind(self, session: GameSession) -> None:
        """Show ``session`` (a new one after a load, or the replay's turn)."""
        # The same scenario file keeps its map (and the view on it): a replay's turns are
        # copies of one game, and a loaded save is usually the game being played.
        previous = getattr(self, "session", None)
        same_map = previous is not None and _same_map(
            previous.model.scenario, session.model.scenario
        )
        self.session = session
        sides = list(session.human_sides) or [
            s for s in session.model.state.sides.ids if s not in session.model.state.sides.neutral
        ]
        self.turn_order = sides
        self.active = 0
        self.handover = self.hotseat
        self.controller = Controller(session, sides[0])
        model = session.model
        self.layout: Layout = layout_for(
            self.screen.get_size(), model.terrain.cols, model.terrain.rows
        )
        if not same_map:
            self.map = MapLayer(model.scenario, model.terrain)
            self.camera = Camera(self.layout.map, model.terrain.cols, model.terrain.rows)
            self.minimap = MiniMap(self.map, self.layout.minimap)
        self.units = UnitsLayer(model)

    @property
    def viewer(self) -> str | None:
        """Whose picture is drawn: the side at the controls, or in a replay the chosen one
        (``None``: the referee's truth)."""
        if self.replay is not None:
            choices = [None, *self.turn_order]
            return choices[self._viewer_index % len(choices)]
        if self.reveal_all:
            return None
        return self.instructor_view or self.controller.side

    # --- the loop ------------------------------------------------------------------------------

    def run(self) -> None:
        clock = pygame.time.Clock()
        while self.running:
            for event in pygame.event.get():
                self.handle(event)
            self.draw()
            pygame.display.flip()
            clock.tick(FPS)

    def handle(self, event: pygame.event.Event) -> None:
        """One input event: keys, mouse, window."""
        if event.type == pygame.QUIT:
            self.running = False
        elif event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            self._resize()
        elif self.handover:
            if event.type == pygame.MOUSEBUTTONUP or (
                event.type == pygame.KEYDOWN and event.key in (pygame.K_SPACE, pygame.K_RETURN)
            ):
                self.handover = False
        elif event.type == pygame.KEYDOWN:
            self._key(event.key, event.mod)
        elif event.type == pygame.MOUSEWHEEL and self.briefing_first is not None:
            self.briefing_first = max(0, self.briefing_first - 3 * event.y)
        elif event.type == pygame.MOUSEBUTTONUP and self.briefing_first is not None:
            self.briefing_first = None
        elif event.type == pygame.MOUSEWHEEL:
            if self.layout.map.collidepoint(pygame.mouse.get_pos()):
                self.camera.zoom_at(
                    ZOOM_STEP if event.y > 0 else 1 / ZOOM_STEP, pygame.mouse.get_pos()
                )
            elif self.layout.log.collidepoint(pygame.mouse.get_pos()):
                self.log.scroll_by(-3 * event.y)
        elif event.type == pygame.MOUSEBUTTONDOWN:
            self._press(event.button, event.pos)
        elif event.type == pygame.MOUSEBUTTONUP:
            self._release(event.button, event.pos)
        elif event.type == pygame.MOUSEMOTION:
            self._motion(event.pos)

    def _resize(self) -> None:
        model = self.session.model
        self.layout = layout_for(self.screen.get_size(), model.terrain.cols, model.terrain.rows)
        self.camera.resize(self.layout.map)
        self.minimap = MiniMap(self.map, self.layout.minimap)

    # --- keys ------------------------------------------------------------------------------------

    def _key(self, key: int, mods: int) -> None:
        if self.show_help and key in (pygame.K_ESCAPE, pygame.K_F1, pygame.K_SLASH):
            self.show_help = False
            return
        if self.show_what_ifs:
            self._what_if_key(key)
            return
        if self.briefing_first is not None:
            self._briefing_key(key)
            return
        if self.replay is not None and (step := replay_action_for(key)) is not None:
            self._replay_step(step)
            return
        action = action_for(key, mods, self.instructor)
        if action is None:
            if self.replay is not None and key == pygame.K_v:
                self._viewer_index += 1
            return
        self._act(action)

    def _act(self, action: str) -> None:
        c = self.controller
        views = {
            "zoom_in": lambda: self.camera.zoom_at(ZOOM_STEP, self.layout.map.center),
            "zoom_out": lambda: self.camera.zoom_at(1 / ZOOM_STEP, self.layout.map.center),
            "pan_left": lambda: self.camera.pan_pixels(-PAN_STEP_PX, 0),
            "pan_right": lambda: self.camera.pan_pixels(PAN_STEP_PX, 0),
            "pan_up": lambda: self.camera.pan_pixels(0, -PAN_STEP_PX),
            "pan_down": lambda: self.camera.pan_pixels(0, PAN_STEP_PX),
            "fit": self.camera.fit,
            "log_filter": self.log.next_filter,
            "help": lambda: setattr(self, "show_help", not self.show_help),
            "briefing": lambda: setattr(self, "briefing_first", 0),
            "quit": lambda: setattr(self, "running", False),
        }
        orders = {
            "end_turn": self.end_turn,
            "next_unit": c.select_next,
            "attack": c.start_attack,
            "dig_in": c.dig_in,
            "defend": c.defend,
            "emcon": c.toggle_emcon,
            "sortie": c.start_sortie,
            "sortie_base": lambda: c.cycle_sortie("base"),
            "sortie_aircraft": lambda: c.cycle_sortie("aircraft"),
            "sortie_mission": lambda: c.cycle_sortie("mission"),
            "sortie_altitude": lambda: c.cycle_sortie("altitude"),
            "sortie_more": lambda: c.change_sortie_count(+1),
            "sortie_fewer": lambda: c.change_sortie_count(-1),
            "cancel": c.cancel,
            "save": self.save,
            "load": self.load,
        }
        teacher = {
            "instructor_view": self._instructor_view,
            "instructor_pause": self._instructor_pause,
            "instructor_roadblock": self._instructor_roadblock,
            "instructor_what_ifs": lambda: setattr(self, "show_what_ifs", True),
            "instructor_reinforce": self._instructor_reinforce,
            "instructor_ceasefire": lambda: self._instruct(
                {"type": "inject", "event": {"kind": "end", "text": "Ceasefire (instructor)"}}
            ),
        }
        if action in views:
            views[action]()
        elif action in teacher and self.replay is None:
            teacher[action]()
        elif action in orders and self.replay is None:
            orders[action]()

    # --- mouse -----------------------------------------------------------------------------------

    def _press(self, button: int, pos: tuple[int, int]) -> None:
        if button in (2, 3) and self.layout.map.collidepoint(pos):
            self._drag, self._dragged = pos, False

    def _motion(self, pos: tuple[int, int]) -> None:
        if self._drag is not None:
            dx, dy = pos[0] - self._drag[0], pos[1] - self._drag[1]
            if abs(dx) + abs(dy) > 2:
                self.camera.pan_pixels(-dx, -dy)
                self._drag, self._dragged = pos, True
        elif self.layout.map.collidepoint(pos):
            self.hover_hex = self.camera.hex_at(*pos)
            if self.replay is None:
                self.controller.hover(self.hover_hex)

    def _release(self, button: int, pos: tuple[int, int]) -> None:
        dragged, self._drag = self._dragged, None
        if button in (2, 3):
            if button == 3 and not dragged:
                self.controller.cancel()
            return
        if button != 1:
            return
        if self.minimap.rect.collidepoint(pos):
            self.camera.centre = self.minimap.world_at(pos)
        elif self.layout.log.collidepoint(pos):
            event = self.log.event_at(pos)
            if event is not None:
                self.explanation = explain(event, events_for(self.session.model, self.viewer))
                if event.hex is not None:
                    self.camera.centre_on_hex(event.hex)
        elif self.layout.map.collidepoint(pos) and self.replay is None:
            hex_ = self.camera.hex_at(*pos)
            self.explanation = []
            if hex_ is not None:
                shift = bool(pygame.key.get_mods() & pygame.KMOD_SHIFT)
                self.controller.click(hex_, move_onto_friends=shift)

    # --- the turn --------------------------------------------------------------------------------

    def end_turn(self) -> None:
        """The side at the controls is done: the next human side's orders, or play the turn."""
        if self.session.finished:
            self.controller.message = "The game is over."
            return
        if self.session.paused:
            self.controller.message = "The instructor has paused the game."
            return
        if self.active + 1 < len(self.turn_order):
            self.active += 1
        else:
            self.session.end_turn()
            self.active = 0
        selected = self.controller.selected
        self.controller = Controller(self.session, self.turn_order[self.active])
        self.handover = self.hotseat
        if not self.hotseat:
            unit = self.session.model.unit(selected) if selected else None
            if unit is not None:  # the same player goes on with the same unit
                self.controller.selected, self.controller.mode = selected, "move"
            self.controller.message = f"Turn {self.session.turn} played."

    # --- the instructor ---------------------------------------------------------------------------

    def _instruct(self, action: dict) -> None:
        verdict = self.session.instruct(action)
        note = (
            self.session.model.events.of_kind(InstructorAction)[-1].note if verdict.accepted else ""
        )
        self.controller.message = (
            f"instructor: {note}" if verdict.accepted else f"instructor refused: {verdict.reason}"
        )

    def _instructor_view(self) -> None:
        """Cycle: the side at the controls, the referee's truth, then each other side's picture."""
        model, own = self.session.model, self.controller.side
        others = [
            s for s in model.state.sides.ids if s not in model.state.sides.neutral and s != own
        ]
        views: list[str | None] = [own, None, *others]
        current = None if self.reveal_all else self.instructor_view or own
        following = views[(views.index(current) + 1) % len(views)] if current in views else own
        self.reveal_all = following is None
        self.instructor_view = None if following == own else following
        self._instruct({"type": "reveal", "view": following})

    def _what_ifs(self) -> list[tuple[str, bool, str]]:
        spec = self.session.model.scenario.spec
        return [
            (name, w.active, " ".join(w.description.split())) for name, w in spec.what_ifs.items()
        ]

    def _what_if_key(self, key: int) -> None:
        """In the what-if list: a digit switches that what-if; F9 or Esc closes the list."""
        if key in (pygame.K_ESCAPE, pygame.K_F9):
            self.show_what_ifs = False
            return
        number = key - pygame.K_1
        what_ifs = self._what_ifs()
        if 0 <= number < min(9, len(what_ifs)):
            name, active, _ = what_ifs[number]
            self._instruct({"type": "what_if", "name": name, "active": not active})

    def briefing_blocks(self) -> list[tuple[str, str]]:
        """(heading, text) of what the briefing screen shows this viewer."""
        spec = self.session.model.scenario.spec
        blocks = [(spec.title, spec.briefing)]
        if spec.learning_objectives:
            objectives = "\n\n".join(f"- {item}" for item in spec.learning_objectives)
            blocks.append(("What this scenario teaches", objectives))
        for side in dict.fromkeys([self.controller.side, *self.session.human_sides]):
            if side in spec.side_briefings:
                blocks.append((f"For {spec.sides[side].name}", spec.side_briefings[side]))
        if self.instructor and spec.instructor_notes:
            blocks.append(("Instructor's notes", spec.instructor_notes))
        if self.instructor and spec.debrief_questions:
            questions = "\n\n".join(f"- {item}" for item in spec.debrief_questions)
            blocks.append(("Debrief questions", questions))
        return blocks

    def _briefing_key(self, key: int) -> None:
        assert self.briefing_first is not None
        if key in (pygame.K_ESCAPE, pygame.K_SPACE, pygame.K_F2, pygame.K_RETURN):
            self.briefing_first = None
        elif key in (pygame.K_DOWN, pygame.K_PAGEDOWN):
            self.briefing_first += 1 if key == pygame.K_DOWN else 20
        elif key in (pygame.K_UP, pygame.K_PAGEUP):
            self.briefing_first = max(0, self.briefing_first - (1 if key == pygame.K_UP else 20))

    def _instructor_reinforce(self) -> None:
        """A unit of the selected unit's type and side enters at the hex under the cursor."""
        unit = (
            self.session.model.unit(self.controller.selected) if self.controller.selected else None
        )
        if unit is None or self.hover_hex is None:
            self.controller.message = (
                "instructor: select a unit, then point at where its like enters"
            )
            return
        taken = taken_unit_ids(self.session.model)
        serial = next(n for n in range(1, 10_000) if f"{unit.uid}-r{n}" not in taken)
        spec = {
            "id": f"{unit.uid}-r{serial}",
            "name": f"{unit.name} (reinforcement {serial})",
            "side": unit.side,
            "type": unit.type_id,
            "at": list(self.hover_hex),
            "source": "DESIGN",
        }
        event = {"kind": "reinforcements", "units": [spec], "text": f"{spec['name']} arrives."}
        self._instruct({"type": "inject", "event": event})

    def _instructor_pause(self) -> None:
        self._instruct({"type": "resume" if self.session.paused else "pause"})

    def _instructor_roadblock(self) -> None:
        if self.hover_hex is None:
            self.controller.message = "instructor: point at the hex to block first"
            return
        col, row = self.hover_hex
        block = {
            "kind": "block",
            "name": f"Roadblock at [{col}, {row}]",
            "hexes": [[col, row]],
            "duration_h": 24,
            "text": f"A roadblock closes [{col}, {row}] for a day.",
        }
        self._instruct({"type": "inject", "event": block})

    def save(self) -> None:
        save_game(self.session, self.save_path)
        self.controller.message = f"Saved to {self.save_path}"

    def load(self) -> None:
        """Load the save file; a bad one leaves the game being played as it was."""
        try:
            loaded = load_game(self.save_path)
        except InputError as exc:
            self.controller.message = f"load refused: {exc.problems[0]}"
            return
        self._bind(loaded)
        self.controller.message = f"Loaded {self.save_path} (turn {loaded.turn + 1})"

    def _replay_step(self, step: str) -> None:
        assert self.replay is not None
        targets = {
            "replay_back": self.replay.turn - 1,
            "replay_forward": self.replay.turn + 1,
            "replay_start": 0,
            "replay_end": self.replay.last_turn,
        }
        index = self._viewer_index
        self._bind(self.replay.goto(targets[step]))
        self._viewer_index = index

    # --- drawing ---------------------------------------------------------------------------------

    def draw(self) -> None:
        screen, layout, model = self.screen, self.layout, self.session.model
        if self.handover:
            side = model.scenario.spec.sides[self.controller.side].name
            draw_handover(screen, side, model.turn + 1)
            return
        screen.fill(palette.BACKGROUND)
        screen.set_clip(layout.map)
        self.map.draw(screen, self.camera)
        viewer = self.viewer
        view = self.session.view(viewer)
        self.units.draw_selection(screen, self.camera, self.controller.selected)
        self.units.friend = None if self.replay is not None else self.controller.side
        self.units.draw(screen, self.camera, view, viewer, self.controller.selected)
        unit = model.unit(self.controller.selected) if self.controller.selected else None
        if unit is not None:
            self.units.draw_preview(screen, self.camera, unit.hex, self.controller.preview)
        if model.outcome is not None:
            winner = model.outcome.winner or "draw"
            name = (
                model.scenario.spec.sides[winner].name
                if winner in model.scenario.spec.sides
                else winner
            )
            draw_game_over(screen, layout.map, name, model.outcome.reason)
        self.minimap.draw(screen, self.camera)
        draw_message(screen, layout.message, self.controller.message)
        screen.set_clip(None)
        draw_top_bar(screen, layout.top_bar, model, self._who(), self._mode())
        here = view.at(self.hover_hex) if self.hover_hex is not None else []
        draw_unit_panel(
            screen, layout.unit_panel, self.controller, mark_lines(here, viewer), self.explanation
        )
        self.log.draw(screen, layout.log, events_for(model, viewer))
        if self.show_what_ifs:
            draw_what_ifs(screen, self._what_ifs())
        if self.briefing_first is not None:
            lines = briefing_lines(screen, self.briefing_blocks())
            self.briefing_first = min(self.briefing_first, max(0, len(lines) - 5))
            draw_briefing(screen, lines, self.briefing_first)
        if self.show_help:
            draw_help(screen, replay=self.replay is not None, instructor=self.instructor)

    def _who(self) -> str:
        sides = self.session.model.scenario.spec.sides
        if self.replay is not None:
            viewer = self.viewer
            shown = "referee (all)" if viewer is None else sides[viewer].name
            return f"Replay, turn {self.replay.turn} of {self.replay.last_turn}; view: {shown} (V)"
        who = f"Orders: {sides[self.controller.side].name}"
        if self.instructor:
            shown = "referee (all)" if self.viewer is None else sides[self.viewer].name
            who += f"; view: {shown}" + (" PAUSED" if self.session.paused else "")
        return who

    def _mode(self) -> str:
        if self.replay is not None:
            return "Left/Right: turns"
        return {"select": "", "move": "click to move", "attack": "ATTACK", "sortie": "SORTIE"}[
            self.controller.mode
        ]


def _same_map(a: Scenario, b: Scenario) -> bool:
    return a is b or (a.path == b.path and a.spec.map == b.spec.map)
