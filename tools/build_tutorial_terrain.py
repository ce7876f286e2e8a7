"""Build the terrain files of the tutorial "River crossing" from a few hand-placed features.

The map is fictional: a plain on the west bank, a river running north to south, and on the east
bank a ridge with a hill, woods and a crossroads town. Everything is computed from the control
points below (no randomness), so running the script again gives the same files.

    python tools/build_tutorial_terrain.py   # writes assets/terrain/tutorial_river_crossing/
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from sim.terrain.files import write_class_map, write_heightmap
from sim.terrain.geometry import hex_centre

COLS, ROWS = 30, 20
OUT = Path(__file__).resolve().parents[1] / "assets" / "terrain" / "tutorial_river_crossing"
SYMBOLS = {
    "plain": ".",
    "hills": "h",
    "mountains": "m",
    "forest": "f",
    "urban": "u",
    "river": "r",
    "water": "w",
}

# (col, row, height above the plain in m, radius in hexes): the east-bank ridge and its hill.
HILLS = [
    (20, 6, 190, 2.2),
    (23, 4, 120, 2.5),
    (22, 12, 110, 2.2),
    (28, 1, 420, 2.5),
    (6, 16, 90, 2.0),
]
WOODS = [(18, 14, 2.2), (24, 8, 1.6), (4, 4, 1.8), (10, 17, 1.5)]
TOWNS = [(21, 10), (22, 10), (7, 10), (15, 4), (16, 10)]
LAKE = [(27, 17, 1.8)]


def river_col(row: int) -> int:
    """The river meanders about column 15."""
    return 15 + round(1.2 * math.sin(row / 3.0))


def build() -> tuple[np.ndarray, np.ndarray]:
    col, row = np.meshgrid(np.arange(COLS), np.arange(ROWS), indexing="ij")
    x, y = hex_centre(col, row)
    # West bank plain at 180 m falling to a 130 m valley floor, east bank rising again.
    river_x = np.array([hex_centre(river_col(r), r)[0] for r in range(ROWS)])[row]
    elevation = 130.0 + 4.0 * np.abs(x - river_x)
    for hc, hr, height, radius in HILLS:
        hx, hy = hex_centre(hc, hr)
        elevation += height * np.exp(-((x - hx) ** 2 + (y - hy) ** 2) / (2 * radius**2))

    classes = np.full((COLS, ROWS), SYMBOLS["plain"], dtype="<U1")
    relief = elevation - (130.0 + 4.0 * np.abs(x - river_x))
    classes[relief > 70] = SYMBOLS["hills"]
    classes[relief > 260] = SYMBOLS["mountains"]
    for wc, wr, radius in WOODS:
        wx, wy = hex_centre(wc, wr)
        classes[np.hypot(x - wx, y - wy) <= radius] = SYMBOLS["forest"]
    for lc, lr, radius in LAKE:
        lx, ly = hex_centre(lc, lr)
        lake = np.hypot(x - lx, y - ly) <= radius
        classes[lake] = SYMBOLS["water"]
        elevation[lake] = elevation[lake].min()
    for tc, tr in TOWNS:
        classes[tc, tr] = SYMBOLS["urban"]
    for r in range(ROWS):
        classes[river_col(r), r] = SYMBOLS["river"]
        elevation[river_col(r), r] = 122.0
    index = {s: i for i, s in enumerate(SYMBOLS.values())}
    return elevation, np.vectorize(index.get)(classes)


def main() -> None:
    elevation, classes = build()
    OUT.mkdir(parents=True, exist_ok=True)
    write_heightmap(OUT / "elevation.txt", elevation)
    write_class_map(OUT / "terrain.txt", classes, list(SYMBOLS.values()))
    print(f"wrote {OUT / 'elevation.txt'} and {OUT / 'terrain.txt'} ({COLS} x {ROWS} hexes)")


if __name__ == "__main__":
    main()
