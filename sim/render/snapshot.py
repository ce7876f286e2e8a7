"""The whole map with every unit on it, as the referee sees it, drawn off screen to PNG bytes.

After-action reviews and documents need pictures of the game without a window: the same map
and symbols as the window (:class:`MapLayer`, :class:`UnitsLayer`), at a zoom that fits the
whole map, on a surface that never touches a display. SDL's dummy video driver is asked for
before pygame is imported, so this works on machines without a screen (CI, servers).
"""

from __future__ import annotations

import io
import math
import os
from typing import TYPE_CHECKING

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # a report prints nothing of its own

import pygame

from sim.render import palette
from sim.render.camera import Camera, map_bounds
from sim.render.display import font, init_pygame
from sim.render.map_layer import MapLayer
from sim.render.symbols import FILLS
from sim.render.units_layer import UnitsLayer
from sim.views import referee_view

if TYPE_CHECKING:
    from sim.model import WargameModel

OBJECTIVE_RING_HEXES = 0.75
"""Radius of the ring around an objective, in hex widths (it shows who holds the objective)."""
UNHELD = (235, 235, 235)
"""The ring of an objective no side holds."""
FITTED_MAP_HEIGHTS = (0.5, 1.1)
"""Height of a fitted snapshot's map area, as shares of its width: the map's proportions
within these bounds."""
LEGEND_SYMBOL_PX = 22
LEGEND_FONT = 16
LEGEND_ROW_PX = 28
STRIP_PADDING_PX = 8


class SnapshotRenderer:
    """Draws snapshots of one scenario's games; keeps the painted terrain between snapshots.

    Painting the terrain is most of the cost of a snapshot, and it is the same at every turn of
    a game, so a report that shows several turns makes one renderer and reuses it. The picture
    is the map, fitted whole, over a strip that holds the caption and the legend, so that
    nothing on the map is hidden and the picture explains itself when copied out of a report.
    """

    def __init__(self, model: WargameModel, size: tuple[int, int] = (1000, 700)):
        init_pygame()
        self.size = (int(size[0]), int(size[1]))
        self.scenario = model.scenario
        self.layer = MapLayer(model.scenario, model.terrain)
        self.layer.tile_budget_s = math.inf  # one frame must be complete: paint every tile
        self._legend = _legend_items(model)
        self.strip_height = _strip_height(self._legend, self.size[0])
        map_rect = pygame.Rect(0, 0, self.size[0], max(1, self.size[1] - self.strip_height))
        self.camera = Camera(map_rect, model.terrain.cols, model.terrain.rows)
        self.camera.fit()

    @classmethod
    def fitted(cls, model: WargameModel, width: int = 1000) -> SnapshotRenderer:
        """A renderer ``width`` pixels wide whose map area has the map's own proportions
        (within :data:`FITTED_MAP_HEIGHTS` of the width), so a tall map is not shrunk to fit
        a wide picture."""
        bounds = map_bounds(model.terrain.cols, model.terrain.rows)
        low, high = FITTED_MAP_HEIGHTS
        map_height = round(width * min(max(bounds.height / bounds.width, low), high))
        init_pygame()
        return cls(model, (width, map_height + _strip_height(_legend_items(model), width)))

    def render(self, model: WargameModel, caption: str | None = None) -> bytes:
        """``model`` as it stands now: terrain, objectives ringed in their holder's colour,
        every unit and aircraft (the referee's view), then ``caption`` and the legend."""
        if model.scenario is not self.scenario:
            raise ValueError("a SnapshotRenderer draws the games of the scenario it was made for")
        surface = pygame.Surface(self.size)
        surface.fill(palette.BACKGROUND)
        self.layer.draw(surface, self.camera)
        self._draw_objectives(surface, model)
        UnitsLayer(model).draw(surface, self.camera, referee_view(model), viewer=None)
        self._draw_strip(surface, caption)
        stream = io.BytesIO()
        pygame.image.save(surface, stream, "snapshot.png")
        return stream.getvalue()

    def _draw_objectives(self, surface: pygame.Surface, model: WargameModel) -> None:
        affiliation = side_affiliations(model)
        radius = max(6, round(self.camera.zoom * OBJECTIVE_RING_HEXES))
        old_clip = surface.get_clip()
        surface.set_clip(self.camera.viewport)
        for objective in model.state.objectives:
            x, y = self.camera.hex_to_screen(*objective.hex)
            owner = affiliation.get(objective.owner) if objective.owner else None
            colour = FILLS[owner] if owner is not None else UNHELD
            centre = (round(x), round(y))
            pygame.draw.circle(surface, (20, 20, 20), centre, radius + 2, 5)
            pygame.draw.circle(surface, colour, centre, radius, 3)
        surface.set_clip(old_clip)

    def _draw_strip(self, surface: pygame.Surface, caption: str | None) -> None:
        top = self.camera.viewport.bottom + STRIP_PADDING_PX
        if caption:
            label = font(LEGEND_FONT + 2, bold=True).render(caption, True, palette.TEXT)
            surface.blit(label, (STRIP_PADDING_PX, top + 2))
        face = font(LEGEND_FONT)
        x, y = STRIP_PADDING_PX, top + LEGEND_ROW_PX
        for (affiliation, text), width in zip(
            self._legend, _item_widths(self._legend), strict=True
        ):
            if x + width > self.size[0] and x > STRIP_PADDING_PX:
                x, y = STRIP_PADDING_PX, y + LEGEND_ROW_PX
            if affiliation is None:
                centre = (x + LEGEND_SYMBOL_PX // 2, y + LEGEND_SYMBOL_PX // 2)
                pygame.draw.circle(surface, UNHELD, centre, LEGEND_SYMBOL_PX // 2 - 2, 3)
            else:
                _frame(surface, affiliation, pygame.Rect(x, y, LEGEND_SYMBOL_PX, LEGEND_SYMBOL_PX))
            label = face.render(text, True, palette.TEXT)
            surface.blit(
                label, (x + LEGEND_SYMBOL_PX + 8, y + (LEGEND_SYMBOL_PX - label.get_height()) // 2)
            )
            x += width


def _frame(surface: pygame.Surface, affiliation: str, box: pygame.Rect) -> None:
    """An empty APP-6 frame in its fill: a rectangle (friend), a diamond (hostile) or a square
    (neutral), for the legend (an icon there would say "infantry" or "unknown")."""
    if affiliation == "hostile":
        points = [box.midtop, box.midright, box.midbottom, box.midleft]
    elif affiliation == "friend":
        inner = box.inflate(0, -box.height // 3)
        points = [inner.topleft, inner.topright, inner.bottomright, inner.bottomleft]
    else:
        inner = box.inflate(-4, -4)
        points = [inner.topleft, inner.topright, inner.bottomright, inner.bottomleft]
    pygame.draw.polygon(surface, FILLS.get(affiliation, FILLS["unknown"]), points)
    pygame.draw.polygon(surface, (0, 0, 0), points, 2)


def _item_widths(legend: list[tuple[str | None, str]]) -> list[int]:
    face = font(LEGEND_FONT)
    return [LEGEND_SYMBOL_PX + 8 + face.size(text)[0] + 24 for _, text in legend]


def _strip_height(legend: list[tuple[str | None, str]], width: int) -> int:
    """Height of the strip under the map: the caption, then the legend laid out left to right
    in as many rows as ``width`` pixels need."""
    rows, x = 1, STRIP_PADDING_PX
    for item in _item_widths(legend):
        if x + item > width and x > STRIP_PADDING_PX:
            rows, x = rows + 1, STRIP_PADDING_PX
        x += item
    return (rows + 1) * LEGEND_ROW_PX + 2 * STRIP_PADDING_PX


def _legend_items(model: WargameModel) -> list[tuple[str | None, str]]:
    """(affiliation, words) for each side, then (None, what the rings mean)."""
    names = model.scenario.spec.sides
    items: list[tuple[str | None, str]] = [
        (affiliation, names[side].name) for side, affiliation in side_affiliations(model).items()
    ]
    if model.state.objectives:
        items.append((None, "objective, ringed in its holder's colour (white: no one's)"))
    return items


def side_affiliations(model: WargameModel) -> dict[str, str]:
    """How the referee's picture draws each side: the first side as friend, neutrals as
    neutral, every other side as hostile (as :class:`UnitsLayer` does for the referee)."""
    sides = model.state.sides
    affiliations = {side: "hostile" for side in sides.ids}
    affiliations[sides.ids[0]] = "friend"
    affiliations.update({side: "neutral" for side in sides.neutral})
    return affiliations


def render_snapshot(model: WargameModel, size: tuple[int, int] = (1000, 700)) -> bytes:
    """One snapshot of ``model`` as PNG bytes (see :class:`SnapshotRenderer` for several)."""
    return SnapshotRenderer(model, size).render(model)
