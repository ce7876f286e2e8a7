"""Screens over the map: the help (every key and mouse action), the hot-seat handover that hides
the map between sides, and the end of the game."""

from __future__ import annotations

import pygame

from sim.render import palette
from sim.render.display import font
from sim.render.keys import help_lines
from sim.render.panels import text, wrap


def _veil(surface: pygame.Surface, alpha: int) -> None:
    veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    veil.fill((16, 18, 22, alpha))
    surface.blit(veil, (0, 0))


def draw_help(surface: pygame.Surface, replay: bool = False, instructor: bool = False) -> None:
    """Every key and mouse action, read from the same table the event loop acts on."""
    _veil(surface, 225)
    lines = help_lines(replay, instructor)
    width, height = surface.get_size()
    x, y = 40, 30
    text(surface, "Keys and mouse (F1 or Esc closes)", (x, y), 26, palette.HIGHLIGHT, bold=True)
    y += 40
    column = max(font(18).size(keys)[0] for keys, _ in lines) + 24
    for keys, what in lines:
        if y > height - 30:
            x, y = width // 2 + 20, 70
        text(surface, keys, (x, y), 18, palette.HIGHLIGHT)
        text(surface, what, (x + column, y), 18)
        y += 21


def draw_handover(surface: pygame.Surface, side_name: str, turn: int) -> None:
    """Hot seat: the map is hidden until the next player is at the controls."""
    surface.fill(palette.BACKGROUND)
    width, height = surface.get_size()
    lines = [
        (f"Turn {turn}: {side_name} to give orders", 32, palette.HIGHLIGHT),
        ("Pass the controls to the next player.", 22, palette.TEXT),
        ("Press Space or click when ready.", 22, palette.TEXT_DIM),
    ]
    y = height // 2 - 60
    for words, size, colour in lines:
        image = font(size, bold=size > 24).render(words, True, colour)
        surface.blit(image, image.get_rect(center=(width // 2, y)))
        y += size + 18


def draw_game_over(surface: pygame.Surface, rect: pygame.Rect, winner: str, reason: str) -> None:
    """A banner across the top of the map once the game has ended."""
    banner = pygame.Rect(rect.left + 20, rect.top + 12, rect.width - 40, 56)
    shade = pygame.Surface(banner.size, pygame.SRCALPHA)
    shade.fill((16, 18, 22, 215))
    surface.blit(shade, banner.topleft)
    pygame.draw.rect(surface, palette.HIGHLIGHT, banner, 2)
    text(surface, f"Game over: {winner}", (banner.left + 12, banner.top + 6), 22, palette.HIGHLIGHT)
    text(surface, reason[:140], (banner.left + 12, banner.top + 32), 17)


def draw_what_ifs(surface: pygame.Surface, what_ifs: list[tuple[str, bool, str]]) -> None:
    """The scenario's what-ifs, numbered, with whether each is on and what it changes."""
    _veil(surface, 230)
    width = surface.get_width() - 80
    text(surface, "What-ifs (1-9 switches one on or off; F9 or Esc closes)", (40, 30), 24,
         palette.HIGHLIGHT, bold=True)  # fmt: skip
    y = 74
    if not what_ifs:
        text(surface, "This scenario has no what-ifs.", (40, y), 18)
    for number, (name, active, description) in enumerate(what_ifs[:9], 1):
        state = "ON " if active else "off"
        text(surface, f"{number}  [{state}]  {name}", (40, y), 20,
             palette.HIGHLIGHT if active else palette.TEXT, bold=True)  # fmt: skip
        y += 24
        for line in wrap(description, width - 40, 17)[:4]:
            text(surface, line, (70, y), 17, palette.TEXT_DIM)
            y += 20
        y += 8


def briefing_lines(
    surface: pygame.Surface, blocks: list[tuple[str, str]]
) -> list[tuple[str, bool]]:
    """(line, is a heading) of the briefing, wrapped to the screen's width."""
    width = surface.get_width() - 120
    lines: list[tuple[str, bool]] = []
    for heading, body in blocks:
        lines.append((heading, True))
        for paragraph in body.strip().split("\n\n"):
            lines += [(line, False) for line in wrap(" ".join(paragraph.split()), width, 18)]
            lines.append(("", False))
    return lines


def draw_briefing(surface: pygame.Surface, lines: list[tuple[str, bool]], first: int) -> None:
    """The scenario's briefing and the player's own, from line ``first`` on."""
    _veil(surface, 240)
    height = surface.get_height()
    text(surface, "Briefing (wheel or arrows scroll; Space, Esc or F2 closes)", (60, 24), 22,
         palette.HIGHLIGHT, bold=True)  # fmt: skip
    y = 64
    for line, heading in lines[first:]:
        if y > height - 30:
            break
        if heading:
            y += 6
            text(surface, line, (60, y), 21, palette.HIGHLIGHT, bold=True)
            y += 28
        else:
            text(surface, line, (60, y), 18)
            y += 21
