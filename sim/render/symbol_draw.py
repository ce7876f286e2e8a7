"""Drawing primitives for the unit symbols: thick strokes with round joins, dashes, text.

Symbols are drawn on a supersampled canvas and scaled down, so these work in float canvas
coordinates and leave antialiasing to the final smooth scale.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise

import pygame

Point = tuple[float, float]
Colour = tuple[int, int, int] | tuple[int, int, int, int]


def segment(surf: pygame.Surface, colour: Colour, a: Point, b: Point, width: float) -> None:
    """A straight stroke of ``width`` from a to b, square-ended (joins are added by callers)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy)
    if length < 1e-9:
        return
    nx, ny = -dy / length * width / 2, dx / length * width / 2
    quad = [(a[0] + nx, a[1] + ny), (b[0] + nx, b[1] + ny), (b[0] - nx, b[1] - ny)]
    quad.append((a[0] - nx, a[1] - ny))
    pygame.draw.polygon(surf, colour, quad)


def dot(surf: pygame.Surface, colour: Colour, centre: Point, radius: float) -> None:
    pygame.draw.circle(surf, colour, (round(centre[0]), round(centre[1])), max(1, round(radius)))


def stroke(
    surf: pygame.Surface,
    colour: Colour,
    points: Sequence[Point],
    width: float,
    closed: bool = False,
) -> None:
    """A polyline of ``width`` with round joins and caps."""
    pts = list(points)
    if closed:
        pts.append(pts[0])
    for a, b in pairwise(pts):
        segment(surf, colour, a, b, width)
    if width > 2:
        for p in pts:
            dot(surf, colour, p, width / 2)


def dashed(
    surf: pygame.Surface,
    colour: Colour,
    points: Sequence[Point],
    width: float,
    dash: float,
    gap: float,
    closed: bool = False,
) -> None:
    """A polyline drawn as dashes of length ``dash`` separated by ``gap``, along its length."""
    pts = list(points)
    if closed:
        pts.append(pts[0])
    on, left = True, dash  # drawing a dash?, length left in the current dash or gap
    run: list[Point] = [pts[0]]
    for a, b in pairwise(pts):
        seg = math.dist(a, b)
        pos = 0.0
        while seg - pos > left:
            pos += left
            t = pos / seg
            p = (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
            if on:
                stroke(surf, colour, [*run, p], width)
            run = [p]
            on, left = not on, (gap if on else dash)
        left -= seg - pos
        if on:
            run.append(b)
        else:
            run = [b]
    if on and len(run) > 1:
        stroke(surf, colour, run, width)


def ellipse_points(
    centre: Point, rx: float, ry: float, start_deg: float, end_deg: float, steps: int = 48
) -> list[Point]:
    """Points on an ellipse arc, angles counter-clockwise from east as on a map (y grows down)."""
    out = []
    for i in range(steps + 1):
        a = math.radians(start_deg + (end_deg - start_deg) * i / steps)
        out.append((centre[0] + rx * math.cos(a), centre[1] - ry * math.sin(a)))
    return out


@lru_cache(maxsize=64)
def _font(px: int) -> pygame.font.Font:
    if not pygame.font.get_init():
        pygame.font.init()
    return pygame.font.Font(None, px)


def text(surf: pygame.Surface, colour: Colour, label: str, box: pygame.Rect | tuple) -> None:
    """``label`` in pygame's default bold sans, as large as fits in ``box``, centred on it."""
    box = pygame.Rect(box)
    px = max(6, round(box.height * 1.45))  # the default font's capitals are ~0.7 of its size
    font = _font(px)
    width, _ = font.size(label)
    if width > box.width:
        font = _font(max(6, int(px * box.width / width)))
    glyphs = font.render(label, True, colour)
    glyphs = glyphs.subsurface(glyphs.get_bounding_rect())
    surf.blit(glyphs, glyphs.get_rect(center=box.center))
