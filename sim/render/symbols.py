"""NATO APP-6-style unit symbols, drawn in code and cached.

``symbol_surface(SymbolSpec(...), size_px)`` gives a square ``size_px`` surface with per-pixel
alpha: the frame (shape by affiliation, air frames open at the bottom), its function icon, the
echelon above it, a strength bar below it and any status marks. The frame's centre is at
:func:`frame_rect`'s centre, slightly below the surface's. Surfaces come from an LRU cache and
are shared: blit them, never draw on them.

Symbols are drawn on a canvas several times larger and smooth-scaled down, which antialiases
them; line widths grow with the size, and below ``ECHELON_MIN_PX`` the echelon is left out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import pygame

from sim.render import symbol_amplifiers as amp
from sim.render.palette import parse_hex_colour
from sim.render.symbol_draw import dashed, stroke
from sim.render.symbol_frames import frame_geometry
from sim.render.symbol_icons import ICONS
from sim.render.symbol_mapping import (
    guess_echelon,
    icon_for,
    symbol_for_air_type,
    symbol_for_unit_type,
)

__all__ = [
    "AFFILIATIONS",
    "DIMENSIONS",
    "ECHELONS",
    "ICONS",
    "SymbolSpec",
    "clear_symbol_cache",
    "frame_rect",
    "guess_echelon",
    "icon_for",
    "symbol_for_air_type",
    "symbol_for_unit_type",
    "symbol_surface",
]

AFFILIATIONS = ("friend", "hostile", "neutral", "unknown")
DIMENSIONS = ("ground", "air")
ECHELONS = amp.ECHELONS
FILLS = {  # APP-6 light fills: crystal blue, salmon, bamboo green, light yellow
    "friend": (128, 224, 255),
    "hostile": (255, 128, 128),
    "neutral": (170, 255, 170),
    "unknown": (255, 255, 128),
}
INK = (0, 0, 0)
HALO = (255, 255, 255, 150)
SELECTED = (255, 215, 0)
ECHELON_MIN_PX = 28
MIN_SIZE_PX = 8
CACHE_SIZE = 4096
DASHED_BELOW_CONFIDENCE = 0.5


@dataclass(frozen=True)
class SymbolSpec:
    """What a symbol shows. Hashable: it is the cache key, with the size.

    ``strength`` is rounded to twentieths and ``confidence`` to tenths, so a unit's symbol is
    redrawn only when the change would show.
    """

    affiliation: str = "friend"
    dimension: str = "ground"
    icon: str = "infantry"
    echelon: str | None = None
    strength: float | None = None
    fill: str | None = None  # "#rrggbb" instead of the affiliation's standard fill
    selected: bool = False
    suppressed: bool = False
    routed: bool = False
    dug_in: bool = False
    emitting: bool = False
    confidence: float = 1.0  # of an enemy contact (None: 1); below 0.5 the frame is dashed
    stale: bool = False  # an old contact: dashed and faint

    def __post_init__(self) -> None:
        for field, value, allowed in (
            ("affiliation", self.affiliation, AFFILIATIONS),
            ("dimension", self.dimension, DIMENSIONS),
            ("icon", self.icon, tuple(ICONS)),
            ("echelon", self.echelon, (None, *ECHELONS)),
        ):
            if value not in allowed:
                raise ValueError(f"{field} {value!r} is not one of {', '.join(map(str, allowed))}")
        if self.fill is not None:
            if parse_hex_colour(self.fill) is None:
                raise ValueError(f"fill {self.fill!r} is not of the form #rrggbb")
            object.__setattr__(self, "fill", self.fill.lower())
        for flag in ("selected", "suppressed", "routed", "dug_in", "emitting", "stale"):
            object.__setattr__(self, flag, bool(getattr(self, flag)))  # stable cache keys
        if self.strength is not None:
            object.__setattr__(self, "strength", _quantise(self.strength, 20))
        confidence = 1.0 if self.confidence is None else self.confidence
        object.__setattr__(self, "confidence", _quantise(confidence, 10))

    @property
    def dashed(self) -> bool:
        """APP-6 dashes the frame of a suspected (here: stale or doubtful) contact."""
        return self.stale or self.confidence < DASHED_BELOW_CONFIDENCE

    @property
    def opacity(self) -> float:
        return (0.35 + 0.65 * self.confidence) * (0.55 if self.stale else 1.0)


def _quantise(value: float, steps: int) -> float:
    """``value`` clamped to 0..1 and rounded to ``steps`` steps, as a plain float."""
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{value!r} is not a number between 0 and 1")
    return round(min(1.0, max(0.0, value)) * steps) / steps


def _supersampling(size_px: int) -> int:
    return max(2, min(6, math.ceil(160 / size_px)))


@lru_cache(maxsize=CACHE_SIZE)
def symbol_surface(spec: SymbolSpec, size_px: int) -> pygame.Surface:
    """The symbol of ``spec``, ``size_px`` square, with per-pixel alpha; cached and shared."""
    if size_px < MIN_SIZE_PX:
        raise ValueError(f"symbols are at least {MIN_SIZE_PX} px, not {size_px}")
    k = _supersampling(size_px)
    n = size_px * k
    canvas = pygame.Surface((n, n), pygame.SRCALPHA)
    _draw(canvas, spec, size_px, k)
    canvas = _with_halo(canvas, k)
    surf = pygame.transform.smoothscale(canvas, (size_px, size_px))
    if spec.opacity < 1.0:
        alpha = round(255 * spec.opacity)
        surf.fill((255, 255, 255, alpha), special_flags=pygame.BLEND_RGBA_MULT)
    if pygame.display.get_init() and pygame.display.get_surface() is not None:
        surf = surf.convert_alpha()
    return surf


def clear_symbol_cache() -> None:
    """Forget every cached symbol (after the display mode changes, say)."""
    symbol_surface.cache_clear()


def frame_rect(spec: SymbolSpec, size_px: int) -> pygame.Rect:
    """Where the frame lies on the symbol's surface: to anchor it on a map, or hit-test it."""
    g = frame_geometry(spec.affiliation, spec.dimension, size_px)
    return pygame.Rect(
        round(g.left), round(g.top), round(g.right - g.left), round(g.bottom - g.top)
    )


def _draw(canvas: pygame.Surface, spec: SymbolSpec, size_px: int, k: int) -> None:
    n = canvas.get_width()
    lw = max(1.1, size_px / 26) * k
    geom = frame_geometry(spec.affiliation, spec.dimension, n)
    if spec.selected:
        amp.selection(canvas, geom, lw, SELECTED)
    if spec.dug_in:
        amp.dug_in(canvas, geom, n, lw)
    fill = parse_hex_colour(spec.fill) if spec.fill else FILLS[spec.affiliation]
    pygame.draw.polygon(canvas, fill, geom.outline)
    ICONS[spec.icon](canvas, geom.icon_box, lw, _ink_on(fill))
    if spec.dashed:
        dashed(canvas, INK, geom.outline, lw, n * 0.07, n * 0.045, closed=geom.closed)
    else:
        stroke(canvas, INK, geom.outline, lw, closed=geom.closed)
    if spec.echelon and size_px >= ECHELON_MIN_PX:
        amp.echelon(canvas, geom, n, k, lw, INK, spec.echelon)
    if spec.icon == "headquarters":
        amp.headquarters_staff(canvas, geom, n, lw, INK)
    if spec.strength is not None:
        amp.strength_bar(canvas, n, k, spec.strength)
    if spec.routed:
        amp.routed(canvas, geom, n, lw)
    if spec.suppressed:
        amp.suppressed(canvas, n, lw, INK)
    if spec.emitting:
        amp.emitting(canvas, n, lw, INK)


def _ink_on(fill: tuple[int, int, int]) -> tuple[int, int, int]:
    """Black icons on the light standard fills; white ones on a dark side colour."""
    luminance = (0.2126 * fill[0] + 0.7152 * fill[1] + 0.0722 * fill[2]) / 255
    return INK if luminance >= 0.4 else (255, 255, 255)


def _with_halo(canvas: pygame.Surface, k: int) -> pygame.Surface:
    """The drawing over a faint white rim, so that it reads on dark and busy ground alike."""
    radius = max(1, k // 2 + 1)
    kernel = pygame.mask.Mask((2 * radius + 1, 2 * radius + 1), fill=True)
    grown = pygame.mask.Mask(canvas.get_size())
    pygame.mask.from_surface(canvas, 8).convolve(kernel, grown, (-radius, -radius))
    halo = grown.to_surface(setcolor=HALO, unsetcolor=(0, 0, 0, 0))
    halo.blit(canvas, (0, 0))
    return halo
