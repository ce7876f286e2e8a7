"""APP-6 frame geometry: the frame's outline per affiliation and dimension, and its icon box.

All lengths are fractions of the symbol's square canvas of side ``n``. The layout leaves a band
above the frame for the echelon amplifier and one below it for the strength bar. Sizes follow
APP-6's proportions: a friend rectangle 1.5 x 1, a neutral square 1.1 x 1.1, a hostile diamond
and an unknown quatrefoil 1.44 x 1.44 (of a unit of 0.48 of the canvas).

Ground frames are closed; air frames are the upper halves, open at the bottom.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sim.render.symbol_draw import Point, ellipse_points

UNIT = 0.48
GROUND_CENTRE_Y = 0.52
AIR_TOP, AIR_BOTTOM, AIR_HALF_WIDTH = 0.22, 0.80, 0.33


@dataclass(frozen=True)
class FrameGeometry:
    """Where a frame is on the canvas: its outline, bounds and the box its icon fills."""

    outline: tuple[Point, ...]
    closed: bool
    left: float
    top: float
    right: float
    bottom: float
    icon_box: tuple[float, float, float, float]  # x, y, width, height
    staff_root: Point  # where a headquarters staff hangs from


def frame_geometry(affiliation: str, dimension: str, n: float) -> FrameGeometry:
    if dimension == "air":
        return _AIR[affiliation](n)
    return _GROUND[affiliation](n)


def _box(cx: float, cy: float, w: float, h: float) -> tuple[float, float, float, float]:
    return (cx - w / 2, cy - h / 2, w, h)


def _friend(n: float) -> FrameGeometry:
    cx, cy, hw, hh = n / 2, n * GROUND_CENTRE_Y, n * UNIT * 0.75, n * UNIT / 2
    pts = ((cx - hw, cy - hh), (cx + hw, cy - hh), (cx + hw, cy + hh), (cx - hw, cy + hh))
    return FrameGeometry(
        pts, True, cx - hw, cy - hh, cx + hw, cy + hh, _box(cx, cy, 2 * hw, 2 * hh), pts[3]
    )


def _neutral(n: float) -> FrameGeometry:
    cx, cy, h = n / 2, n * GROUND_CENTRE_Y, n * UNIT * 0.55
    pts = ((cx - h, cy - h), (cx + h, cy - h), (cx + h, cy + h), (cx - h, cy + h))
    return FrameGeometry(
        pts, True, cx - h, cy - h, cx + h, cy + h, _box(cx, cy, 2 * h, 2 * h), pts[3]
    )


def _hostile(n: float) -> FrameGeometry:
    cx, cy, a = n / 2, n * GROUND_CENTRE_Y, n * UNIT * 0.72
    pts = ((cx, cy - a), (cx + a, cy), (cx, cy + a), (cx - a, cy))
    box = _box(cx, cy, 1.2 * a, 0.8 * a)  # the inscribed 1.5:1 rectangle, as in APP-6
    return FrameGeometry(pts, True, cx - a, cy - a, cx + a, cy + a, box, pts[3])


def _quatrefoil_radius(theta: float, extent: float) -> float:
    """Distance from the centre to the edge of a clover of four lobes, along angle theta."""
    r, d = 0.56 * extent, 0.44 * extent  # lobe radius and offset: the centre lies in every lobe
    best = 0.0
    for k in range(4):
        c = (d * math.cos(k * math.pi / 2), d * math.sin(k * math.pi / 2))
        uc = c[0] * math.cos(theta) + c[1] * math.sin(theta)
        disc = r * r - (c[0] ** 2 + c[1] ** 2) + uc * uc
        if disc >= 0:
            best = max(best, uc + math.sqrt(disc))
    return best


def _quatrefoil(cx: float, cy: float, extent: float, start: float, end: float) -> list[Point]:
    steps = max(8, round(abs(end - start) / 360 * 96))
    out = []
    for i in range(steps + 1):
        theta = math.radians(start + (end - start) * i / steps)
        rho = _quatrefoil_radius(theta, extent)
        out.append((cx + rho * math.cos(theta), cy - rho * math.sin(theta)))
    return out


def _unknown(n: float) -> FrameGeometry:
    cx, cy, e = n / 2, n * GROUND_CENTRE_Y, n * UNIT * 0.72
    pts = tuple(_quatrefoil(cx, cy, e, 0, 360)[:-1])
    box = _box(cx, cy, 1.2 * e, 0.8 * e)
    return FrameGeometry(pts, True, cx - e, cy - e, cx + e, cy + e, box, (cx - e, cy))


def _air(n: float, arch: list[Point]) -> FrameGeometry:
    """An air frame: vertical legs down to the open bottom under an arch from left to right."""
    cx, hw, top, bottom = n / 2, n * AIR_HALF_WIDTH, n * AIR_TOP, n * AIR_BOTTOM
    pts = ((cx - hw, bottom), *arch, (cx + hw, bottom))
    box = (cx - 0.75 * hw, top + 0.3 * (bottom - top), 1.5 * hw, 0.64 * (bottom - top))
    return FrameGeometry(pts, False, cx - hw, top, cx + hw, bottom, box, (cx - hw, bottom))


def _friend_air(n: float) -> FrameGeometry:
    cx, hw, top = n / 2, n * AIR_HALF_WIDTH, n * AIR_TOP
    shoulder = top + hw * 0.9
    return _air(n, ellipse_points((cx, shoulder), hw, shoulder - top, 180, 0))


def _hostile_air(n: float) -> FrameGeometry:
    cx, hw, top = n / 2, n * AIR_HALF_WIDTH, n * AIR_TOP
    return _air(n, [(cx - hw, top + hw), (cx, top), (cx + hw, top + hw)])


def _neutral_air(n: float) -> FrameGeometry:
    cx, hw, top = n / 2, n * AIR_HALF_WIDTH, n * (AIR_TOP + 0.04)
    return _air(n, [(cx - hw, top), (cx + hw, top)])


def _unknown_air(n: float) -> FrameGeometry:
    cx, hw, top = n / 2, n * AIR_HALF_WIDTH, n * AIR_TOP
    return _air(n, _quatrefoil(cx, top + hw, hw, 180, 0))


_GROUND = {"friend": _friend, "hostile": _hostile, "neutral": _neutral, "unknown": _unknown}
_AIR = {
    "friend": _friend_air,
    "hostile": _hostile_air,
    "neutral": _neutral_air,
    "unknown": _unknown_air,
}
