"""The panels around the map: the top bar (turn, date, time of day, who gives orders), the
selected unit, and the message line. They read the model; they change nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from sim.render import palette
from sim.render.display import font

if TYPE_CHECKING:
    from sim.model import WargameModel
    from sim.render.controller import Controller
    from sim.views import Mark

LINE_PX = 20


def text(
    surface: pygame.Surface,
    words: str,
    pos: tuple[int, int],
    size: int = 18,
    colour: palette.RGB = palette.TEXT,
    bold: bool = False,
) -> pygame.Rect:
    """Draw one line of text; return where it went."""
    image = font(size, bold).render(words, True, colour)
    return surface.blit(image, pos)


def fit_text(words: str, width: int, size: int = 18) -> str:
    """``words`` cut with an ellipsis to fit ``width`` pixels."""
    face = font(size)
    if face.size(words)[0] <= width:
        return words
    while words and face.size(words + "...")[0] > width:
        words = words[:-1]
    return words + "..."


def panel(surface: pygame.Surface, rect: pygame.Rect, title: str) -> int:
    """A panel's background and title; returns the y of its first line of content."""
    pygame.draw.rect(surface, palette.PANEL, rect)
    pygame.draw.rect(surface, palette.PANEL_BORDER, rect, 1)
    text(surface, title, (rect.left + 8, rect.top + 6), 20, palette.HIGHLIGHT, bold=True)
    return rect.top + 30


def time_of_day(model: WargameModel) -> str:
    """The turn's time span and whether it is day or night (EO sensors see less at night)."""
    scenario = model.scenario
    turn = model.turn + 1
    start = scenario.turn_start(turn)
    end = start + scenario.turn_length
    span = f"{start:%a %d %b %Y %H:%M}-{end:%H:%M}"
    daylight = scenario.daylight_at(start + scenario.turn_length / 2)
    if daylight is None:
        return span
    return f"{span} ({'day' if daylight else 'night'})"


def draw_top_bar(
    surface: pygame.Surface, rect: pygame.Rect, model: WargameModel, who: str, extra: str = ""
) -> None:
    """Scenario, turn, date and time of day, who is giving orders."""
    pygame.draw.rect(surface, palette.PANEL, rect)
    spec = model.scenario.spec
    turn = min(model.turn + 1, spec.turns)
    status = "game over" if model.outcome is not None else f"turn {turn} of {spec.turns}"
    left = f"{spec.title}  |  {status}  |  {time_of_day(model)}"
    right = f"{who}   {extra}   F1 help"
    width = font(18).size(right)[0]
    text(surface, right, (rect.right - width - 10, rect.top + 7), 18, palette.TEXT_DIM)
    text(surface, fit_text(left, rect.width - width - 30), (rect.left + 10, rect.top + 7), 18)


def unit_lines(model: WargameModel, side: str, uid: str | None) -> list[str]:
    """What the unit panel says about this side's selected unit."""
    unit = model.unit(uid) if uid else None
    if unit is None or unit.side != side:
        return ["No unit selected.", "", "Click one of your units,", "or press Tab."]
    kinds = ", ".join(
        f"{n} {model.state.catalog.equipment[k].name}"
        for k, n in sorted(unit.equipment.items())
        if n
    )
    order = unit.order.kind if unit.order is not None else unit.posture.replace("_", " ")
    lines = [
        unit.name,
        f"{model.state.catalog.unit_types[unit.type_id].name}",
        f"Strength: {unit.personnel} of {unit.entered.personnel} personnel "
        f"({unit.personnel / max(1, unit.entered.personnel):.0%})",
        f"Readiness {unit.readiness:.0%}  Morale {unit.morale:.0%}  Supply {unit.supply:.0%}",
        f"{'In supply' if unit.in_supply else 'OUT OF SUPPLY'}; status {unit.status}",
        f"Order: {order}; entrenched {unit.entrenchment:.0%}",
    ]
    if model.state.systems.emitter(unit):
        lines.append(f"Radars/jammers: {'EMITTING' if unit.emitting else 'silent'} (E)")
    launchers = model.state.systems.launchers(unit)
    if launchers:
        reach = max(item.spec.max_range_km for item in launchers)
        lines.append(f"SAM reach {reach:g} km; {sum(item.count for item in launchers)} launchers")
    lines.append(f"Equipment: {kinds}" if kinds else "Equipment: none left")
    return lines


def sortie_lines(controller: Controller) -> list[str]:
    plan = controller.sortie
    if plan is None:
        return []
    base = controller.session.model.state.air.bases[plan.base]
    ready = base.ready.get(plan.aircraft, 0)
    height = "engine's choice" if plan.altitude_m is None else f"{plan.altitude_m:g} m"
    return [
        f"Sortie from {base.name} (B)",
        f"Aircraft: {plan.aircraft} x {plan.count} of {ready} ready (T, +/-)",
        f"Mission: {plan.mission.upper()} (I)   Altitude: {height} (H)",
        "Click the target area on the map; Esc cancels.",
    ]


def mark_lines(marks: list[Mark], viewer: str | None) -> list[str]:
    """What the viewer knows of what is at the hex under the cursor: its own units by name,
    contacts with what they were identified as, how long ago they were seen, how sure."""
    lines = []
    for mark in marks:
        if mark.own or viewer is None:
            lines.append(f"{mark.label} ({mark.side})")
        else:
            what = mark.type_id or f"unidentified {mark.kind} contact"
            lines.append(
                f"Contact: {what}, seen {mark.age_h:.0f} h ago, confidence {mark.confidence:.0%}"
            )
    return lines


def draw_unit_panel(
    surface: pygame.Surface,
    rect: pygame.Rect,
    controller: Controller,
    under_cursor: list[str] | None = None,
    explanation: list[str] | None = None,
) -> None:
    """The selected unit (or the sortie being planned), then what is under the cursor; or, after
    a click on the event log, why that event happened."""
    if explanation:
        y = panel(surface, rect, "Why did this happen")
        _lines(surface, rect, y, explanation, first_highlighted=True)
        return
    y = panel(surface, rect, "Selected unit")
    lines = unit_lines(controller.session.model, controller.side, controller.selected)
    lines += ["", *sortie_lines(controller)] if controller.sortie else []
    if under_cursor:
        lines += ["", "Under the cursor:", *under_cursor]
    _lines(surface, rect, y, lines, first_highlighted=True)


def _lines(surface: pygame.Surface, rect: pygame.Rect, y: int, lines: list[str],
           first_highlighted: bool) -> None:  # fmt: skip
    """Lines wrapped to the panel's width, as many as fit."""
    for i, line in enumerate(lines):
        colour = palette.HIGHLIGHT if i == 0 and first_highlighted else palette.TEXT
        for part in wrap(line, rect.width - 16, 17):
            if y + LINE_PX > rect.bottom - 4:
                return
            text(surface, part, (rect.left + 8, y), 17, colour)
            y += LINE_PX - 2


def draw_message(surface: pygame.Surface, rect: pygame.Rect, message: str) -> None:
    if not message:
        return
    shade = pygame.Surface(rect.size, pygame.SRCALPHA)
    shade.fill((20, 22, 26, 200))
    surface.blit(shade, rect.topleft)
    refused = "refused" in message
    colour = (255, 150, 130) if refused else palette.TEXT
    text(surface, fit_text(message, rect.width - 16, 18), (rect.left + 8, rect.top + 4), 18, colour)


def wrap(line: str, width: int, size: int) -> list[str]:
    """``line`` broken into lines that fit ``width`` pixels."""
    face, words, lines, current = font(size), line.split(" "), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if face.size(candidate)[0] <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    return [*lines, current]
