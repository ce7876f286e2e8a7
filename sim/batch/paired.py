"""Each sweep point against the first, run by run.

Run ``i`` has the same seed at every sweep point (common random numbers), so the difference a
parameter makes is best read pair by pair: the mean of ``x_i(point) - x_i(first point)`` over the
runs completed at both, with a Student's t interval. Much of the run-to-run noise cancels in each
pair, so the interval is narrower than the difference of two independent means would give.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from sim.batch.intervals import mean_interval
from sim.batch.statistics import round_number

PAIRED_PER_SIDE = ("wins", "personnel_lost", "equipment_lost", "aircraft_lost", "points")
"""Per-side measures compared pair by pair; ``wins`` is 1 for a run the side won, else 0."""


def paired_differences(
    runs: pd.DataFrame, sides: Sequence[str], confidence: float = 0.95
) -> list[dict[str, Any]]:
    """For every sweep point after the first: the paired difference of each headline measure
    from the first point (an empty list without a sweep)."""
    ok = runs[runs["status"] == "ok"]
    points = sorted(int(p) for p in runs["point"].unique())
    if len(points) < 2:
        return []
    measures = _measures(ok, sides)
    baseline = ok[ok["point"] == points[0]].set_index("run")
    differences = []
    for point in points[1:]:
        other = ok[ok["point"] == point].set_index("run")
        common = baseline.index.intersection(other.index)
        entry: dict[str, Any] = {"point": point, "baseline": points[0], "pairs": len(common)}
        entry["measures"] = {
            name: _difference(
                value(other.loc[common]) - value(baseline.loc[common]),
                confidence,
                bounds=(-1.0, 1.0) if name.endswith("_wins") else None,
            )
            for name, value in measures.items()
        }
        differences.append(entry)
    return differences


def _measures(ok: pd.DataFrame, sides: Sequence[str]) -> dict[str, Any]:
    """Name -> function of a runs table giving that measure per run."""
    measures: dict[str, Any] = {}
    if "days" in ok.columns:
        measures["days"] = lambda t: t["days"].astype(float)
    for side in sides:
        for name in PAIRED_PER_SIDE:
            column = f"{side}_{name}"
            if name == "wins":
                measures[column] = lambda t, side=side: (t["outcome"] == side).astype(float)
            elif column in ok.columns:
                measures[column] = lambda t, column=column: t[column].astype(float)
    return measures


def _difference(
    values: pd.Series, confidence: float, bounds: tuple[float, float] | None = None
) -> dict[str, Any]:
    """Mean difference and its t interval; ``bounds`` clip the interval to what the measure
    can take (a difference of win shares lies between -1 and 1, which a small sample's t
    interval can overshoot)."""
    mean, low, high = mean_interval(np.asarray(values, float), confidence)
    if bounds is not None and np.isfinite(low):
        low, high = max(low, bounds[0]), min(high, bounds[1])
    return {
        "n": int(values.notna().sum()),
        "mean": round_number(mean),
        "ci": [round_number(low), round_number(high)],
    }
