"""The compact terminal block of a batch summary (the dict ``describe_batch`` returns), printed
after the batch: a few lines per sweep point.

It reads only the plain summary dict, so it renders a ``summary.json`` read back from disk as
well as a fresh one. Optional top-level keys the caller adds (title, file, runs_per_point,
base_seed, overrides) are shown when present.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sim.batch.summary_format import (
    Point,
    Summary,
    ci_level,
    error,
    mean_with_ci,
    metric_label,
    number,
    outcome_labels,
    scalar,
    share_with_ci,
    signed_difference,
)

TERMINAL_LOSSES = ("personnel_lost", "equipment_lost", "aircraft_lost")
MAX_ERROR_CHARS = 100


def summary_terminal(summary: Summary) -> str:
    """A few lines per point: completed and failed, outcome shares, game length and each
    side's mean losses, each with its interval."""
    points = summary["points"]
    lines = [_terminal_header(summary)]
    paired = {entry["point"]: entry for entry in summary.get("paired", [])}
    for point in points:
        lines += _terminal_point(summary, point, single=len(points) == 1)
        if point["point"] in paired:
            lines.append(_terminal_paired(paired[point["point"]]))
    return "\n".join(lines) + "\n"


def _terminal_paired(entry: Mapping[str, Any]) -> str:
    """Who wins, and how long it lasts, against the first point, run by run."""
    shown = [m for m in entry["measures"] if m == "days" or m.endswith("_wins")]
    parts = [f"{metric_label(m)} {signed_difference(m, entry['measures'][m])}" for m in shown]
    return f"  {'vs point ' + str(entry['baseline']):<15} " + "; ".join(parts) + " (paired by run)"


def _terminal_header(summary: Summary) -> str:
    parts = [str(summary.get("title") or summary.get("file") or "Batch")]
    if summary.get("runs_per_point") is not None:
        parts.append(f"{number(summary['runs_per_point'])} runs per point")
    if summary.get("base_seed") is not None:
        parts.append(f"base seed {summary['base_seed']}")
    if summary.get("overrides"):
        parts.append(", ".join(f"{k}={scalar(v)}" for k, v in summary["overrides"].items()))
    parts.append(f"intervals {ci_level(summary)}")
    return "; ".join(parts)


def _terminal_point(summary: Summary, point: Point, single: bool) -> list[str]:
    name = "all runs" if single and not point["parameters"] else f"point {point['point']}"
    if point["parameters"]:
        name += " (" + ", ".join(f"{k}={scalar(v)}" for k, v in point["parameters"].items()) + ")"
    status = f"{name}: {point['completed']}/{point['runs']} completed, {point['failed']} failed"
    if point["failures"]:
        first = point["failures"][0]
        status += f" (first: run {first['run']}: {error(first)[:MAX_ERROR_CHARS]})"
    lines = [status]
    if not point["completed"]:
        return lines
    labels = outcome_labels(summary, [point])
    shares = ", ".join(f"{label} {share_with_ci(point['outcomes'][label])}" for label in labels)
    lines.append(f"  {'outcome':<15} {shares}")
    metrics = point["metrics"]
    length = next((m for m in ("days", "turns") if m in metrics), None)
    if length:
        lines.append(f"  {length:<15} {mean_with_ci(metrics[length])}")
    for loss in TERMINAL_LOSSES:
        per_side = [
            f"{side} {mean_with_ci(metrics[f'{side}_{loss}'])}"
            for side in summary["sides"]
            if f"{side}_{loss}" in metrics
        ]
        if per_side:
            lines.append(f"  {metric_label(loss):<15} " + "; ".join(per_side))
    return lines
