"""What APP-6 draws around a frame: echelon, headquarters staff, strength and status marks.

The echelon sits centred just above the frame; the strength bar in the band below it; the
status marks in the corners of the canvas: suppressed a burst at top left, emitting radio waves
at top right, dug in a trench bracket around the foot of the frame, routed a slash across it.
"""

from __future__ import annotations

import math

import pygame

from sim.render.symbol_draw import Colour, dot, ellipse_points, stroke
from sim.render.symbol_frames import FrameGeometry

ECHELONS = (
    "team",
    "squad",
    "section",
    "platoon",
    "company",
    "battalion",
    "regiment",
    "brigade",
    "division",
)
_MARKS = {  # APP-6: dots for sub-units, bars for units, crosses for formations
    "team": ("team", 1),
    "squad": ("dot", 1),
    "section": ("dot", 2),
    "platoon": ("dot", 3),
    "company": ("bar", 1),
    "battalion": ("bar", 2),
    "regiment": ("bar", 3),
    "brigade": ("cross", 1),
    "division": ("cross", 2),
}
SUPPRESSED = (255, 140, 0)
ROUTED = (215, 25, 25)
TRENCH = (110, 72, 30)
BAR_Y, BAR_HEIGHT = 0.905, 0.07


def echelon(
    surf: pygame.Surface,
    geom: FrameGeometry,
    n: float,
    k: float,
    lw: float,
    ink: Colour,
    name: str,
) -> None:
    """The echelon mark above the frame; ``k`` canvas pixels make one pixel of the symbol."""
    kind, count = _MARKS[name]
    bottom = geom.top - n * 0.025
    height = max(n * 0.11, min(4.5 * k, bottom - 0.5 * k))  # legible when small
    r = max(n * 0.028, lw * 0.9, 0.8 * k)  # of a dot
    pitch = {"dot": max(0.085 * n, 2 * r + 1.6 * lw), "bar": max(0.06 * n, 2.8 * lw)}.get(
        kind, 0.13 * n
    )  # marks at least a line's width apart, however small the symbol
    for i in range(count):
        x = n / 2 + (i - (count - 1) / 2) * pitch
        if kind == "dot":
            dot(surf, ink, (x, bottom - r), r)
        elif kind == "bar":
            stroke(surf, ink, [(x, bottom), (x, bottom - height)], lw * 1.1)
        elif kind == "cross":
            hw = height * 0.42
            stroke(surf, ink, [(x - hw, bottom), (x + hw, bottom - height)], lw * 1.1)
            stroke(surf, ink, [(x - hw, bottom - height), (x + hw, bottom)], lw * 1.1)
        else:
            r = height * 0.42
            centre = (x, bottom - height / 2)
            stroke(surf, ink, ellipse_points(centre, r, r, 0, 360, 32), lw * 0.7, closed=True)
            d = r * 1.25 / math.sqrt(2)
            stroke(surf, ink, [(x - d, centre[1] + d), (x + d, centre[1] - d)], lw * 0.7)


def headquarters_staff(surf: pygame.Surface, geom: FrameGeometry, n: float, lw: float, ink: Colour):
    x, y = geom.staff_root
    stroke(surf, ink, [(x, y), (x, n * (BAR_Y + BAR_HEIGHT))], lw)


def strength_colour(strength: float) -> tuple[int, int, int]:
    """Green at full strength, through yellow at half, to red at none."""
    s = min(1.0, max(0.0, strength))
    green, yellow, red = (40, 170, 40), (235, 200, 0), (210, 30, 30)
    lo, hi, t = (red, yellow, s * 2) if s < 0.5 else (yellow, green, (s - 0.5) * 2)
    return tuple(round(a + (b - a) * t) for a, b in zip(lo, hi, strict=True))


def strength_bar(surf: pygame.Surface, n: float, k: float, strength: float) -> None:
    x0, width = n * 0.2, n * 0.6
    height = max(n * BAR_HEIGHT, 2.2 * k)  # at least two pixels once scaled down
    y0 = min(n * BAR_Y, n - height)
    border = max(1, round(k * 0.6))
    pygame.draw.rect(surf, (25, 25, 25, 235), (x0, y0, width, height))
    inner = (x0 + border, y0 + border, (width - 2 * border) * strength, height - 2 * border)
    if inner[2] > 0:
        pygame.draw.rect(surf, strength_colour(strength), inner)


def selection(surf: pygame.Surface, geom: FrameGeometry, lw: float, colour: Colour) -> None:
    stroke(surf, colour, geom.outline, lw * 4.2, closed=geom.closed)


def suppressed(surf: pygame.Surface, n: float, lw: float, ink: Colour) -> None:
    cx, cy, outer, inner = n * 0.11, n * 0.14, n * 0.095, n * 0.05
    burst = []
    for i in range(16):
        r = outer if i % 2 == 0 else inner
        a = math.pi * i / 8 + math.pi / 16
        burst.append((cx + r * math.cos(a), cy - r * math.sin(a)))
    pygame.draw.polygon(surf, SUPPRESSED, burst)
    stroke(surf, ink, burst, lw * 0.6, closed=True)


def emitting(surf: pygame.Surface, n: float, lw: float, ink: Colour) -> None:
    origin = (n * 0.8, n * 0.22)
    dot(surf, ink, origin, max(lw, n * 0.022))
    for r in (0.075, 0.13):
        stroke(surf, ink, ellipse_points(origin, n * r, n * r, 5, 85, 16), lw)


def dug_in(surf: pygame.Surface, geom: FrameGeometry, n: float, lw: float) -> None:
    gap = n * 0.035
    left, right = geom.left - gap, geom.right + gap
    foot = min(geom.bottom + gap, n * (BAR_Y - 0.01))
    mid = (geom.top + geom.bottom) / 2
    stroke(surf, TRENCH, [(left, mid), (left, foot), (right, foot), (right, mid)], lw * 1.4)


def routed(surf: pygame.Surface, geom: FrameGeometry, n: float, lw: float) -> None:
    cx, cy = n / 2, (geom.top + geom.bottom) / 2
    d = n * 0.27
    stroke(surf, ROUTED, [(cx - d, cy - d), (cx + d, cy + d)], lw * 1.8)
