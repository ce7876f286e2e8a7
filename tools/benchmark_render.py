"""Benchmark: frames per second drawing a scenario's map (terrain, roads, places, minimap).

    python tools/benchmark_render.py                         # the 2020 map at 1280 x 800
    python tools/benchmark_render.py --frames 600 --size 1920 1080
    python tools/benchmark_render.py scenarios/lachin_corridor_2023.yaml

Runs on SDL's dummy video driver unless SDL_VIDEODRIVER says otherwise, so it measures our
drawing, not the window system. The view pans every frame (bouncing off the map's edges) at
three zooms: the whole map, a medium zoom and the closest zoom; a fourth case zooms in and out
every frame, the worst case for the tile cache (every frame a zoom never drawn before).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame

from sim.render.camera import MAX_ZOOM, Camera
from sim.render.display import init_pygame
from sim.render.map_layer import MapLayer
from sim.render.minimap import MiniMap
from sim.scenario.loader import load_scenario

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO / "scenarios" / "southern_flank_2020.yaml"
PAN_PX = (7.0, 3.0)
"""Pixels the view moves each frame: a brisk drag."""


def run(layer, minimap, screen, camera, frames: int, zooming: bool = False) -> list[float]:
    """Draw ``frames`` frames, moving the camera before each; the seconds each one took."""
    dx, dy = PAN_PX
    times: list[float] = []
    for frame in range(frames):
        start = time.perf_counter()
        if zooming:
            factor = 1.07 if (frame // 20) % 2 == 0 else 1 / 1.07
            camera.zoom_at(factor, camera.viewport.center)
        before = camera.centre
        camera.pan_pixels(dx, dy)
        if camera.centre[0] == before[0]:
            dx = -dx
        if camera.centre[1] == before[1]:
            dy = -dy
        layer.draw(screen, camera)
        minimap.draw(screen, camera)
        pygame.display.flip()
        pygame.event.pump()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--frames", type=int, default=300, help="frames per case")
    parser.add_argument("--size", type=int, nargs=2, default=(1280, 800), metavar=("W", "H"))
    args = parser.parse_args()

    init_pygame()
    screen = pygame.display.set_mode(tuple(args.size))
    scenario = load_scenario(args.scenario)
    start = time.perf_counter()
    layer = MapLayer(scenario)
    built = time.perf_counter() - start
    view = screen.get_rect()
    camera = Camera(view, scenario.terrain.cols, scenario.terrain.rows)
    minimap = MiniMap(layer, pygame.Rect(view.right - 230, view.bottom - 230, 220, 220))
    print(
        f"{args.scenario.name}: {scenario.terrain.cols} x {scenario.terrain.rows} hexes, "
        f"{args.size[0]} x {args.size[1]} px, driver {pygame.display.get_driver()}; "
        f"map layer built in {built * 1000:.0f} ms"
    )
    cases = [
        ("whole map", camera.min_zoom, False),
        ("medium (24 px/hex)", 24.0, False),
        (f"closest ({MAX_ZOOM:.0f} px/hex)", MAX_ZOOM, False),
        ("zooming every frame", 24.0, True),
    ]
    for name, zoom, zooming in cases:
        camera.zoom = zoom
        camera.centre_on_hex((scenario.terrain.cols // 2, scenario.terrain.rows // 2))
        run(layer, minimap, screen, camera, 10, zooming)  # warm the caches and the fonts
        times = run(layer, minimap, screen, camera, args.frames, zooming)
        mean = statistics.fmean(times)
        print(
            f"  {name:24s} {1 / mean:7.0f} fps   mean {mean * 1000:6.2f} ms   "
            f"median {statistics.median(times) * 1000:6.2f} ms   max {max(times) * 1000:6.1f} ms"
        )


if __name__ == "__main__":
    main()
