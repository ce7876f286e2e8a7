"""An overview of the whole map in a corner, showing where the main view is and jumping there."""

from __future__ import annotations

import pygame

from sim.render import palette
from sim.render.camera import Camera
from sim.terrain.geometry import Hex, nearest_hex


class MiniMap:
    """The map layer's base image shrunk to fit ``rect``, with the camera's view outlined.

    The picture is scaled once (per size), so drawing it costs one blit and a rectangle.
    """

    def __init__(self, map_layer, rect: pygame.Rect):
        self.map_layer = map_layer
        self.resize(rect)

    def resize(self, rect: pygame.Rect) -> None:
        """Fit the overview into a new rectangle of the screen, keeping the map's proportions."""
        self.rect = pygame.Rect(rect)
        base = self.map_layer.base
        scale = min(self.rect.width / base.get_width(), self.rect.height / base.get_height())
        size = (max(1, round(base.get_width() * scale)), max(1, round(base.get_height() * scale)))
        self.image = pygame.transform.smoothscale(base, size)
        self.image_rect = self.image.get_rect(center=self.rect.center)
        self.zoom = self.map_layer.base_zoom * scale
        """Pixels per hex width of the overview."""

    def world_to_mini(self, x: float, y: float) -> tuple[float, float]:
        """Overview pixel of a map point."""
        bounds = self.map_layer.bounds
        return (
            self.image_rect.x + (x - bounds.x0) * self.zoom,
            self.image_rect.y + (y - bounds.y0) * self.zoom,
        )

    def world_at(self, screen_pos: tuple[float, float]) -> tuple[float, float] | None:
        """The map point under a pixel of the overview; None if the pixel is outside ``rect``.

        A pixel in the margin beside the picture gives the nearest point of the map's edge.
        """
        if not self.rect.collidepoint(screen_pos):
            return None
        image, bounds = self.image_rect, self.map_layer.bounds
        px = min(max(screen_pos[0] + 0.5, image.left), image.right)
        py = min(max(screen_pos[1] + 0.5, image.top), image.bottom)
        return (
            min(bounds.x0 + (px - image.x) / self.zoom, bounds.x1),
            min(bounds.y0 + (py - image.y) / self.zoom, bounds.y1),
        )

    def hex_at(self, screen_pos: tuple[float, float]) -> Hex | None:
        """The hex under a pixel of the overview, or None off the map or outside ``rect``."""
        world = self.world_at(screen_pos)
        if world is None:
            return None
        col, row = (int(v) for v in nearest_hex(*world))
        if 0 <= col < self.map_layer.cols and 0 <= row < self.map_layer.rows:
            return col, row
        return None

    def centre_camera_at(self, camera: Camera, screen_pos: tuple[float, float]) -> bool:
        """Centre the main view on the point clicked in the overview; False if outside it."""
        world = self.world_at(screen_pos)
        if world is None:
            return False
        camera.centre = world
        return True

    def view_frame(self, camera: Camera) -> pygame.Rect:
        """The camera's view as a rectangle of the overview, clipped to the picture."""
        view = camera.view_rect()
        x0, y0 = self.world_to_mini(view.x0, view.y0)
        x1, y1 = self.world_to_mini(view.x1, view.y1)
        frame = pygame.Rect(round(x0), round(y0), max(2, round(x1 - x0)), max(2, round(y1 - y0)))
        return frame.clip(self.image_rect)

    def draw(self, surface: pygame.Surface, camera: Camera) -> None:
        """Draw the overview and the outline of what the main view shows."""
        surface.fill(palette.PANEL, self.rect)
        surface.blit(self.image, self.image_rect)
        frame = self.view_frame(camera)
        pygame.draw.rect(surface, palette.BACKGROUND, frame.inflate(2, 2), 1)
        pygame.draw.rect(surface, palette.VIEWPORT_FRAME, frame, 2)
        pygame.draw.rect(surface, palette.PANEL_BORDER, self.rect, 1)
