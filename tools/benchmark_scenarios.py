"""Benchmark: whole headless games of the shipped scenarios, AI on both sides, one process.

    python tools/benchmark_scenarios.py                       # every scenario, 5 seeds each
    python tools/benchmark_scenarios.py --seeds 9 scenarios/southern_flank_2020.yaml

For each scenario: the time to load and validate it, and for each seed the time of a full game
(model set-up and every turn to the end); prints a markdown table of medians for
docs/performance.md. Run it on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from pathlib import Path

import mesa
import numpy as np

from sim.model import WargameModel
from sim.scenario.loader import load_scenario

REPO = Path(__file__).resolve().parents[1]


def benchmark(path: Path, seeds: int) -> dict[str, float | int | str]:
    started = time.perf_counter()
    scenario = load_scenario(path)
    load = time.perf_counter() - started
    games, turns = [], []
    for seed in range(1, seeds + 1):
        started = time.perf_counter()
        model = WargameModel(scenario, seed=seed)
        model.run()
        games.append(time.perf_counter() - started)
        turns.append(model.turn)
    spec = scenario.spec
    return {
        "scenario": path.stem,
        "units": len(spec.units),
        "map": f"{spec.map.size[0]} x {spec.map.size[1]}",
        "turns": spec.turns,
        "load": load,
        "turns_played": statistics.median(turns),
        "game_median": statistics.median(games),
        "game_max": max(games),
        "per_turn": statistics.median(g / t for g, t in zip(games, turns, strict=True)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", type=Path)
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    paths = args.scenarios or sorted((REPO / "scenarios").glob("*.yaml"))
    print(
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        f"numpy {np.__version__}, Mesa {mesa.__version__}; {args.seeds} seeds each\n"
    )
    print(
        "| scenario | units | map | turns | load (s) | turns played, median | "
        "game, median (s) | game, max (s) | per turn (s) |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
    for path in paths:
        row = benchmark(path, args.seeds)
        print(
            f"| {row['scenario']} | {row['units']} | {row['map']} | {row['turns']} | "
            f"{row['load']:.2f} | {row['turns_played']:g} | {row['game_median']:.2f} | "
            f"{row['game_max']:.2f} | {row['per_turn']:.3f} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
