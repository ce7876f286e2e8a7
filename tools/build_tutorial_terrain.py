"""Build the terrain files of the tutorials from a few hand-placed features.

Two fictional maps, both computed from the control points below (no randomness), so running the
script again gives the same files:

* "River crossing" (30 x 20 hexes): a plain on the west bank, a river running north to south,
  and on the east bank a ridge with a hill, woods and a crossroads town.
* "Supply corridor" (20 x 12 hexes): a straight river that wheels can cross only where a road
  bridges it, an open valley east of it running to a town, wooded hills to the south of the
  valley and a ridge to the north.

    python tools/build_tutorial_terrain.py   # writes assets/terrain/tutorial_river_crossing/
                                             # and assets/terrain/tutorial_supply_corridor/
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from sim.terrain.files import write_class_map, write_heightmap
from sim.terrain.geometry import hex_centre

COLS, ROWS = 30, 20
TERRAIN = Path(__file__).resolve().parents[1] / "assets" / "terrain"
OUT = TERRAIN / "tutorial_river_crossing"
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


# --- "Supply corridor" ---------------------------------------------------------------------------

CORRIDOR_COLS, CORRIDOR_ROWS = 20, 12
CORRIDOR_OUT = TERRAIN / "tutorial_supply_corridor"
CORRIDOR_RIVER_COL = 5
"""One straight column of river hexes: in the even-r layout no step crosses it diagonally, so
wheels (and the supply lines traced for them) cross only where a road bridges it."""
CORRIDOR_VALLEY_ROWS = (4, 8)
"""Rows of the open valley east of the river, [first, last), along which the main road runs."""
# (col, row, height above the ground in m, radius in hexes): the ridge north of the valley, the
# wooded heights south of it and the hill above the town.
CORRIDOR_HILLS = [
    (10, 1, 260, 2.5),
    (16, 1, 380, 2.5),
    (9, 10, 150, 2.2),
    (14, 10, 170, 2.2),
    (15, 4, 110, 1.2),
]
CORRIDOR_WOODS = [(8, 10, 1.6), (13, 11, 1.4), (2, 9, 1.2)]
CORRIDOR_TOWNS = [(16, 6), (17, 6), (1, 6)]


def build_corridor() -> tuple[np.ndarray, np.ndarray]:
    col, row = np.meshgrid(np.arange(CORRIDOR_COLS), np.arange(CORRIDOR_ROWS), indexing="ij")
    x, y = hex_centre(col, row)
    # The west bank at about 155 m falling to a 130 m valley floor, the east bank rising east.
    river_x = float(hex_centre(CORRIDOR_RIVER_COL, 0)[0])
    ground = 130.0 + 5.0 * np.abs(x - river_x) + 2.0 * np.clip(x - river_x, 0, None)
    elevation = ground.copy()
    for hc, hr, height, radius in CORRIDOR_HILLS:
        hx, hy = hex_centre(hc, hr)
        elevation += height * np.exp(-((x - hx) ** 2 + (y - hy) ** 2) / (2 * radius**2))

    classes = np.full((CORRIDOR_COLS, CORRIDOR_ROWS), SYMBOLS["plain"], dtype="<U1")
    relief = elevation - ground
    first, last = CORRIDOR_VALLEY_ROWS
    outside_valley = (row < first) | (row >= last) | (col < CORRIDOR_RIVER_COL)
    classes[(relief > 60) & outside_valley] = SYMBOLS["hills"]
    classes[(relief > 240) & outside_valley] = SYMBOLS["mountains"]
    for wc, wr, radius in CORRIDOR_WOODS:
        wx, wy = hex_centre(wc, wr)
        classes[(np.hypot(x - wx, y - wy) <= radius) & outside_valley] = SYMBOLS["forest"]
    for tc, tr in CORRIDOR_TOWNS:
        classes[tc, tr] = SYMBOLS["urban"]
    classes[CORRIDOR_RIVER_COL, :] = SYMBOLS["river"]
    elevation[CORRIDOR_RIVER_COL, :] = 122.0
    index = {s: i for i, s in enumerate(SYMBOLS.values())}
    return elevation, np.vectorize(index.get)(classes)


def _write(out: Path, elevation: np.ndarray, classes: np.ndarray) -> None:
    out.mkdir(parents=True, exist_ok=True)
    write_heightmap(out / "elevation.txt", elevation)
    write_class_map(out / "terrain.txt", classes, list(SYMBOLS.values()))
    cols, rows = classes.shape
    print(f"wrote {out / 'elevation.txt'} and {out / 'terrain.txt'} ({cols} x {rows} hexes)")


def main() -> None:
    _write(OUT, *build())
    _write(CORRIDOR_OUT, *build_corridor())


if __name__ == "__main__":
    main()
