"""Benchmark: frames per second of the whole game window on the 2020 scenario.

    SDL_VIDEODRIVER=dummy python tools/benchmark_window.py [--frames 300] [--size 1280x800]

Draws the complete window (map, every unit of both sides as the referee sees them, the selected
unit's envelope, panels, event log, mini-map) off screen, panning a little every frame so that
nothing is served from an unchanged picture, at three zoom levels: the whole map, a medium zoom
and close in. Prints frames per second for docs/performance.md; the window's target is 60.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame

from sim.game.session import GameSession
from sim.render.window import GameWindow

REPO = Path(__file__).resolve().parents[1]


def frames_per_second(window: GameWindow, zoom: float | None, frames: int) -> float:
    camera = window.camera
    camera.fit()
    if zoom is not None:
        camera.zoom = zoom
        camera.centre_on_hex((70, 60))
    window.draw()  # warm the caches of this zoom, as the first frame after zooming does
    started = time.perf_counter()
    for i in range(frames):
        camera.pan_pixels(3 if (i // 50) % 2 == 0 else -3, 1 if (i // 25) % 2 == 0 else -1)
        window.draw()
    return frames / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--size", default="1280x800")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    session = GameSession.start(REPO / "scenarios" / "southern_flank_2020.yaml", seed=1)
    for _ in range(2):  # sorties in the air and contacts in the pictures
        session.end_turn()
    surface = pygame.Surface((width, height))
    window = GameWindow(session, surface=surface)
    window.controller.select_next()
    units = len(session.model.units()) + len(session.model.state.air.tracks)
    print(f"{platform.machine()}, Python {platform.python_version()}, pygame-ce "
          f"{pygame.version.ver}; {width}x{height}, {units} units and aircraft\n")  # fmt: skip
    print("| view | zoom (px per hex) | frames per second |")
    print("|---|---:|---:|")
    for view, reveal in (("Azerbaijan's picture", False), ("referee (all units)", True)):
        window.reveal_all = reveal
        for label, zoom in (("whole map", None), ("medium", 24.0), ("close", 64.0)):
            fps = frames_per_second(window, zoom, args.frames)
            shown = f"{window.camera.zoom:.1f}" if zoom is None else f"{zoom:g}"
            print(f"| {view}, {label} | {shown} | {fps:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
