"""Sweep points against the first, run by run: what common random numbers buy."""

import numpy as np
import pandas as pd

from sim.batch.intervals import mean_interval
from sim.batch.paired import paired_differences


def _runs(shift: float, runs: int = 60, seed: int = 3) -> pd.DataFrame:
    """Two points whose runs share their noise (as runs with the same seed do), the second
    point's losses ``shift`` higher."""
    rng = np.random.default_rng(seed)
    shared = rng.normal(1000.0, 200.0, runs)
    rows = []
    for point, offset in ((0, 0.0), (1, shift)):
        for run in range(runs):
            rows.append(
                {
                    "point": point,
                    "run": run,
                    "status": "ok",
                    "outcome": "blue" if shared[run] + offset > 1000 else "red",
                    "days": 4.0,
                    "blue_personnel_lost": shared[run] + offset + rng.normal(0.0, 5.0),
                }
            )
    return pd.DataFrame(rows)


def test_paired_differences_see_a_shift_that_independent_means_cannot():
    runs = _runs(shift=20.0)
    (entry,) = paired_differences(runs, ["blue", "red"])
    assert entry["point"] == 1 and entry["baseline"] == 0 and entry["pairs"] == 60
    lost = entry["measures"]["blue_personnel_lost"]
    # The per-pair noise is N(0, 5*sqrt(2)): the 95% interval is about +-1.8 wide around 20.
    assert lost["ci"][0] < 20 < lost["ci"][1] and lost["ci"][1] - lost["ci"][0] < 5
    # The two means alone, with run-to-run spread 200, have intervals that overlap widely.
    first = mean_interval(runs[runs["point"] == 0]["blue_personnel_lost"])
    second = mean_interval(runs[runs["point"] == 1]["blue_personnel_lost"])
    assert second[1] < first[2]
    assert entry["measures"]["days"]["mean"] == 0
    wins = entry["measures"]["blue_wins"]
    assert 0 <= wins["mean"] <= 1 and wins["n"] == 60


def test_failed_runs_leave_their_pairs_and_no_sweep_gives_nothing():
    runs = _runs(shift=20.0)
    failed = (runs["point"] == 1) & (runs["run"] < 5)
    runs.loc[failed, "status"] = "failed"
    runs.loc[failed, "blue_personnel_lost"] = 1e9
    (entry,) = paired_differences(runs, ["blue", "red"])
    assert entry["pairs"] == 55 and entry["measures"]["blue_personnel_lost"]["mean"] < 30
    assert paired_differences(runs[runs["point"] == 0], ["blue", "red"]) == []


def test_a_difference_of_win_shares_stays_within_one_hundred_points():
    runs = _runs(shift=400.0, runs=4)
    (entry,) = paired_differences(runs, ["blue", "red"])
    low, high = entry["measures"]["blue_wins"]["ci"]
    assert -1.0 <= low <= high <= 1.0
