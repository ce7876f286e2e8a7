"""The review of a batch: its statistical summary as HTML tables, and its plots.

It shows what summary.md shows (outcome shares and headline means with their intervals per
sweep point, the paired differences, the events, every metric), formatted by the same helpers
(:mod:`sim.batch.summary_format`) so that a figure reads the same on the page, in summary.md
and on the terminal.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sim.batch.summary_format import (
    MISSING,
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
from sim.batch.summary_markdown import HEADLINE_METRICS
from sim.report.page import Markup, el, facts, figure, join, table
from sim.report.sources import BatchRecord

SECTIONS = (
    ("batch", "The batch"),
    ("outcomes", "Outcomes"),
    ("metrics", "Headline metrics"),
    ("paired", "Paired differences"),
    ("events", "Events"),
    ("all-metrics", "Every metric"),
    ("plots", "Plots"),
)

PLOT_CAPTIONS = {
    "outcomes.png": "Outcome shares per sweep point, with 95% Wilson intervals.",
    "losses.png": "Per side and point: personnel, equipment and aircraft lost per run (box "
    "plots, every run a dot, the mean a diamond).",
    "objectives.png": "The share of runs in which each objective had fallen (and each side's "
    "air defence had lost half or four fifths of its radars and launchers) by day t, with a "
    "95% band.",
    "sweep.png": "The response to the first swept key, with 95% intervals.",
}


def batch_sections(record: BatchRecord) -> list[tuple[str, str, Markup]]:
    """(id, heading, body) of every section of a batch's review."""
    summary = record.summary
    bodies = {
        "batch": _header(record),
        "outcomes": _outcomes(summary),
        "metrics": _headline(summary),
        "paired": _paired(summary),
        "events": _events(summary),
        "all-metrics": _all_metrics(summary),
        "plots": _plots(record),
    }
    return [(id_, title, bodies[id_]) for id_, title in SECTIONS]


def _header(record: BatchRecord) -> Markup:
    summary, batch = record.summary, record.batch
    plan = batch.get("plan", {})
    points = summary["points"]
    completed = sum(int(p.get("completed", 0)) for p in points)
    failed = sum(int(p.get("failed", 0)) for p in points)
    details = [
        ("Scenario", summary.get("title") or MISSING),
        ("Scenario file", summary.get("file") or plan.get("scenario") or MISSING),
        ("Runs per point", number(summary.get("runs_per_point", plan.get("runs")))),
        ("Base seed", scalar(summary.get("base_seed", plan.get("base_seed")))),
        ("Sweep points", number(len(points))),
        ("Runs", f"{number(completed + failed)} in all: {number(completed)} completed, "
         f"{number(failed)} failed (failed runs are left out of every statistic)"),
        ("Intervals", f"{ci_level(summary)}: Wilson for shares, Student's t for means, order "
         "statistics for medians"),
    ]  # fmt: skip
    if summary.get("overrides"):
        details.append(("Fixed overrides", _settings(summary["overrides"])))
    for key, values in (summary.get("sweeps") or {}).items():
        details.append((f"Swept: {key}", ", ".join(scalar(v) for v in values)))
    if batch.get("fingerprint"):
        details.append(("Scenario files' fingerprint", str(batch["fingerprint"])))
    parts: list[Any] = [facts(details)]
    sessions = batch.get("sessions") or []
    if sessions:
        rows = [
            [s.get("executor", MISSING), number(s.get("runs")), number(s.get("elapsed_s"))]
            for s in sessions
            if isinstance(s, Mapping)
        ]
        parts += [
            el("h3", "Sessions that played it"),
            table(["executor", "runs", "seconds"], rows, numeric=(1, 2)),
        ]
    if batch.get("complete") is False:
        parts.append(el("p", "The batch is not complete: finish it with --resume.", class_="note"))
    return join(parts)


def _parameters(summary: Mapping[str, Any], point: Mapping[str, Any]) -> list[str]:
    return [
        str(point.get("point")),
        *(scalar(point["parameters"].get(p)) for p in summary["parameters"]),
    ]


def _outcomes(summary: Mapping[str, Any]) -> Markup:
    points = summary["points"]
    labels = outcome_labels(summary, points)
    headers = ["point", *summary["parameters"], "completed", "failed", *labels]
    rows = [
        [
            *_parameters(summary, p),
            number(p.get("completed")),
            number(p.get("failed")),
            *(share_with_ci(p["outcomes"].get(label, {})) for label in labels),
        ]
        for p in points
    ]
    first = 1 + len(summary["parameters"])
    return join(
        [
            el("p", f"Share of completed runs that ended with each outcome [{ci_level(summary)}]."),
            table(headers, rows, numeric=range(first, len(headers))),
        ]
    )


def _headline_metrics(summary: Mapping[str, Any]) -> list[str]:
    available = summary["points"][0].get("metrics", {}) if summary["points"] else {}
    length = [m for m in ("days", "turns") if m in available][:1]
    per_side = [
        f"{side}_{name}"
        for side in summary["sides"]
        for name in HEADLINE_METRICS
        if f"{side}_{name}" in available
    ]
    return length + per_side


def _headline(summary: Mapping[str, Any]) -> Markup:
    """One row per metric, one column per point: there are more metrics than points."""
    metrics = _headline_metrics(summary)
    if not metrics:
        return el("p", "No metric was recorded.")
    points = summary["points"]
    headers = ["metric", *(_point_label(p) for p in points)]
    rows = [
        [
            metric_label(m),
            *(mean_with_ci(p["metrics"][m]) if m in p.get("metrics", {}) else MISSING
              for p in points),
        ]
        for m in metrics
    ]  # fmt: skip
    return join(
        [
            el("p", f"Means over the completed runs [{ci_level(summary)}]."),
            table(headers, rows, numeric=range(1, len(headers))),
        ]
    )


def _paired(summary: Mapping[str, Any]) -> Markup:
    """One row per measure, one column per point compared with the first."""
    paired = summary.get("paired") or []
    if not paired:
        return el("p", "There is a single sweep point: nothing to compare run by run.")
    by_point = {p.get("point"): p for p in summary["points"]}
    measures = list(paired[0].get("measures", {}))
    headers = ["measure"]
    for entry in paired:
        point = by_point.get(entry.get("point"), {"point": entry.get("point")})
        headers.append(f"{_point_label(point)}, {number(entry.get('pairs'))} pairs")
    rows = [
        [
            metric_label(m),
            *(signed_difference(m, entry["measures"].get(m, {})) for entry in paired),
        ]
        for m in measures
    ]
    return join(
        [
            el(
                "p",
                f"Run i has the same seed at every point, so each point is compared with point "
                f"{paired[0].get('baseline', 0)} pair by pair: the mean difference over the runs "
                f"completed at both [{ci_level(summary)}]; wins in percentage points.",
            ),
            table(headers, rows, numeric=range(1, len(headers))),
        ]
    )


def _point_label(point: Mapping[str, Any]) -> str:
    """``point 1 (3.0)``: the point and its parameter values, for a column's head."""
    values = ", ".join(scalar(v) for v in (point.get("parameters") or {}).values())
    return f"point {point.get('point')}" + (f" ({values})" if values else "")


def _events(summary: Mapping[str, Any]) -> Markup:
    level = ci_level(summary)
    parts: list[Any] = [
        el(
            "p",
            "Days over the runs where the event happened; shares over all completed runs.",
        )
    ]
    listed = False
    for point in summary["points"]:
        events = point.get("events") or {}
        if not events:
            continue
        listed = True
        takers = any("taken_by" in data for data in events.values())
        headers = ["event", "runs", f"share [{level}]", f"median day [{level}]", "mean day"]
        headers += ["first-last day", *(["taken by"] if takers else [])]
        rows = []
        for name, data in events.items():
            row = [
                metric_label(name),
                number(data.get("occurred")),
                share_with_ci({"share": data.get("share"), "ci": data.get("share_ci")}),
                with_ci(data.get("median_day"), data.get("median_day_ci")),
                number(data.get("mean_day")),
                _range(data.get("min_day"), data.get("max_day")),
            ]
            if takers:
                taken = data.get("taken_by") or {}
                row.append(", ".join(f"{s} {number(n)}" for s, n in taken.items()) or MISSING)
            rows.append(row)
        parts += [el("h3", _point_title(point)), table(headers, rows, numeric=range(1, 6))]
    if not listed:
        return el("p", "The batch recorded no events (objectives, air defence worn down).")
    return join(parts)


def _all_metrics(summary: Mapping[str, Any]) -> Markup:
    level = ci_level(summary)
    parts: list[Any] = []
    headers = ["metric", "n", f"mean [{level}]", f"median [{level}]", "p5-p95", "min-max"]
    for point in summary["points"]:
        rows, zero = [], []
        for name, data in (point.get("metrics") or {}).items():
            if not data.get("n"):
                continue
            if data.get("min") == 0 and data.get("max") == 0:
                zero.append(metric_label(name))
                continue
            rows.append(
                [
                    metric_label(name),
                    number(data["n"]),
                    mean_with_ci(data),
                    with_ci(data.get("median"), data.get("median_ci")),
                    _range(data.get("p5"), data.get("p95")),
                    _range(data.get("min"), data.get("max")),
                ]
            )
        body: list[Any] = [table(headers, rows, numeric=range(1, 6))] if rows else []
        if zero:
            body.append(el("p", "Zero in every run: " + ", ".join(zero) + ".", class_="dim"))
        failures = point.get("failures") or []
        if failures:
            items = [
                el("li", f"run {f.get('run')} (seed {f.get('seed')}): {error(f)}") for f in failures
            ]
            body += [el("h4", "Failed runs"), el("ul", items)]
        summary_line = (
            f"{_point_title(point)}: {number(point.get('completed'))} of "
            f"{number(point.get('runs'))} runs completed"
        )
        parts.append(el("details", el("summary", summary_line), body))
    return join(parts)


def _plots(record: BatchRecord) -> Markup:
    if not record.plots:
        return el("p", "The batch has no plots (it was run with --no-plots).")
    return join(
        [
            figure(png, name, f"{name}: {PLOT_CAPTIONS.get(name, 'a plot of the batch.')}")
            for name, png in record.plots
        ]
    )


def _point_title(point: Mapping[str, Any]) -> str:
    title = f"Point {point.get('point')}"
    if point.get("parameters"):
        title += ": " + _settings(point["parameters"])
    return title


def _settings(values: Mapping[str, Any]) -> str:
    return ", ".join(f"{key} = {scalar(value)}" for key, value in values.items())


def _range(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return MISSING
    separator = " to " if low < 0 else "-"
    return f"{number(low)}{separator}{number(high)}"
