"""The runs table as the plots see it: sweep points of completed runs, their labels, estimates.

Every plot reads the runs table (one row per run) and leaves failed runs out; nothing here draws.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.batch.intervals import wilson_interval


@dataclass(frozen=True)
class SweepPoint:
    """One point of the sweep: its parameter values and its completed runs."""

    index: int
    values: tuple[Any, ...]
    label: str
    completed: pd.DataFrame
    failed: int

    @property
    def n(self) -> int:
        return len(self.completed)


def completed_runs(rows: pd.DataFrame) -> pd.DataFrame:
    """The runs that finished: failed runs have no record to plot."""
    if "status" not in rows.columns:
        return rows
    return rows[rows["status"] == "ok"]


def sweep_points(runs: pd.DataFrame, parameters: list[str], title: str) -> list[SweepPoint]:
    """Split the table by sweep point, in point order, each with its parameter values."""
    if "point" not in runs.columns:
        groups = [(0, runs)] if len(runs) else []
    else:
        groups = [(int(index), rows) for index, rows in runs.groupby("point", sort=True)]
    names = short_names(parameters)
    points = []
    for index, rows in groups:
        values = tuple(rows[key].iloc[0] if key in rows.columns else None for key in parameters)
        label = point_label(values, [names[key] for key in parameters]) or title
        completed = completed_runs(rows)
        points.append(SweepPoint(index, values, label, completed, len(rows) - len(completed)))
    return points


GENERIC_LAST_PARTS = ("active",)
"""Last parts that say nothing alone: ``what_ifs.no_tb2.active`` is named ``no_tb2.active``."""


def short_names(parameters: Sequence[str]) -> dict[str, str]:
    """The shortest dotted suffix of each key that still tells it apart from the others."""
    names = {}
    for key in parameters:
        parts = key.split(".")
        shortest = 2 if len(parts) > 1 and parts[-1] in GENERIC_LAST_PARTS else 1
        for length in range(shortest, len(parts) + 1):
            suffix = ".".join(parts[-length:])
            if sum(other == suffix or other.endswith("." + suffix) for other in parameters) == 1:
                break
        names[key] = suffix
    return names


def point_label(values: Sequence[Any], names: Sequence[str]) -> str:
    """``name=value`` lines naming a sweep point."""
    return "\n".join(
        f"{name}={format_value(value)}" for name, value in zip(names, values, strict=True)
    )


def format_value(value: Any) -> str:
    """A parameter value as the YAML that set it would spell it."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, float | np.floating):
        return f"{float(value):g}"
    return str(value)


def finite_values(rows: pd.DataFrame, column: str) -> np.ndarray:
    """The finite numbers of a column (NaN, None and missing columns give none)."""
    if column not in rows.columns:
        return np.empty(0)
    values = pd.to_numeric(rows[column], errors="coerce").to_numpy(dtype=float)
    return values[np.isfinite(values)]


def outcome_share(point: SweepPoint, outcome: str) -> tuple[float, float, float]:
    """(share, low, high) of the completed runs of a point that ended in ``outcome``."""
    if point.n == 0:
        return math.nan, math.nan, math.nan
    wins = int((point.completed["outcome"] == outcome).sum())
    low, high = wilson_interval(wins, point.n)
    return wins / point.n, low, high
