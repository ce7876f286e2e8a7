"""The markdown report of a batch summary (the dict ``describe_batch`` returns), written to the
batch's output folder: a header, a comparison across sweep points (if a sweep), then per point
its outcomes, metrics, events and failures.

It reads only the plain summary dict, so it renders a ``summary.json`` read back from disk as
well as a fresh one. Optional top-level keys the caller adds (title, file, runs_per_point,
base_seed, overrides) are shown when present.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sim.batch.summary_format import (
    MISSING,
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
    with_ci,
)

HEADLINE_METRICS = ("personnel_lost", "equipment_lost", "aircraft_lost", "points")
"""Per-side metrics compared across sweep points: the costs and the gains of a side."""


def summary_markdown(summary: Summary) -> str:
    """A GitHub-markdown report: header, comparison across points (if a sweep), then per point
    its outcomes, metrics, events and failures."""
    points = summary["points"]
    lines = _markdown_header(summary)
    if len(points) > 1:
        lines += _comparison_section(summary)
    if summary.get("paired"):
        lines += _paired_section(summary)
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
        lines.append(f"- **Runs per point:** {number(summary['runs_per_point'])}{seed_text}")
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
        f"- **Runs:** {number(completed + failed)} in all, {number(completed)} completed, "
        f"{number(failed)} failed (failed runs are left out of every statistic)"
    )
    lines.append(
        f"- **Intervals:** {ci_level(summary)}: Wilson for shares, Student's t for means, "
        "order statistics for medians"
    )
    return [*lines, ""]


def _comparison_section(summary: Summary) -> list[str]:
    """Two tables across points: outcome shares, then the means of the headline metrics."""
    points = summary["points"]
    parameters = summary["parameters"]
    labels = outcome_labels(summary, points)
    metrics = _headline_metrics(summary)
    level = ci_level(summary)
    outcome_rows = [
        [
            *_parameter_cells(point, parameters),
            number(point["completed"]),
            number(point["failed"]),
        ]
        + [share_with_ci(point["outcomes"][label]) for label in labels]
        for point in points
    ]
    metric_rows = [
        [*_parameter_cells(point, parameters)]
        + [mean_with_ci(point["metrics"][metric]) for metric in metrics]
        for point in points
    ]
    lines = ["## Comparison across points", "", f"Outcome shares [{level}]:", ""]
    lines += _table(["point", *parameters, "completed", "failed", *labels], outcome_rows)
    if metrics:
        lines += ["", f"Means [{level}]:", ""]
        lines += _table(["point", *parameters, *(metric_label(m) for m in metrics)], metric_rows)
    return [*lines, ""]


def _paired_section(summary: Summary) -> list[str]:
    """Each point minus the first, run by run (the same seeds at every point)."""
    paired = summary["paired"]
    measures = list(paired[0]["measures"])
    rows = [
        [str(entry["point"]), number(entry["pairs"])]
        + [signed_difference(m, entry["measures"][m]) for m in measures]
        for entry in paired
    ]
    lines = [
        f"## Differences from point {paired[0]['baseline']}, run by run",
        "",
        "Run i has the same seed at every point, so each point is compared with the first pair "
        f"by pair: the mean difference over the runs completed at both [{ci_level(summary)}]; "
        "wins in percentage points.",
        "",
    ]
    lines += _table(["point", "pairs", *(metric_label(m) for m in measures)], rows)
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
    return [str(point["point"]), *(scalar(point["parameters"].get(p)) for p in parameters)]


def _point_section(summary: Summary, point: Point, titled: bool) -> list[str]:
    heading = f"## Point {point['point']}" if titled else "## Results"
    if point["parameters"]:
        heading += f": {_settings(point['parameters'])}"
    lines = [heading, ""]
    lines.append(
        f"{number(point['completed'])} of {number(point['runs'])} runs completed, "
        f"{number(point['failed'])} failed."
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
        [label, number(data["count"]), share_with_ci(data)]
        for label, data in point["outcomes"].items()
    ]
    headers = ["outcome", "runs", f"share [{ci_level(summary)}]"]
    return ["### Outcomes", "", *_table(headers, rows), ""]


def _metrics_section(summary: Summary, point: Point) -> list[str]:
    """The metrics table; metrics that were zero in every run, or never recorded, are named in
    one line each instead of filling the table with rows of zeros."""
    level = ci_level(summary)
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
        number(data["n"]),
        mean_with_ci(data),
        with_ci(data["median"], data["median_ci"]),
        _range(data["p5"], data["p95"]),
        _range(data["min"], data["max"]),
    ]


def _events_section(summary: Summary, point: Point) -> list[str]:
    events = point["events"]
    if not events:
        return []
    level = ci_level(summary)
    with_takers = any("taken_by" in data for data in events.values())
    headers = ["event", "runs", f"share [{level}]", f"median day [{level}]", "mean day"]
    headers += ["first-last day", *(["taken by"] if with_takers else [])]
    rows = []
    for name, data in events.items():
        row = [
            _code(name),
            number(data["occurred"]),
            share_with_ci({"share": data["share"], "ci": data["share_ci"]}),
            with_ci(data["median_day"], data["median_day_ci"]),
            number(data["mean_day"]),
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
    return ", ".join(f"{side} {number(count)}" for side, count in taken_by.items())


def _failures_section(point: Point) -> list[str]:
    if not point["failed"]:
        return []
    lines = ["### Failures", ""]
    for failure in point["failures"]:
        lines.append(f"- run {failure['run']} (seed {failure['seed']}): {error(failure)}")
    hidden = point.get("failures_not_listed", 0)
    if hidden:
        lines.append(f"- ... and {number(hidden)} more not listed")
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


def _settings(values: Mapping[str, Any]) -> str:
    return ", ".join(f"{_code(key)} = {_code(scalar(value))}" for key, value in values.items())


def _range(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return MISSING
    separator = " to " if low < 0 else "-"
    return f"{number(low)}{separator}{number(high)}"
