"""Benchmark: what the air war adds to a turn.

    python tools/benchmark_air.py [--turns 4]

Two scenarios on the same generated 200 x 200 map with the same 2,000 ground units (see
benchmark_turns.py): ground only, and with 100 air-defence and radar units added to one side and
200 aircraft, drones and loitering munitions put in the air over them by the other in turn 1.
The median time of the turns while the aircraft fly is compared. Figures go in
docs/performance.md.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchmark_turns import REPO, SIZE, generate

from sim.model import WargameModel
from sim.orders import Sortie
from sim.scenario.loader import load_scenario

GROUND_UNITS = 2000
AIR_DEFENCE = ["osa_battery", "ew_radar_company", "osa_battery", "strela10_battery", "tor_battery"]
AIRCRAFT = {"tb2": 80, "orbiter_3": 40, "harop": 60, "an2_decoy": 20}
DOCTRINE = {
    "isr_orbits": 0,
    "sead_first": False,
    "decoys_ahead": False,
    "strike_priorities": ["sam_launcher", "radar", "artillery"],
    "loitering_per_target": 1,
    "loitering_per_turn": 0,
    "decoys_per_target": 0,
    "missile_strikes": False,
    "emcon": "always_on",
    "wake_radius_km": 20,
    "relocate_after_firing": False,
    "cap": False,
}


def add_air_war(data: dict) -> None:
    """100 radar and SAM units behind red's line; an air base with 200 airframes for blue."""
    rng = np.random.default_rng(7)
    data["catalog"].insert(2, str(REPO / "scenarios" / "catalog" / "air.yaml"))
    cells = rng.permutation(np.argwhere(np.ones((40, SIZE))))[:100] + np.array([155, 0])
    data["units"] += [
        {
            "id": f"ad{n}",
            "name": f"AD {n}",
            "side": "red",
            "type": AIR_DEFENCE[n % 5],
            "at": [int(c), int(r)],
            "source": "GEN",
        }
        for n, (c, r) in enumerate(cells)
    ]
    for side in ("blue", "red"):
        data["sides"][side]["ai"]["air"] = dict(DOCTRINE)
    data["air_bases"] = [
        {
            "id": "base",
            "name": "Blue base",
            "side": "blue",
            "at": [0, 100],
            "aircraft": dict(AIRCRAFT),
            "munitions": {"mam_l": 400},
            "source": "GEN",
        }
    ]


def launch_everything(model: WargameModel) -> int:
    """Put every airframe of the base in the air over red's rear, in small groups."""
    rng = np.random.default_rng(11)
    launched = 0
    for type_id, count in AIRCRAFT.items():
        mission = {"harop": "sead", "an2_decoy": "decoy"}.get(type_id, "isr")
        for _ in range(count // 4):
            target = (int(rng.integers(150, SIZE)), int(rng.integers(0, SIZE)))
            launched += (
                4 * model.submit("blue", Sortie("base", type_id, target, mission, 4)).accepted
            )
    return launched


def turn_times(path: Path, turns: int, air: bool) -> tuple[list[float], int]:
    model = WargameModel(load_scenario(path), seed=1)
    if air:
        launch_everything(model)
    times, tracks = [], 0
    for _ in range(turns):
        started = time.perf_counter()
        model.step()
        times.append(time.perf_counter() - started)
        flown = sum(sum(s.sorties.values()) for s in model.state.air_stats.values())
        tracks = max(tracks, flown)
    return times, tracks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=4)
    args = parser.parse_args()
    print(f"# {platform.machine()}, Python {platform.python_version()}, {platform.system()}")
    with tempfile.TemporaryDirectory() as tmp:
        ground = Path(tmp) / "ground"
        air = Path(tmp) / "air"
        ground.mkdir()
        air.mkdir()
        ground_path = generate(ground, GROUND_UNITS)
        air_path = generate(air, GROUND_UNITS, extend=add_air_war)
        ground_times, _ = turn_times(ground_path, args.turns, air=False)
        air_times, tracks = turn_times(air_path, args.turns, air=True)
    g, a = statistics.median(ground_times), statistics.median(air_times)
    print("| scenario | turn 1 (s) | turn, median (s) | turn, max (s) |")
    print("|---|---:|---:|---:|")
    print(
        f"| {GROUND_UNITS} ground units | {ground_times[0]:.3f} | {g:.3f} | "
        f"{max(ground_times):.3f} |"
    )
    print(
        f"| + 100 radar/SAM units, {tracks} air tracks in turn 1 | {air_times[0]:.3f} | "
        f"{a:.3f} | {max(air_times):.3f} |"
    )
    print(
        f"turn 1 (every track in the air), air / ground-only: {air_times[0] / ground_times[0]:.2f}"
    )
    print(f"median turn, air / ground-only: {a / g:.2f}")


if __name__ == "__main__":
    main()
