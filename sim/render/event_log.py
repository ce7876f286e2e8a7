"""The event log panel: what the viewing side may read of the log, newest first, with filters;
a click on a line tells the window where that event happened, to centre the map on it."""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from sim.events import Event
from sim.render import palette
from sim.render.panels import fit_text, panel, text
from sim.terrain.geometry import Hex

FILTERS: dict[str, frozenset[str] | None] = {
    "all": None,
    "combat": frozenset(
        {"combat", "unit_retreated", "unit_held", "unit_rallied", "unit_advanced",
         "unit_eliminated", "strike", "interception"}
    ),
    "air": frozenset(
        {"sortie", "landed", "detection", "engagement", "shot", "kill", "drone_lost", "jammed",
         "strike", "interception", "emcon"}
    ),
    "orders": frozenset({"order_rejected", "unit_moved", "move_blocked", "emcon"}),
    "news": frozenset(
        {"game_started", "game_ended", "scripted", "objective_captured", "supply_changed"}
    ),
}  # fmt: skip
"""Event kinds shown under each filter (the kinds are those of sim/events.py)."""

ROW_PX = 18


class EventLogPanel:
    """The list of events and the filter; remembers where each line was drawn for clicks."""

    def __init__(self) -> None:
        self.filter = "all"
        self.scroll = 0
        self.rows: list[tuple[pygame.Rect, Event]] = []
        """Each line drawn last, with its event: what a click lands on."""

    def next_filter(self) -> None:
        names = list(FILTERS)
        self.filter = names[(names.index(self.filter) + 1) % len(names)]
        self.scroll = 0

    def shown(self, events: Sequence[Event]) -> list[Event]:
        kinds = FILTERS[self.filter]
        chosen = [e for e in events if kinds is None or e.kind in kinds]
        return chosen[::-1]

    def scroll_by(self, rows: int) -> None:
        self.scroll = max(0, self.scroll + rows)

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, events: Sequence[Event]) -> None:
        y = panel(surface, rect, f"Event log ({self.filter}, L to change)")
        shown = self.shown(events)
        self.scroll = min(self.scroll, max(0, len(shown) - 1))
        self.rows = []
        turn = None
        for event in shown[self.scroll :]:
            if y + ROW_PX > rect.bottom - 4:
                break
            if event.turn != turn:
                turn = event.turn
                text(surface, f"turn {turn}", (rect.left + 8, y), 16, palette.TEXT_DIM)
                y += ROW_PX
                if y + ROW_PX > rect.bottom - 4:
                    break
            line = fit_text(event.describe(), rect.width - 24, 16)
            row = pygame.Rect(rect.left + 4, y, rect.width - 8, ROW_PX)
            colour = palette.TEXT if event.hex is not None else palette.TEXT_DIM
            text(surface, line, (rect.left + 16, y + 1), 16, colour)
            self.rows.append((row, event))
            y += ROW_PX

    def event_at(self, pos: tuple[int, int]) -> Event | None:
        """The event on the line under ``pos``, as last drawn."""
        return next((event for row, event in self.rows if row.collidepoint(pos)), None)

    def hex_at(self, pos: tuple[int, int]) -> Hex | None:
        """Where the clicked event happened, if the click was on one that has a place."""
        event = self.event_at(pos)
        return None if event is None else event.hex
