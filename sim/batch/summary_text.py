"""Text renderings of a batch summary (the dict ``describe_batch`` returns): a markdown report
for the batch's output folder and a compact block for the terminal after the batch.

Both read only the plain summary dict, so they render a ``summary.json`` read back from disk as
well as a fresh one. Optional top-level keys the caller adds (title, file, runs_per_point,
base_seed, overrides) are shown when present.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

Summary = Mapping[str, Any]
Point = Mapping[str, Any]

HEADLINE_METRICS = ("personnel_lost", "equipment_lost", "aircraft_lost", "points")
"""Per-side metrics compared across sweep points: the costs and the gains of a side."""

TERMINAL_LOSSES = ("personnel_lost", "equipment_lost", "aircraft_lost")
FIXED_OUTCOMES = ("draw", "undecided")
MISSING = "-"
MAX_ERROR_CHARS = 100


# --- markdown -------------------------------------------------------------------------------


def summary_markdown(summary: Summary) -> str:
    """A GitHub-markdown report: header, comparison across points (if a sweep), then per point
    its outcomes, metrics, events and failures."""
    points = summary["points"]
    lines = _markdown_header(summary)
    if len(points) > 1:
        lines += _comparison_section(summary)
    for point in points:
        lines += _point_section(summary, point, titled=len(points) > 1 or bool(point["parameters"]))
    return "\n".join(lines).rstrip() + "\n"


def _markdown_header(summary: Summary) -> list[str]:
    title = summary.get("title")
    points = summary["points"]
    lines = [f"# Batch: {title}" if title else "# Batch summary", ""]
    if summary.get("file"):
        lines.append(f"- **Scenario file:** {_code(summary['file'])}")
    if summary.get("runs_per_point") is not None:
        seed = summary.get("base_seed")
        seed_text = f" (base seed {seed})" if seed is not None else ""
        lines.append(f"- **Runs per point:** {_number(summary['runs_per_point'])}{seed_text}")
    elif summary.get("base_seed") is not None:
        lines.append(f"- **Base seed:** {summary['base_seed']}")
    if summary.get("overrides"):
        lines.append(f"- **Fixed overrides:** {_settings(summary['overrides'])}")
    if summary["parameters"]:
        swept = ", ".join(_code(p) for p in summary["parameters"])
        lines.append(f"- **Sweep:** {swept} over {len(points)} points")
    completed = sum(p["completed"] for p in points)
    failed = sum(p["failed"] for p in points)
    lines.append(
        f"- **Runs:** {_number(completed + failed)} in all, {_number(completed)} completed, "
        f"{_number(failed)} failed (failed runs are left out of every statistic)"
    )
    lines.append(
        f"- **Intervals:** {_level(summary)}: Wilson for shares, Student's t for means, "
        "order statistics for medians"
    )
    return [*lines, ""]


def _comparison_section(summary: Summary) -> list[str]:
    """Two tables across points: outcome shares, then the means of the headline metrics."""
    points = summary["points"]
    parameters = summary["parameters"]
    labels = _outcome_labels(summary, points)
    metrics = _headline_metrics(summary)
    level = _level(summary)
    outcome_rows = [
        [
            *_parameter_cells(point, parameters),
            _number(point["completed"]),
            _number(point["failed"]),
        ]
        + [_share_with_ci(point["outcomes"][label]) for label in labels]
        for point in points
    ]
    metric_rows = [
        [*_parameter_cells(point, parameters)]
        + [_mean_with_ci(point["metrics"][metric]) for metric in metrics]
        for point in points
    ]
    lines = ["## Comparison across points", "", f"Outcome shares [{level}]:", ""]
    lines += _table(["point", *parameters, "completed", "failed", *labels], outcome_rows)
    if metrics:
        lines += ["", f"Means [{level}]:", ""]
        lines += _table(["point", *parameters, *(_label(m) for m in metrics)], metric_rows)
    return [*lines, ""]


def _headline_metrics(summary: Summary) -> list[str]:
    """Game length (days if recorded, else turns) and each side's headline metrics present."""
    available = summary["points"][0]["metrics"] if summary["points"] else {}
    length = [m for m in ("days", "turns") if m in available][:1]
    per_side = [
        f"{side}_{name}"
        for side in summary["sides"]
        for name in HEADLINE_METRICS
        if f"{side}_{name}" in available
    ]
    return length + per_side


def _parameter_cells(point: Point, parameters: Sequence[str]) -> list[str]:
    return [str(point["point"]), *(_scalar(point["parameters"].get(p)) for p in parameters)]


def _point_section(summary: Summary, point: Point, titled: bool) -> list[str]:
    heading = f"## Point {point['point']}" if titled else "## Results"
    if point["parameters"]:
        heading += f": {_settings(point['parameters'])}"
    lines = [heading, ""]
    lines.append(
        f"{_number(point['completed'])} of {_number(point['runs'])} runs completed, "
        f"{_number(point['failed'])} failed."
    )
    lines.append("")
    if point["completed"]:
        lines += _outcomes_section(summary, point)
        lines += _metrics_section(summary, point)
        lines += _events_section(summary, point)
    else:
        lines += ["No run completed: there is nothing to report but the failures.", ""]
    lines += _failures_section(point)
    return lines


def _outcomes_section(summary: Summary, point: Point) -> list[str]:
    rows = [
        [label, _number(data["count"]), _share_with_ci(data)]
        for label, data in point["outcomes"].items()
    ]
    headers = ["outcome", "runs", f"share [{_level(summary)}]"]
    return ["### Outcomes", "", *_table(headers, rows), ""]


def _metrics_section(summary: Summary, point: Point) -> list[str]:
    """The metrics table; metrics that were zero in every run, or never recorded, are named in
    one line each instead of filling the table with rows of zeros."""
    level = _level(summary)
    rows, always_zero, no_value = [], [], []
    for name, data in point["metrics"].items():
        if data["n"] == 0:
            no_value.append(name)
        elif data["min"] == 0 and data["max"] == 0:
            always_zero.append(name)
        else:
            rows.append(_metric_row(name, data))
    if not point["metrics"]:
        return []
    lines = ["### Metrics", ""]
    if rows:
        headers = ["metric", "n", f"mean [{level}]", f"median [{level}]", "p5-p95", "min-max"]
        lines += [*_table(headers, rows), ""]
    if always_zero:
        lines += [f"Zero in every run: {', '.join(_code(m) for m in always_zero)}.", ""]
    if no_value:
        lines += [f"No value in any completed run: {', '.join(_code(m) for m in no_value)}.", ""]
    return lines


def _metric_row(name: str, data: Mapping[str, Any]) -> list[str]:
    return [
        _code(name),
        _number(data["n"]),
        _mean_with_ci(data),
        _with_ci(data["median"], data["median_ci"]),
        _range(data["p5"], data["p95"]),
        _range(data["min"], data["max"]),
    ]


def _events_section(summary: Summary, point: Point) -> list[str]:
    events = point["events"]
    if not events:
        return []
    level = _level(summary)
    with_takers = any("taken_by" in data for data in events.values())
    headers = ["event", "runs", f"share [{level}]", f"median day [{level}]", "mean day"]
    headers += ["first-last day", *(["taken by"] if with_takers else [])]
    rows = []
    for name, data in events.items():
        row = [
            _code(name),
            _number(data["occurred"]),
            _share_with_ci({"share": data["share"], "ci": data["share_ci"]}),
            _with_ci(data["median_day"], data["median_day_ci"]),
            _number(data["mean_day"]),
            _range(data["min_day"], data["max_day"]),
        ]
        if with_takers:
            row.append(_takers(data.get("taken_by")))
        rows.append(row)
    note = "Days over the runs where the event happened; share over all completed runs."
    return ["### Events", "", *_table(headers, rows), "", note, ""]


def _takers(taken_by: Mapping[str, int] | None) -> str:
    if not taken_by:
        return MISSING
    return ", ".join(f"{side} {_number(count)}" for side, count in taken_by.items())


def _failures_section(point: Point) -> list[str]:
    if not point["failed"]:
        return []
    lines = ["### Failures", ""]
    for failure in point["failures"]:
        lines.append(f"- run {failure['run']} (seed {failure['seed']}): {_error(failure)}")
    hidden = point.get("failures_not_listed", 0)
    if hidden:
        lines.append(f"- ... and {_number(hidden)} more not listed")
    return [*lines, ""]


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A GitHub-markdown table; every cell is escaped, so no text can split a column."""
    lines = [_table_row(headers), _table_row(["---"] * len(headers))]
    return lines + [_table_row(row) for row in rows]


def _table_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(_escape_cell(cell) for cell in cells) + " |"


def _escape_cell(text: str) -> str:
    return " ".join(str(text).splitlines()).replace("|", "\\|")


def _code(text: Any) -> str:
    """Inline code, with a fence long enough for any backtick inside."""
    text = str(text)
    fence = "``" if "`" in text else "`"
    padding = " " if "`" in text else ""
    return f"{fence}{padding}{text}{padding}{fence}"


# --- terminal -------------------------------------------------------------------------------


def summary_terminal(summary: Summary) -> str:
    """A few lines per point: completed and failed, outcome shares, game length and each
    side's mean losses, each with its interval."""
    points = summary["points"]
    lines = [_terminal_header(summary)]
    for point in points:
        lines += _terminal_point(summary, point, single=len(points) == 1)
    return "\n".join(lines) + "\n"


def _terminal_header(summary: Summary) -> str:
    parts = [str(summary.get("title") or summary.get("file") or "Batch")]
    if summary.get("runs_per_point") is not None:
        parts.append(f"{_number(summary['runs_per_point'])} runs per point")
    if summary.get("base_seed") is not None:
        parts.append(f"base seed {summary['base_seed']}")
    if summary.get("overrides"):
        parts.append(", ".join(f"{k}={_scalar(v)}" for k, v in summary["overrides"].items()))
    parts.append(f"intervals {_level(summary)}")
    return "; ".join(parts)


def _terminal_point(summary: Summary, point: Point, single: bool) -> list[str]:
    name = "all runs" if single and not point["parameters"] else f"point {point['point']}"
    if point["parameters"]:
        name += " (" + ", ".join(f"{k}={_scalar(v)}" for k, v in point["parameters"].items()) + ")"
    status = f"{name}: {point['completed']}/{point['runs']} completed, {point['failed']} failed"
    if point["failures"]:
        first = point["failures"][0]
        status += f" (first: run {first['run']}: {_error(first)[:MAX_ERROR_CHARS]})"
    lines = [status]
    if not point["completed"]:
        return lines
    labels = _outcome_labels(summary, [point])
    shares = ", ".join(f"{label} {_share_with_ci(point['outcomes'][label])}" for label in labels)
    lines.append(f"  {'outcome':<15} {shares}")
    metrics = point["metrics"]
    length = next((m for m in ("days", "turns") if m in metrics), None)
    if length:
        lines.append(f"  {length:<15} {_mean_with_ci(metrics[length])}")
    for loss in TERMINAL_LOSSES:
        per_side = [
            f"{side} {_mean_with_ci(metrics[f'{side}_{loss}'])}"
            for side in summary["sides"]
            if f"{side}_{loss}" in metrics
        ]
        if per_side:
            lines.append(f"  {_label(loss):<15} " + "; ".join(per_side))
    return lines


# --- shared formatting ----------------------------------------------------------------------


def _outcome_labels(summary: Summary, points: Sequence[Point]) -> list[str]:
    """Every side, then draw, undecided and any other label only where some run had it: an
    always-empty column says nothing."""
    present = [label for point in points for label in point["outcomes"]]
    ordered = list(dict.fromkeys([*summary["sides"], *present]))
    return [
        label
        for label in ordered
        if label in summary["sides"]
        or any(point["outcomes"].get(label, {}).get("count") for point in points)
    ]


def _level(summary: Summary) -> str:
    return f"{_plain_number(summary['confidence'] * 100)}% CI"


def _label(metric: str) -> str:
    return metric.replace("_", " ")


def _settings(values: Mapping[str, Any]) -> str:
    return ", ".join(f"{_code(key)} = {_code(_scalar(value))}" for key, value in values.items())


def _scalar(value: Any) -> str:
    """A YAML scalar as it would be written on the command line."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _error(failure: Mapping[str, Any]) -> str:
    return failure.get("error") or "(no error message)"


def _mean_with_ci(data: Mapping[str, Any]) -> str:
    return _with_ci(data["mean"], data["mean_ci"])


def _with_ci(value: float | None, ci: Sequence[float | None] | None) -> str:
    """``value [low, high]``; just the value when the sample cannot support an interval."""
    if value is None:
        return MISSING
    if not ci or ci[0] is None or ci[1] is None:
        return _number(value)
    return f"{_number(value)} [{_number(ci[0])}, {_number(ci[1])}]"


def _share_with_ci(data: Mapping[str, Any]) -> str:
    if data.get("share") is None:
        return MISSING
    ci = data.get("ci")
    if not ci or ci[0] is None:
        return _percent(data["share"])
    return f"{_percent(data['share'])} [{_percent_range(ci)}]"


def _percent_range(ci: Sequence[float | None] | None) -> str:
    if not ci or ci[0] is None or ci[1] is None:
        return MISSING
    return f"{_percent(ci[0]).removesuffix('%')}, {_percent(ci[1]).removesuffix('%')}"


def _range(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return MISSING
    separator = " to " if low < 0 else "-"
    return f"{_number(low)}{separator}{_number(high)}"


def _percent(share: float | None) -> str:
    """A share as a compact percentage: 41.2%, 0.05%, 100%; never 0% or 100% for a share that
    is not exactly 0 or 1."""
    if share is None:
        return MISSING
    percent = share * 100
    if percent in (0, 100):
        return f"{percent:.0f}%"
    if percent < 1:
        return f"{percent:.2g}%"
    text = f"{percent:.1f}".removesuffix(".0")
    return ">99.9%" if text == "100" else f"{text}%"


def _number(value: float | None) -> str:
    """Compact: three significant digits, thousands separated, integers as integers
    (12.3, 0.412, 1,234)."""
    if value is None:
        return MISSING
    if float(value).is_integer():
        return f"{int(value):,}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) < 1e-4:
        return f"{value:.2g}"
    decimals = 2 - math.floor(math.log10(abs(value)))
    return _strip_zeros(f"{value:,.{decimals}f}")


def _plain_number(value: float) -> str:
    """A number without grouping or float noise (95, 99.9, 0.5)."""
    return f"{value:.6g}"


def _strip_zeros(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text
