"""Benchmark: time per turn for the tutorial and for generated scenarios of many units.

    python tools/benchmark_turns.py                  # tutorial + 100, 1,000, 10,000 units
    python tools/benchmark_turns.py --units 100 1000 --turns 3

Generated scenarios put the units on a 200 x 200 map of 1 km hexes (rolling ground with woods
and a few towns), blue attacking from the west toward objectives held by red in the east, both
played by the AI. The figures go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import yaml

from sim.model import WargameModel
from sim.scenario.loader import load_scenario
from sim.terrain.files import write_class_map, write_heightmap

REPO = Path(__file__).resolve().parents[1]
TUTORIAL = REPO / "scenarios" / "tutorial_river_crossing.yaml"
SIZE = 200
TYPES = [
    "mech_battalion",
    "tank_battalion",
    "motor_rifle_battalion",
    "infantry_battalion",
    "artillery_battalion",
]


def generate(
    directory: Path, units: int, seed: int = 0, extend: Callable[[dict], None] | None = None
) -> Path:
    """Write a 200 x 200 scenario with ``units`` units into ``directory``; return its path.

    ``extend`` may add to the scenario's data before it is written (the air benchmark does).
    """
    rng = np.random.default_rng(seed)
    coarse = rng.uniform(0, 600, size=(SIZE // 20 + 2, SIZE // 20 + 2))
    x = np.linspace(0, coarse.shape[0] - 1.001, SIZE)
    i, f = x.astype(int), x - x.astype(int)
    rows_interp = coarse[i] * (1 - f)[:, None] + coarse[i + 1] * f[:, None]
    elevation = rows_interp[:, i] * (1 - f)[None, :] + rows_interp[:, i + 1] * f[None, :]
    classes = np.zeros((SIZE, SIZE), dtype=int)  # catalog order: plain hills mountains forest...
    classes[elevation > 350] = 1
    classes[rng.random((SIZE, SIZE)) < 0.08] = 3
    classes[rng.random((SIZE, SIZE)) < 0.01] = 4
    write_heightmap(directory / "elevation.txt", elevation)
    write_class_map(directory / "terrain.txt", classes, [".", "h", "m", "f", "u", "r", "w"])

    per_side = units // 2
    spots = {
        "blue": rng.permutation(np.argwhere(np.ones((50, SIZE))))[:per_side],
        "red": rng.permutation(np.argwhere(np.ones((50, SIZE))))[: units - per_side]
        + np.array([110, 0]),
    }
    unit_specs = [
        {
            "id": f"{side[0]}{n}",
            "name": f"{side} {n}",
            "side": side,
            "type": TYPES[n % len(TYPES)],
            "at": [int(c), int(r)],
            "source": "GEN",
        }
        for side, cells in spots.items()
        for n, (c, r) in enumerate(cells)
    ]
    places = {f"obj{k}": {"name": f"Objective {k}", "at": [120, 20 + 40 * k]} for k in range(4)}
    ai = {
        "attack_odds": 1.5,
        "garrison": 1,
        "withdraw_below_supply": 0.3,
        "threat_radius_km": 10,
        "artillery_standoff": 0.6,
    }
    data = {
        "title": f"Generated, {units} units",
        "briefing": "Benchmark scenario written by tools/benchmark_turns.py.",
        "start": "2025-01-01T06:00:00",
        "turn_length_h": 6,
        "turns": 100,
        "catalog": [
            str(REPO / "scenarios" / "catalog" / f)
            for f in ("terrain.yaml", "ground.yaml", "rules.yaml")
        ],
        "map": {
            "size": [SIZE, SIZE],
            "hex_size_km": 1.0,
            "origin": {"lat": 40.0, "lon": 45.0},
            "elevation": "elevation.txt",
            "terrain": "terrain.txt",
            "roads": [
                {
                    "name": f"Road {k}",
                    "kind": "road",
                    "path": [[0, 20 + 40 * k], [SIZE - 1, 20 + 40 * k]],
                }
                for k in range(5)
            ],
            "source": "GEN",
        },
        "places": places,
        "sides": {
            "blue": {
                "name": "Blue",
                "colour": "#2b6cb0",
                "ai": {"doctrine": "attack", **ai},
                "supply_sources": [[0, 20 + 40 * k] for k in range(5)],
            },
            "red": {
                "name": "Red",
                "colour": "#c53030",
                "ai": {"doctrine": "defend", **ai},
                "supply_sources": [[SIZE - 1, 20 + 40 * k] for k in range(5)],
            },
        },
        "units": unit_specs,
        "objectives": [{"id": k, "place": k, "points": 10, "owner": "red"} for k in places],
        "sources": {"GEN": "generated for benchmarking"},
    }
    if extend is not None:
        extend(data)
    path = directory / "generated.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def measure(path: Path, turns: int) -> dict[str, float]:
    started = time.perf_counter()
    scenario = load_scenario(path)
    loaded = time.perf_counter()
    model = WargameModel(scenario, seed=1)
    built = time.perf_counter()
    per_turn = []
    for _ in range(turns):
        if not model.running:
            break
        before = time.perf_counter()
        model.step()
        per_turn.append(time.perf_counter() - before)
    return {
        "load_s": loaded - started,
        "init_s": built - loaded,
        "turn_median_s": statistics.median(per_turn),
        "turn_max_s": max(per_turn),
        "turns": len(per_turn),
        "units": len(scenario.spec.units),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, nargs="*", default=[100, 1000, 10_000])
    parser.add_argument("--turns", type=int, default=5)
    args = parser.parse_args()
    print(
        f"# {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        f"{platform.system()}"
    )
    print("| scenario | units | load (s) | model init (s) | turn, median (s) | turn, max (s) |")
    print("|---|---:|---:|---:|---:|---:|")
    rows = [("tutorial_river_crossing", TUTORIAL)]
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.units:
            folder = Path(tmp) / f"gen{n}"
            folder.mkdir()
            rows.append(("generated 200 x 200", generate(folder, n)))
        for name, path in rows:
            r = measure(path, args.turns)
            print(
                f"| {name} | {r['units']} | {r['load_s']:.2f} | {r['init_s']:.2f} | "
                f"{r['turn_median_s']:.3f} | {r['turn_max_s']:.3f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
