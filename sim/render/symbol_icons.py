"""APP-6 function icons, drawn into the icon box of a frame.

Each icon is a function ``(surface, box, line_width, ink)``; ``box`` is ``(x, y, width, height)``
on the canvas. Icons that are lines across the frame (infantry's cross, reconnaissance's
diagonal, anti-armour's inverted V) span the whole box as APP-6 draws them; shapes (the armour
oval, aircraft, missiles) keep their own proportions, scaled to the box's height.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pygame

from sim.render.symbol_draw import Colour, Point, dashed, dot, ellipse_points, stroke, text

Box = tuple[float, float, float, float]
Icon = Callable[[pygame.Surface, Box, float, Colour], None]


def _at(box: Box, u: float, v: float) -> Point:
    """A point of the box by fractions of its width and height."""
    return (box[0] + u * box[2], box[1] + v * box[3])


def _shape(box: Box, points: Sequence[Point], dx: float = 0.0, dy: float = 0.0) -> list[Point]:
    """Points in units of the box's height, from its centre (+ an offset), onto the canvas."""
    cx, cy, s = box[0] + box[2] / 2, box[1] + box[3] / 2, box[3]
    return [(cx + (x + dx) * s, cy + (y + dy) * s) for x, y in points]


def _mirror(half: Sequence[Point]) -> list[Point]:
    """A shape symmetric about the vertical axis, from its right half listed top to bottom."""
    return [*half, *[(-x, y) for x, y in reversed(half) if x != 0]]


def _label(label: str, height: float = 0.62) -> Icon:
    def draw(surf: pygame.Surface, box: Box, lw: float, ink: Colour) -> None:
        w, h = box[2] * 0.86, box[3] * height
        text(surf, ink, label, (box[0] + (box[2] - w) / 2, box[1] + (box[3] - h) / 2, w, h))

    return draw


# --- ground ---------------------------------------------------------------------------------


def infantry(surf: pygame.Surface, box: Box, lw: float, ink: Colour) -> None:
    stroke(surf, ink, [_at(box, 0, 0), _at(box, 1, 1)], lw)
    stroke(surf, ink, [_at(box, 0, 1), _at(box, 1, 0)], lw)


def armour(surf: pygame.Surface, box: Box, lw: float, ink: Colour) -> None:
    x, y, w, h = box
    oval = ellipse_points((x + w / 2, y + h / 2), w * 0.34, h * 0.25, 0, 360, 64)
    stroke(surf, ink, oval, lw, closed=True)


def mechanised(surf: pygame.Surface, box: Box, lw: float, ink: Colour) -> None:
    infantry(surf, box, lw, ink)
    armour(surf, box, lw, ink)


def motorised(surf: pygame.Surface, box: Box, lw: float, ink: Colour) -> None:
    infantry(surf, box, lw, ink)
    stroke(surf, ink, [_at(box, 0.5, 0), _at(box, 0.5, 1)], lw)


def recon(surf: pygame.Surface, box: Box, lw: float, ink: Colour) -> None:
    stroke(surf, ink, [_at(box, 0, 1), _at(box, 1, 0)], lw)


def anti_tank(surf: pygame.Surface, box: Box, lw: float, ink: Colour) -> None:
    stroke(surf, ink, [_at(box, 0, 1), _at(box, 0.5, 0), _at(box, 1, 1)], lw)


def artillery(surf: pygame.Surface, box: Box, lw: float, ink: Colour) -> None:
    dot(surf, ink, _at(box, 0.5, 0.5), box[3] * 0.17)


def mortar(surf: pygame.Surface, box: Box, lw: float, ink: Colour) -> None:
    (cx, cy), r = _shape(box, [(0, 0.24)])[0], box[3] * 0.11
    stroke(surf, ink, ellipse_points((cx, cy), r, r, 0, 360, 32), lw, closed=True)
    stroke(surf, ink, _shape(box, [(0, 0.13), (0, -0.38)]), lw)
    stroke(surf, ink, _shape(box, [(-0.13, -0.24), (0, -0.38), (0.13, -0.24)]), lw)


def rocket_artillery(surf: pygame.Surface, box: Box, lw: float, ink: Colour) -> None:
    dot(surf, ink, _shape(box, [(0, 0.24)])[0], box[3] * 0.14)
    for v in (-0.36, -0.1):
        stroke(surf, ink, _shape(box, [(-0.2, 0.16), (0, 0), (0.2, 0.16)], dy=v), lw)


_MISSILE = _mirror([(0, -0.46), (0.085, -0.3), (0.085, 0.2), (0.2, 0.44), (0.085, 0.38)])


def missile(surf: pygame.Surface, box: Box, lw: float, ink: Colour) -> None:
    pygame.draw.polygon(surf, ink, _shape(box, _MISSILE))


def air_defence(surf: pygame.Surface, box: Box, lw: float, ink: Colour) -> None:
    x, y, w, h = box
    stroke(surf, ink, ellipse_points((x + w / 2, y + h), w * 0.4, h * 0.5, 180, 0), lw)


def radar(surf: pygame.Surface, box: Box, lw: float, ink: Colour) -> None:
    """A dish facing up and right on a mast."""
    (cx, cy), r = _shape(box, [(-0.02, -0.1)])[0], box[3] * 0.3
    stroke(surf, ink, ellipse_points((cx, cy), r, r, 135, 315, 32), lw)
    back = (cx - r * 0.707, cy + r * 0.707)
    feed = (cx + r * 0.45, cy - r * 0.45)
    stroke(surf, ink, [back, feed], lw)
    dot(surf, ink, feed, max(lw * 0.8, r * 0.14))
    foot = box[1] + box[3] * 0.9
    stroke(surf, ink, [(back[0], back[1]), (back[0], foot)], lw)
    stroke(surf, ink, [(back[0] - r * 0.45, foot), (back[0] + r * 0.45, foot)], lw)


def engineer(surf: pygame.Surface, box: Box, lw: float, ink: Colour) -> None:
    top, foot = -0.12, 0.16
    stroke(surf, ink, _shape(box, [(-0.42, foot), (-0.42, top), (0.42, top), (0.42, foot)]), lw)
    stroke(surf, ink, _shape(box, [(0, top), (0, foot)]), lw)


def supply(surf: pygame.Surface, box: Box, lw: float, ink: Colour) -> None:
    stroke(surf, ink, [_at(box, 0, 0.72), _at(box, 1, 0.72)], lw)


# --- air --------------------------------------------------------------------------------------

_PLANE = _mirror(
    [
        (0, -0.48),
        (0.06, -0.36),
        (0.06, -0.1),
        (0.5, 0.1),
        (0.5, 0.18),
        (0.06, 0.1),
        (0.06, 0.3),
        (0.2, 0.4),
        (0.2, 0.47),
        (0, 0.43),
    ]
)
_DELTA = _mirror([(0, -0.46), (0.42, 0.3), (0.12, 0.22), (0.08, 0.42)])
_CHEVRON = _mirror([(0, 0.1), (0.56, -0.2), (0.56, -0.04), (0, 0.26)])


def fixed_wing(surf: pygame.Surface, box: Box, lw: float, ink: Colour) -> None:
    pygame.draw.polygon(surf, ink, _shape(box, _PLANE))


def decoy(surf: pygame.Surface, box: Box, lw: float, ink: Colour) -> None:
    """A hollow aircraft under APP-6's dashed "dummy" chevron."""
    plane = _shape(box, [(x * 1.05, y * 0.9) for x, y in _PLANE], dy=0.08)
    stroke(surf, ink, plane, max(1.0, lw * 0.45), closed=True)
    chevron = _shape(box, [(-0.5, -0.3), (0, -0.52), (0.5, -0.3)])
    dashed(surf, ink, chevron, lw * 0.8, box[3] * 0.12, box[3] * 0.08)


def rotary(surf: pygame.Surface, box: Box, lw: float, ink: Colour) -> None:
    for side in (-1, 1):
        blade = [(0, 0), (0.55 * side, -0.24), (0.55 * side, 0.24)]
        pygame.draw.polygon(surf, ink, _shape(box, blade))
    stroke(surf, ink, _shape(box, [(0, -0.3), (0, 0.3)]), lw)


def uav(surf: pygame.Surface, box: Box, lw: float, ink: Colour) -> None:
    pygame.draw.polygon(surf, ink, _shape(box, _CHEVRON))


def ucav(surf: pygame.Surface, box: Box, lw: float, ink: Colour) -> None:
    """An armed drone: the UAV chevron under APP-6's "A" (attack) modifier."""
    pygame.draw.polygon(surf, ink, _shape(box, _CHEVRON, dy=0.14))
    cx, top, h = box[0] + box[2] / 2, box[1], box[3] * 0.36
    text(surf, ink, "A", (cx - h, top, 2 * h, h))


def loitering(surf: pygame.Surface, box: Box, lw: float, ink: Colour) -> None:
    pygame.draw.polygon(surf, ink, _shape(box, _DELTA))


ICONS: dict[str, Icon] = {
    "infantry": infantry,
    "motorised": motorised,
    "mechanised": mechanised,
    "armour": armour,
    "recon": recon,
    "anti_tank": anti_tank,
    "artillery": artillery,
    "mortar": mortar,
    "rocket_artillery": rocket_artillery,
    "missile": missile,
    "air_defence": air_defence,
    "radar": radar,
    "ew": _label("EW"),
    "engineer": engineer,
    "headquarters": _label("HQ"),
    "supply": supply,
    "special_forces": _label("SF"),
    "military_police": _label("MP"),
    "peacekeepers": _label("PK"),
    "unknown": _label("?", 0.8),
    "fixed_wing": fixed_wing,
    "rotary": rotary,
    "uav": uav,
    "ucav": ucav,
    "loitering": loitering,
    "decoy": decoy,
}
"""Every icon by name; the names are the values :class:`SymbolSpec.icon` accepts."""
