"""Units and aircraft over the map, as the viewing side knows them: APP-6 symbols for its own
units and its contacts, the selected unit's air-defence envelope, sorties and their paths, and
the path of the move being planned."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import pygame

from sim.render import palette
from sim.render.camera import Camera, HexBounds
from sim.render.display import font
from sim.render.symbol_mapping import symbol_for_air_type, symbol_for_unit_type
from sim.render.symbols import SymbolSpec, frame_rect, symbol_surface
from sim.views import Mark, View

if TYPE_CHECKING:
    from sim.game.preview import MovePreview
    from sim.model import WargameModel

STALE_AFTER_H = 12.0
"""A contact this old is drawn faint and dashed: it may well have moved."""
ENVELOPE = (235, 70, 60)
RADAR = (250, 190, 60)
PATH = (255, 236, 120)
AIR_PATH = (200, 230, 255)


def symbol_px(camera: Camera) -> int:
    """Symbols a little smaller than a hex, legible when zoomed out."""
    return int(max(16, min(72, camera.zoom * 0.8)))


class UnitsLayer:
    """Draws one observer's view of the forces (a side's, or the referee's)."""

    def __init__(self, model: WargameModel):
        self.model = model
        self.friend: str | None = None
        """In the referee's view, the side drawn as friend (the one at the controls); the
        scenario's first side when None."""
        self._icons: dict[str, tuple[str, str | None]] = {}

    def draw(
        self,
        surface: pygame.Surface,
        camera: Camera,
        view: View,
        viewer: str | None,
        selected: str | None = None,
    ) -> None:
        size = symbol_px(camera)
        ground: dict[tuple[int, int], list[Mark]] = defaultdict(list)
        air: list[Mark] = []
        for mark in view.marks:
            if mark.kind == "air":
                air.append(mark)
            else:
                ground[mark.hex].append(mark)
        bounds = camera.visible_hex_range()
        for hex_, marks in ground.items():
            if not _within(bounds, hex_):
                continue
            x, y = camera.hex_to_screen(*hex_)
            marks.sort(key=lambda m: (m.id != selected, not m.own, m.id))
            for depth, mark in enumerate(marks[:3][::-1]):
                offset = (len(marks[:3]) - 1 - depth) * size * 0.12
                spec = self._spec(mark, viewer, selected)
                self._blit(surface, spec, size, x + offset, y - offset)
            if len(marks) > 3:
                label = font(14).render(f"+{len(marks) - 3}", True, palette.TEXT)
                surface.blit(label, (x + size * 0.45, y - size * 0.6))
        self._draw_air(surface, camera, air, viewer, max(14, int(size * 0.7)))

    def draw_selection(self, surface: pygame.Surface, camera: Camera, uid: str | None) -> None:
        """The selected unit's SAM envelope and radar reach, as rings on the map."""
        unit = self.model.unit(uid) if uid else None
        if unit is None:
            return
        x, y = camera.hex_to_screen(*unit.hex)
        px_per_km = camera.zoom / self.model.terrain.hex_size_km
        launchers = self.model.state.systems.launchers(unit)
        if launchers:
            reach = max(item.spec.max_range_km for item in launchers)
            pygame.draw.circle(surface, ENVELOPE, (x, y), max(4, reach * px_per_km), 2)
        radar = self.model.state.systems.best_radar(unit)
        if radar is not None and unit.emitting:
            reach = getattr(radar, "range_km_1m2", 0.0)
            pygame.draw.circle(surface, RADAR, (x, y), max(4, reach * px_per_km), 1)

    def draw_preview(
        self,
        surface: pygame.Surface,
        camera: Camera,
        start: tuple[int, int],
        preview: MovePreview | None,
    ) -> None:
        """The path of the move being planned, with its hours and turns at the end."""
        if preview is None or not preview.path:
            return
        points = [camera.hex_to_screen(*h) for h in (start, *preview.path)]
        pygame.draw.lines(surface, (20, 20, 20), False, points, 5)
        pygame.draw.lines(surface, PATH, False, points, 3)
        turns = "turn" if preview.turns == 1 else "turns"
        label = font(18, bold=True).render(
            f"{preview.hours:.1f} h, {preview.turns} {turns}", True, PATH, (20, 20, 20)
        )
        surface.blit(label, (points[-1][0] + 10, points[-1][1] - 10))

    def _affiliation(self, side: str, viewer: str | None) -> str:
        """Friend or hostile to the viewer; for the referee, to the side at the controls."""
        if side in self.model.state.sides.neutral:
            return "neutral"
        reference = viewer if viewer is not None else self.friend or self.model.state.sides.ids[0]
        return "friend" if side == reference else "hostile"

    def _spec(self, mark: Mark, viewer: str | None, selected: str | None) -> SymbolSpec:
        affiliation = self._affiliation(mark.side, viewer)
        unit = self.model.unit(mark.id) if mark.own or viewer is None else None
        icon, echelon = self._icon(mark.type_id)
        if unit is None:
            return SymbolSpec(
                affiliation=affiliation,
                icon=icon,
                echelon=echelon,
                confidence=mark.confidence,
                stale=mark.age_h > STALE_AFTER_H,
            )
        return SymbolSpec(
            affiliation=affiliation,
            icon=icon,
            echelon=echelon,
            strength=unit.personnel / max(1, unit.entered.personnel),
            selected=mark.id == selected,
            routed=unit.status == "routed",
            dug_in=unit.entrenchment >= 0.3,
            emitting=unit.emitting and self.model.state.systems.emitter(unit),
        )

    def _icon(self, type_id: str | None) -> tuple[str, str | None]:
        if type_id is None:
            return "unknown", None
        if type_id not in self._icons:
            catalog = self.model.state.catalog
            if type_id in catalog.unit_types:
                self._icons[type_id] = symbol_for_unit_type(catalog, type_id)
            elif type_id in catalog.air_types:
                self._icons[type_id] = (symbol_for_air_type(catalog, type_id), None)
            else:
                self._icons[type_id] = ("unknown", None)
        return self._icons[type_id]

    def _draw_air(
        self,
        surface: pygame.Surface,
        camera: Camera,
        marks: list[Mark],
        viewer: str | None,
        size: int,
    ) -> None:
        hex_km = self.model.terrain.hex_size_km
        for mark in marks:
            track = self.model.state.air.tracks.get(mark.id) if mark.own or viewer is None else None
            x, y = camera.hex_to_screen(*mark.hex)
            if track is not None:
                base = camera.world_to_screen(*(track.base.km / hex_km))
                station = camera.world_to_screen(*(track.station_km / hex_km))
                pygame.draw.line(surface, AIR_PATH, base, station, 1)
                here = camera.world_to_screen(*(track.km / hex_km))
                x, y = here
            icon = self._icon(mark.type_id)[0] if mark.type_id else "unknown"
            known = mark.side != "enemy"  # a contact whose side the picture cannot tell
            affiliation = self._affiliation(mark.side, viewer) if known else "hostile"
            spec = SymbolSpec(
                affiliation=affiliation,
                dimension="air",
                icon=icon,
                stale=mark.age_h > STALE_AFTER_H / 4,
            )
            self._blit(surface, spec, size, x, y)

    @staticmethod
    def _blit(surface: pygame.Surface, spec: SymbolSpec, size: int, x: float, y: float) -> None:
        """The symbol with its frame (not its amplifiers) centred on ``(x, y)``."""
        frame = frame_rect(spec, size)
        surface.blit(
            symbol_surface(spec, size), (round(x) - frame.centerx, round(y) - frame.centery)
        )


def _within(bounds: HexBounds, hex_: tuple[int, int], margin: int = 1) -> bool:
    col, row = hex_
    return (
        bounds.col_min - margin <= col <= bounds.col_max + margin
        and bounds.row_min - margin <= row <= bounds.row_max + margin
    )
