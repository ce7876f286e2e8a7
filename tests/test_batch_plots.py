"""The PNG plots of a batch: which files appear when, that they are real images of the promised
size with something drawn on them, that odd tables do not break them, and that the same table
gives the same bytes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from builders import REPO
from matplotlib.image import imread

from sim.batch.plots import write_plots

SIDES = ["blue", "red"]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ODDS = "sides.red.ai.attack_odds"
NO_TB2 = "what_ifs.no_tb2.active"


def runs_table(
    points: list[dict[str, Any]],
    runs_per_point: int = 20,
    events: bool = True,
    failed: frozenset[int] = frozenset(),
    seed: int = 7,
) -> pd.DataFrame:
    """A runs table like the batch runner's: one row per run; ``points`` holds each point's
    parameter values; every run of a point in ``failed`` failed."""
    rng = np.random.default_rng(seed)
    rows = []
    for point, values in enumerate(points):
        for run in range(runs_per_point):
            row: dict[str, Any] = {"point": point, "run": run, "seed": int(rng.integers(2**63))}
            row.update(values)
            if point in failed:
                row.update(status="failed", error="ValueError: boom")
            else:
                row.update(status="ok", error=None, **record(rng, events))
            rows.append(row)
    return pd.DataFrame(rows)


def record(rng: np.random.Generator, events: bool) -> dict[str, Any]:
    """The record columns of one completed run."""
    days = float(rng.uniform(5, 44))
    row: dict[str, Any] = {
        "outcome": str(rng.choice(["blue", "red", "draw", "undecided"], p=[0.5, 0.3, 0.1, 0.1])),
        "turns": int(days * 2),
        "days": days,
    }
    for side in SIDES:
        row[f"{side}_personnel_lost"] = int(rng.poisson(800))
        row[f"{side}_equipment_lost"] = int(rng.poisson(60))
        row[f"{side}_aircraft_lost"] = int(rng.poisson(0.5))
        row[f"{side}_points"] = int(rng.integers(0, 30))
        row[f"{side}_lost_t72"] = int(rng.poisson(10))
        row[f"{side}_sorties"] = int(rng.poisson(100))
        row[f"{side}_radar_air_defence_50pct_lost_day"] = (
            float(rng.uniform(1, days)) if events and rng.random() < 0.6 else None
        )
        row[f"{side}_radar_air_defence_80pct_lost_day"] = None
    for objective in ("hadrut", "shusha"):
        taken = events and rng.random() < 0.5
        row[f"{objective}_taken_day"] = float(rng.uniform(1, days)) if taken else None
        row[f"{objective}_taken_by"] = "blue" if taken else None
    return row


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) from the PNG header, after checking it is a PNG."""
    header = path.read_bytes()[:24]
    assert header[:8] == PNG_SIGNATURE, f"{path.name} is not a PNG"
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


def assert_drawn(out_dir: Path, names: list[str]) -> None:
    """Every file named exists, is a 1600 px wide PNG at least 1000 px high, and is not blank."""
    assert names == sorted(names)
    assert sorted(p.name for p in out_dir.iterdir()) == names
    for name in names:
        width, height = png_size(out_dir / name)
        assert width == 1600 and height >= 1000, (name, width, height)
        assert float(imread(out_dir / name)[..., :3].var()) > 1e-3, f"{name} is blank"


def plot(tmp_path: Path, runs: pd.DataFrame, parameters: list[str], name: str = "out") -> list[str]:
    out_dir = tmp_path / name
    out_dir.mkdir()
    names = write_plots(runs, parameters, SIDES, out_dir, "Southern flank 2020")
    assert_drawn(out_dir, names)
    return names


def test_a_batch_without_sweep_gets_outcomes_losses_and_objectives(tmp_path):
    names = plot(tmp_path, runs_table([{}]), [])
    assert names == ["losses.png", "objectives.png", "outcomes.png"]
    for name in names:
        assert png_size(tmp_path / "out" / name) == (1600, 1000)


def test_a_numeric_sweep_adds_the_sweep_plot(tmp_path):
    points = [{ODDS: odds} for odds in (1.0, 1.5, 2.0, 3.0)]
    names = plot(tmp_path, runs_table(points), [ODDS])
    assert names == ["losses.png", "objectives.png", "outcomes.png", "sweep.png"]


def test_a_grid_of_twelve_points_with_string_and_bool_values(tmp_path):
    points = [
        {"sides.red.ai.doctrine": doctrine, NO_TB2: active}
        for doctrine in ("hold", "delay", "counterattack", "mobile", "static", "raid")
        for active in (False, True)
    ]
    names = plot(tmp_path, runs_table(points, runs_per_point=8), ["sides.red.ai.doctrine", NO_TB2])
    assert "sweep.png" in names


def test_bool_first_parameter_goes_on_a_categorical_axis(tmp_path):
    points = [{NO_TB2: False}, {NO_TB2: True}]
    assert "sweep.png" in plot(tmp_path, runs_table(points), [NO_TB2])


def test_no_events_means_no_objectives_plot(tmp_path):
    names = plot(tmp_path, runs_table([{}], events=False), [])
    assert names == ["losses.png", "outcomes.png"]


def test_a_point_whose_runs_all_failed_is_left_out_without_crashing(tmp_path):
    points = [{ODDS: odds} for odds in (1.0, 2.0, 3.0)]
    runs = runs_table(points, failed=frozenset({1}))
    assert "sweep.png" in plot(tmp_path, runs, [ODDS])


def test_a_batch_whose_runs_all_failed_still_plots_what_it_can(tmp_path):
    runs = runs_table([{ODDS: 1.0}, {ODDS: 2.0}], failed=frozenset({0, 1}))
    assert plot(tmp_path, runs, [ODDS]) == ["losses.png", "outcomes.png", "sweep.png"]


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_a_single_run_with_constant_and_empty_columns(tmp_path):
    runs = runs_table([{ODDS: 2}], runs_per_point=1)
    runs["blue_points"] = np.nan
    runs["red_equipment_lost"] = 0
    runs["blue_aircraft_lost"] = 0
    runs["red_aircraft_lost"] = 0
    assert "sweep.png" in plot(tmp_path, runs, [ODDS])


def test_an_empty_table_and_a_side_that_never_appears_do_not_crash(tmp_path):
    columns = ["point", "run", "seed", "status", "error", "outcome", "turns", "days", ODDS]
    assert plot(tmp_path, pd.DataFrame(columns=columns), [ODDS], "empty") == [
        "losses.png",
        "outcomes.png",
        "sweep.png",
    ]
    runs = runs_table([{ODDS: 1}, {ODDS: 2}])
    runs.loc[runs.index[:5], "outcome"] = "neutral_winner"
    runs["days"] = np.nan
    out_dir = tmp_path / "three_sides"
    out_dir.mkdir()
    names = write_plots(runs, [ODDS], [*SIDES, "green"], out_dir, "Three sides")
    assert_drawn(out_dir, names)


def test_many_points_cap_the_objective_panels_and_still_draw(tmp_path):
    points = [{ODDS: 0.5 + 0.25 * i} for i in range(12)]
    names = plot(tmp_path, runs_table(points, runs_per_point=6), [ODDS])
    assert names == ["losses.png", "objectives.png", "outcomes.png", "sweep.png"]


def test_the_same_table_gives_the_same_bytes(tmp_path):
    points = [{ODDS: 1.0, NO_TB2: False}, {ODDS: 1.0, NO_TB2: True}, {ODDS: 2.0, NO_TB2: False}]
    runs = runs_table(points)
    first = plot(tmp_path, runs, [ODDS, NO_TB2], "first")
    second = plot(tmp_path, runs.copy(), [ODDS, NO_TB2], "second")
    assert first == second
    for name in first:
        data = (tmp_path / "first" / name).read_bytes()
        assert data == (tmp_path / "second" / name).read_bytes()
        assert b"matplotlib" not in data.lower(), "the PNG names the software that wrote it"


def test_plotting_does_not_touch_pyplot(tmp_path):
    """Plots are drawn on the object API only: pyplot's global state is never loaded."""
    script = (
        "import sys, pandas as pd\n"
        "from pathlib import Path\n"
        "from sim.batch.plots import write_plots\n"
        "runs = pd.DataFrame({'point': [0], 'run': [0], 'seed': [1], 'status': ['ok'],\n"
        "    'outcome': ['draw'], 'turns': [2], 'days': [1.0]})\n"
        f"write_plots(runs, [], ['blue', 'red'], Path({str(tmp_path)!r}), 't')\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_sweep_points_are_named_by_the_shortest_telling_part_of_their_keys():
    from sim.batch.plots.points import short_names

    names = short_names(
        ["what_ifs.no_tb2.active", "sides.red.ai.attack_odds", "sides.blue.ai.attack_odds"]
    )
    assert names == {
        "what_ifs.no_tb2.active": "no_tb2.active",
        "sides.red.ai.attack_odds": "red.ai.attack_odds",
        "sides.blue.ai.attack_odds": "blue.ai.attack_odds",
    }
