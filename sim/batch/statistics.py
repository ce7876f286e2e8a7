"""The statistics of a batch: per sweep point, outcome shares, metric distributions and the
days of events, each with a confidence interval.

The input is the runs table (one row per run); the output is plain JSON-ready data (dicts,
lists, str, int, float, bool, None) so it can be written as ``summary.json``, compared between
batches and rendered as text without pandas. Failed runs are counted and listed, never averaged:
their record columns say nothing about the game.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd
from pandas.api import types as ptypes

from sim.batch.intervals import mean_interval, median_interval, wilson_interval

MAX_FAILURES_LISTED = 20
"""Failures listed per point; a systematic error repeats, so the first few say what it is."""

SIGNIFICANT_DIGITS = 4
"""Digits kept in the output: finer than any interval a batch of runs can support."""

DAY_SUFFIX = "_day"
TAKEN_DAY_SUFFIX = "_taken_day"
BOOKKEEPING_COLUMNS = ("point", "run", "seed")
TEXT_COLUMNS = ("status", "error", "outcome", "winner", "reason")
FIXED_OUTCOMES = ("draw", "undecided")


def describe_batch(
    runs: pd.DataFrame,
    parameters: list[str],
    sides: list[str],
    confidence: float = 0.95,
) -> dict[str, Any]:
    """The statistics of every sweep point of a batch (see the module docstring)."""
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    missing = [c for c in (*BOOKKEEPING_COLUMNS, "status", *parameters) if c not in runs.columns]
    if missing:
        raise ValueError(f"runs table lacks column(s): {', '.join(missing)}")
    ordered = runs.sort_values(["point", "run"], kind="stable").reset_index(drop=True)
    metrics = metric_columns(ordered, parameters)
    events = event_columns(ordered)
    points = [
        _describe_point(table, parameters, sides, metrics, events, confidence)
        for _, table in ordered.groupby("point", sort=True)
    ]
    return {
        "confidence": confidence,
        "parameters": list(parameters),
        "sides": list(sides),
        "points": points,
    }


def metric_columns(runs: pd.DataFrame, parameters: Sequence[str]) -> list[str]:
    """Numeric record columns, in table order: everything a run measured on a number scale."""
    excluded = {*BOOKKEEPING_COLUMNS, *TEXT_COLUMNS, *parameters}
    return [
        column
        for column in runs.columns
        if column not in excluded
        and not str(column).endswith(DAY_SUFFIX)
        and _is_numeric(runs[column])
    ]


def event_columns(runs: pd.DataFrame) -> list[str]:
    """Time-to-event columns, in table order: the day something happened, NaN if it did not."""
    return [column for column in runs.columns if str(column).endswith(DAY_SUFFIX)]


def _is_numeric(column: pd.Series) -> bool:
    """True for numbers, False for bools and text. A column of numbers and None can arrive as
    object dtype (records built from dicts), so those are judged by their values."""
    if ptypes.is_bool_dtype(column):
        return False
    if ptypes.is_numeric_dtype(column):
        return True
    if not ptypes.is_object_dtype(column):
        return False
    values = column.dropna()
    return len(values) > 0 and all(
        isinstance(v, Real) and not isinstance(v, (bool, np.bool_)) for v in values
    )


def _describe_point(
    table: pd.DataFrame,
    parameters: Sequence[str],
    sides: Sequence[str],
    metrics: Sequence[str],
    events: Sequence[str],
    confidence: float,
) -> dict[str, Any]:
    completed = table[table["status"] == "ok"]
    failed = table[table["status"] != "ok"]
    listed = failed.head(MAX_FAILURES_LISTED)
    return {
        "point": int(table["point"].iloc[0]),
        "parameters": _point_parameters(table, parameters),
        "runs": len(table),
        "completed": len(completed),
        "failed": len(failed),
        "failures": _failures(listed),
        "failures_not_listed": len(failed) - len(listed),
        "outcomes": _outcomes(completed, sides, confidence),
        "metrics": {m: _metric(completed[m], confidence) for m in metrics},
        "events": {e: _event(completed, e, sides, confidence) for e in events},
    }


def _point_parameters(table: pd.DataFrame, parameters: Sequence[str]) -> dict[str, Any]:
    """The sweep values of a point; a parameter that varies within a point is a caller's bug
    that would silently mix two configurations, so it is refused."""
    values: dict[str, Any] = {}
    for key in parameters:
        if table[key].nunique(dropna=False) > 1:
            point = table["point"].iloc[0]
            raise ValueError(f"parameter {key} varies within point {point}")
        values[key] = _parameter_value(table[key].iloc[0])
    return values


def _failures(failed: pd.DataFrame) -> list[dict[str, Any]]:
    """Run, seed and error of failed runs; read column by column, since a row of a table
    would cast a uint64 seed to float and lose its low digits."""
    errors = failed["error"] if "error" in failed.columns else [None] * len(failed)
    return [
        {"run": int(run), "seed": int(seed), "error": None if _is_missing(error) else str(error)}
        for run, seed, error in zip(
            failed["run"].tolist(), failed["seed"].tolist(), errors, strict=True
        )
    ]


def _outcomes(
    completed: pd.DataFrame, sides: Sequence[str], confidence: float
) -> dict[str, dict[str, Any]]:
    """Count and share of every outcome. Every side, draw and undecided are always present, so
    points compare column for column; any other label a run reports is appended, sorted."""
    counts = completed["outcome"].dropna().astype(str).value_counts()
    labels = [*sides, *(label for label in FIXED_OUTCOMES if label not in sides)]
    labels += sorted(label for label in counts.index if label not in labels)
    return {
        label: _share(int(counts.get(label, 0)), len(completed), "ci", confidence)
        for label in labels
    }


def _share(count: int, n: int, ci_key: str, confidence: float) -> dict[str, Any]:
    low, high = wilson_interval(count, n, confidence)
    share = count / n if n else None
    return {
        "count": count,
        "share": round_number(share),
        ci_key: [round_number(low), round_number(high)],
    }


def _metric(values: pd.Series, confidence: float) -> dict[str, Any]:
    """Distribution of one metric over the completed runs (finite values only)."""
    sample = _finite(values)
    mean, mean_low, mean_high = mean_interval(sample, confidence)
    median, median_low, median_high = median_interval(sample, confidence)
    empty = sample.size == 0
    return {
        "n": int(sample.size),
        "mean": round_number(mean),
        "mean_ci": [round_number(mean_low), round_number(mean_high)],
        "median": round_number(median),
        "median_ci": [round_number(median_low), round_number(median_high)],
        "std": round_number(float(sample.std(ddof=1)) if sample.size > 1 else None),
        "min": None if empty else round_number(float(sample.min())),
        "p5": None if empty else round_number(float(np.percentile(sample, 5))),
        "p95": None if empty else round_number(float(np.percentile(sample, 95))),
        "max": None if empty else round_number(float(sample.max())),
    }


def _event(
    completed: pd.DataFrame, column: str, sides: Sequence[str], confidence: float
) -> dict[str, Any]:
    """How often an event happened (over all completed runs) and on which day (over the runs
    where it happened)."""
    days = pd.to_numeric(completed[column], errors="coerce")
    happened = days[np.isfinite(days.to_numpy(dtype=float))]
    sample = happened.to_numpy(dtype=float)
    median, median_low, median_high = median_interval(sample, confidence)
    occurred = _share(int(sample.size), len(completed), "share_ci", confidence)
    result: dict[str, Any] = {
        "occurred": occurred["count"],
        "share": occurred["share"],
        "share_ci": occurred["share_ci"],
        "median_day": round_number(median),
        "median_day_ci": [round_number(median_low), round_number(median_high)],
        "mean_day": round_number(float(sample.mean()) if sample.size else None),
        "min_day": round_number(float(sample.min()) if sample.size else None),
        "max_day": round_number(float(sample.max()) if sample.size else None),
    }
    if column.endswith(TAKEN_DAY_SUFFIX):
        result["taken_by"] = _taken_by(completed, column, happened.index, sides)
    return result


def _taken_by(
    completed: pd.DataFrame, column: str, happened: pd.Index, sides: Sequence[str]
) -> dict[str, int]:
    """Who took an objective, in the runs where it was taken: sides in the given order, then
    any other taker, sorted; sides that never took it are left out. A missing ``_taken_by``
    column means no run recorded a taker."""
    taker_column = column[: -len(DAY_SUFFIX)] + "_by"
    if taker_column not in completed.columns:
        return {}
    counts = completed.loc[happened, taker_column].dropna().astype(str).value_counts()
    order = [*(s for s in sides if s in counts.index), *sorted(set(counts.index) - set(sides))]
    return {side: int(counts[side]) for side in order}


def _finite(values: pd.Series) -> np.ndarray:
    array = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    return array[np.isfinite(array)]


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def _parameter_value(value: Hashable) -> Any:
    """A sweep value as the Python scalar it was set as: numpy scalars unwrapped, NaN as None,
    never rounded (it names a configuration, it is not a measurement)."""
    if isinstance(value, np.generic):
        value = value.item()
    if _is_missing(value) or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return value


def round_number(value: float | None) -> float | None:
    """Round to SIGNIFICANT_DIGITS, keeping at least that many decimals below 1 in magnitude
    and never rounding away integer digits (1234.5678 -> 1234.5678, 0.000123456 -> 0.0001235);
    NaN and infinities, which JSON cannot hold, become None."""
    if value is None or not math.isfinite(value):
        return None
    if value == 0:
        return 0.0
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(SIGNIFICANT_DIGITS, SIGNIFICANT_DIGITS - 1 - magnitude)
    return round(float(value), decimals)
