"""Where each part of the window goes, for any window size (the window is resizable)."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

TOP_BAR_PX = 30
MESSAGE_PX = 24
SIDE_PANEL_PX = 360
MIN_SIDE_PANEL_PX = 240
MINIMAP_PX = 200


@dataclass(frozen=True)
class Layout:
    window: pygame.Rect
    top_bar: pygame.Rect
    map: pygame.Rect
    message: pygame.Rect
    """A line at the foot of the map: the engine's answer to the last order."""
    unit_panel: pygame.Rect
    log: pygame.Rect
    minimap: pygame.Rect


def layout_for(size: tuple[int, int], map_cols: int, map_rows: int) -> Layout:
    """The parts of a window of ``size``: a bar on top, the map, a side panel on the right
    (the selected unit over the event log), a mini-map in the map's lower left corner."""
    width, height = max(size[0], 480), max(size[1], 360)
    side = max(MIN_SIDE_PANEL_PX, min(SIDE_PANEL_PX, width // 4))
    top = pygame.Rect(0, 0, width, TOP_BAR_PX)
    map_rect = pygame.Rect(0, TOP_BAR_PX, width - side, height - TOP_BAR_PX)
    message = pygame.Rect(map_rect.left, map_rect.bottom - MESSAGE_PX, map_rect.width, MESSAGE_PX)
    panel = pygame.Rect(map_rect.right, TOP_BAR_PX, side, height - TOP_BAR_PX)
    unit_panel = pygame.Rect(panel.left, panel.top, side, min(300, panel.height // 2))
    log = pygame.Rect(panel.left, unit_panel.bottom, side, panel.bottom - unit_panel.bottom)
    aspect = (map_rows * 0.866 + 0.5) / (map_cols + 0.5)
    mini_w = min(MINIMAP_PX, map_rect.width // 3)
    mini_h = min(int(mini_w * aspect), map_rect.height // 3)
    mini_w = int(mini_h / aspect) if aspect else mini_w
    minimap = pygame.Rect(map_rect.left + 8, message.top - mini_h - 8, mini_w, mini_h)
    return Layout(
        pygame.Rect(0, 0, width, height), top, map_rect, message, unit_panel, log, minimap
    )
