"""Every colour the front end uses, in one place so the map, the symbols and the panels agree."""

from __future__ import annotations

import re
import zlib
from typing import Any

RGB = tuple[int, int, int]

TERRAIN: dict[str, RGB] = {
    "plain": (214, 217, 170),
    "hills": (196, 186, 138),
    "mountains": (168, 152, 128),
    "forest": (124, 160, 104),
    "urban": (186, 136, 124),
    "river": (86, 146, 206),
    "water": (72, 126, 192),
    "foreign": (206, 206, 206),
}
"""Base colour of each terrain class of ``scenarios/catalog/terrain.yaml``, before hillshade."""

TERRAIN_ALIASES: dict[str, str] = {
    "open": "plain",
    "farmland": "plain",
    "steppe": "plain",
    "hill": "hills",
    "mountain": "mountains",
    "woods": "forest",
    "wood": "forest",
    "town": "urban",
    "village": "urban",
    "city": "urban",
    "stream": "river",
    "lake": "water",
    "reservoir": "water",
    "sea": "water",
}
"""Other names a catalog may give the same kinds of ground, so they get the same colour."""

WATER_CLASSES = frozenset({"river", "water", "stream", "lake", "reservoir", "sea"})
"""Open water: where a road is a bridge."""
FLAT_CLASSES = WATER_CLASSES | {"urban"}
"""Classes drawn without hillshade, to be recognisable at a glance on any slope."""

UNKNOWN_TERRAIN: RGB = (226, 160, 210)
"""A class the palette does not know: conspicuous, so a new catalog entry is noticed."""

ROADS: dict[str, RGB] = {"highway": (214, 64, 40), "road": (250, 226, 120), "track": (132, 96, 60)}
"""Fill of each road kind (``RoadKind`` in the catalog schema)."""

ROAD_CASING: dict[str, RGB] = {"highway": (92, 28, 20), "road": (96, 80, 40)}
"""Dark outline under a road's fill, so it stands out on any ground; tracks have none."""

UNKNOWN_ROAD: RGB = (240, 240, 240)

BRIDGE_DECK: RGB = (250, 250, 246)
BRIDGE_EDGE: RGB = (30, 30, 30)

BACKGROUND: RGB = (34, 38, 44)
"""Behind the map, outside its edge."""
GRID_DARKEN = 0.82
"""The hex grid is each hex's own colour darkened by this factor: visible but faint."""

LABEL_TEXT: RGB = (20, 20, 20)
LABEL_HALO: RGB = (250, 250, 244)
MARKER_FILL: RGB = (30, 30, 30)
MARKER_OUTLINE: RGB = (250, 250, 244)

PANEL: RGB = (44, 48, 56)
PANEL_BORDER: RGB = (110, 116, 128)
TEXT: RGB = (232, 232, 228)
TEXT_DIM: RGB = (160, 164, 170)
HIGHLIGHT: RGB = (255, 220, 60)
VIEWPORT_FRAME: RGB = (255, 255, 255)

SIDE_FALLBACKS: tuple[RGB, ...] = ((31, 119, 180), (255, 127, 14), (44, 160, 44), (148, 103, 189))
"""Side colours when a scenario gives none usable (matplotlib's first categorical colours)."""

_HEX_COLOUR = re.compile(r"^#([0-9A-Fa-f]{6})$")


def terrain_colour(class_id: str) -> RGB:
    """Base colour of a terrain class, through the aliases, or the conspicuous unknown colour."""
    return TERRAIN.get(TERRAIN_ALIASES.get(class_id, class_id), UNKNOWN_TERRAIN)


def is_water(class_id: str) -> bool:
    """Whether a class is open water (a river or a lake): shaded flat, bridged by roads."""
    return TERRAIN_ALIASES.get(class_id, class_id) in WATER_CLASSES


def is_flat(class_id: str) -> bool:
    """Whether a class is drawn in its own colour whatever its slope (water, towns)."""
    return TERRAIN_ALIASES.get(class_id, class_id) in FLAT_CLASSES


def road_colour(kind: str) -> RGB:
    """Fill colour of a road kind."""
    return ROADS.get(kind, UNKNOWN_ROAD)


def parse_hex_colour(text: str) -> RGB | None:
    """``"#rrggbb"`` as an RGB triple, or None if it is not one."""
    match = _HEX_COLOUR.match(text.strip()) if isinstance(text, str) else None
    if match is None:
        return None
    value = int(match.group(1), 16)
    return (value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF


def side_colour(scenario: Any, side: str) -> RGB:
    """The colour a scenario gives a side (``spec.sides[side].colour``), with a fallback.

    The fallback follows the side's position in the scenario (or a checksum of its id when it is
    not a side of the scenario), so it is stable from run to run and differs between sides.
    """
    sides = getattr(getattr(scenario, "spec", scenario), "sides", None) or {}
    spec = sides.get(side)
    parsed = parse_hex_colour(getattr(spec, "colour", "")) if spec is not None else None
    if parsed is not None:
        return parsed
    order = list(sides)
    index = order.index(side) if side in order else zlib.crc32(side.encode())
    return SIDE_FALLBACKS[index % len(SIDE_FALLBACKS)]


def shade(colour: RGB, factor: float) -> RGB:
    """A colour scaled by ``factor`` (below 1 darker, above 1 lighter), kept in range."""
    return tuple(max(0, min(255, round(c * factor))) for c in colour)  # type: ignore[return-value]
