"""PNG plots of a batch: outcome shares, loss distributions, time to events, sweep responses.

Every plot reads the runs table (one row per run) and leaves failed runs out. The figures are
drawn with matplotlib's object API on the Agg canvas, never through pyplot, so plotting keeps no
global state and works in any process; the PNG metadata carries no software version, so the same
table always gives the same bytes. This is the only module of ``sim`` that imports matplotlib,
and the core never imports it.

Files written into ``out_dir`` (all 1600 x 1000 px, except that ``sweep.png`` grows 330 px per
row of panels beyond three rows):

- ``outcomes.png``, always: the share of each outcome per sweep point, Wilson 95% intervals.
- ``losses.png``, always: box plots of personnel and equipment lost per run, and of aircraft lost
  when any was, by side and sweep point.
- ``objectives.png``, when an objective was taken or an air-defence loss threshold was reached in
  at least one completed run: the share of completed runs in which it had happened by day t.
- ``sweep.png``, when the batch sweeps parameters: win shares, game length, losses and points
  against the first parameter, one line per combination of the other parameters' values.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from sim.batch.intervals import mean_interval, wilson_interval

DPI = 100
FIGURE_SIZE_IN = (16.0, 10.0)
SWEEP_ROW_HEIGHT_IN = 3.3
PNG_METADATA = {"Software": None}
"""Without the matplotlib version in the file, the same table gives the same bytes anywhere."""

SIDE_COLOURS = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#ff7f0e",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
)
OUTCOME_GREYS = {"draw": "#7f7f7f", "undecided": "#c7c7c7"}
EVENT_COLOURS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d")
NEUTRAL_COLOUR = "#333333"

TITLE_SIZE = 16
PANEL_TITLE_SIZE = 12
LABEL_SIZE = 11
TICK_SIZE = 10

LOSS_MEASURES = ("personnel_lost", "equipment_lost", "aircraft_lost")
SWEEP_SIDE_MEASURES = ("personnel_lost", "equipment_lost", "points")
MAX_EVENT_PANELS = 6
MAX_STRIP_DOTS = 300
"""Above this many runs in a box, the individual runs would hide it: draw the box alone."""

AIR_DEFENCE_DAY = re.compile(r"^(?P<side>.+)_radar_air_defence_(?P<pct>\d+)pct_lost_day$")


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


@dataclass(frozen=True)
class SweepAxis:
    """The x position of each sweep point (by point index) and the ticks that label them."""

    x: dict[int, float]
    ticks: list[float]
    labels: list[str]
    categorical: bool
    dodge: float
    """How far apart to draw the lines at one x, so that their error bars stay visible."""


@dataclass(frozen=True)
class SweepMeasure:
    """A quantity of the sweep plot: how to estimate it (value, low, high) at one point."""

    title: str
    side: str | None
    estimate: Callable[[SweepPoint], tuple[float, float, float]]
    is_share: bool = False


def write_plots(
    runs: pd.DataFrame, parameters: list[str], sides: list[str], out_dir: Path, title: str
) -> list[str]:
    """Write the PNG plots of a batch into ``out_dir``; return their file names, sorted."""
    points = sweep_points(runs, parameters, title)
    events = event_columns(completed_runs(runs))
    builders: dict[str, Callable[[], Figure]] = {
        "outcomes.png": partial(plot_outcomes, points, sides, title),
        "losses.png": partial(plot_losses, points, sides, title),
    }
    if events:
        builders["objectives.png"] = partial(plot_events, points, events, sides, title)
    if parameters:
        builders["sweep.png"] = partial(plot_sweep, points, parameters, sides, title)
    for name in sorted(builders):
        save_png(builders[name](), Path(out_dir) / name)
    return sorted(builders)


# --- the table --------------------------------------------------------------------------------


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


def short_names(parameters: Sequence[str]) -> dict[str, str]:
    """The shortest dotted suffix of each key that still tells it apart from the others."""
    names = {}
    for key in parameters:
        parts = key.split(".")
        for length in range(1, len(parts) + 1):
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


def is_number(value: Any) -> bool:
    """True for ints and floats, not for bools (which belong on a categorical axis)."""
    if isinstance(value, bool | np.bool_):
        return False
    return isinstance(value, int | float | np.integer | np.floating)


def finite_values(rows: pd.DataFrame, column: str) -> np.ndarray:
    """The finite numbers of a column (NaN, None and missing columns give none)."""
    if column not in rows.columns:
        return np.empty(0)
    values = pd.to_numeric(rows[column], errors="coerce").to_numpy(dtype=float)
    return values[np.isfinite(values)]


def side_colours(sides: Sequence[str]) -> dict[str, str]:
    """One colour per side, fixed by the order of ``sides`` so every plot agrees."""
    return {side: SIDE_COLOURS[i % len(SIDE_COLOURS)] for i, side in enumerate(sides)}


# --- outcomes ---------------------------------------------------------------------------------


def outcome_order(points: Sequence[SweepPoint], sides: Sequence[str]) -> list[str]:
    """Every side (a side that never wins is worth showing), other winners, draw, undecided."""
    seen: set[str] = set()
    for point in points:
        seen.update(str(o) for o in point.completed.get("outcome", pd.Series()).dropna())
    others = sorted(seen - set(sides) - set(OUTCOME_GREYS))
    return [*sides, *others, *(o for o in OUTCOME_GREYS if o in seen)]


def outcome_colours(outcomes: Sequence[str], sides: Sequence[str]) -> dict[str, str]:
    """Side colours for the sides, greys for draw and undecided, the next colours for others."""
    colours = {**side_colours(sides), **OUTCOME_GREYS}
    extra = [o for o in outcomes if o not in colours]
    for i, outcome in enumerate(extra):
        colours[outcome] = SIDE_COLOURS[(len(sides) + i) % len(SIDE_COLOURS)]
    return colours


def outcome_share(point: SweepPoint, outcome: str) -> tuple[float, float, float]:
    """(share, low, high) of the completed runs of a point that ended in ``outcome``."""
    if point.n == 0:
        return math.nan, math.nan, math.nan
    wins = int((point.completed["outcome"] == outcome).sum())
    low, high = wilson_interval(wins, point.n)
    return wins / point.n, low, high


def plot_outcomes(points: Sequence[SweepPoint], sides: Sequence[str], title: str) -> Figure:
    """Grouped bars: per sweep point, the share of each outcome with its Wilson interval."""
    figure, ax = new_figure(f"{title}: outcomes of completed runs (95% Wilson intervals)")
    outcomes = outcome_order(points, sides)
    colours = outcome_colours(outcomes, sides)
    width = 0.8 / max(1, len(outcomes))
    label_bars = len(points) * len(outcomes) <= 16
    for j, outcome in enumerate(outcomes):
        x = np.arange(len(points)) + (j - (len(outcomes) - 1) / 2) * width
        share, low, high = np.array([outcome_share(p, outcome) for p in points]).reshape(-1, 3).T
        ax.bar(
            x,
            np.nan_to_num(share),
            width * 0.95,
            yerr=error_bars(share, low, high),
            color=colours[outcome],
            edgecolor="black",
            linewidth=0.5,
            capsize=3,
            label=outcome,
        )
        if label_bars:
            annotate_shares(ax, x, share, high)
    annotate_run_counts(ax, points)
    ax.set_ylim(0.0, 1.15)
    ax.set_ylabel("share of completed runs", fontsize=LABEL_SIZE)
    set_point_ticks(ax, points)
    if points:
        ax.legend(
            title="outcome",
            fontsize=LABEL_SIZE,
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            ncols=len(outcomes),
        )
    else:
        ax.text(0.5, 0.5, "no runs", transform=ax.transAxes, ha="center", fontsize=LABEL_SIZE)
    return figure


def annotate_shares(ax: Axes, x: np.ndarray, share: np.ndarray, high: np.ndarray) -> None:
    """Print each share above its error bar, when there are few enough bars to read them."""
    for position, value, top in zip(x, share, high, strict=True):
        if np.isfinite(value):
            y = (top if np.isfinite(top) else value) + 0.01
            ax.text(position, y, f"{value:.0%}", ha="center", va="bottom", fontsize=TICK_SIZE)


def annotate_run_counts(ax: Axes, points: Sequence[SweepPoint]) -> None:
    """Write n (and failed runs) over each group; say so where a point has no completed run."""
    size = TICK_SIZE if len(points) <= 8 else TICK_SIZE - 2
    for i, point in enumerate(points):
        text = f"n={point.n}" + (f"\n{point.failed} failed" if point.failed else "")
        ax.text(i, 1.07, text, ha="center", va="center", fontsize=size)
        if point.n == 0:
            ax.text(i, 0.3, "no completed runs", ha="center", rotation=90, fontsize=size)


# --- losses -----------------------------------------------------------------------------------


def loss_measures(points: Sequence[SweepPoint], sides: Sequence[str]) -> list[str]:
    """Personnel and equipment always; aircraft only when some side lost one."""
    aircraft = any(
        np.any(finite_values(p.completed, f"{side}_aircraft_lost") != 0)
        for p in points
        for side in sides
    )
    return [m for m in LOSS_MEASURES if m != "aircraft_lost" or aircraft]


def plot_losses(points: Sequence[SweepPoint], sides: Sequence[str], title: str) -> Figure:
    """Box plots of losses per run, one panel per measure, by sweep point and side."""
    measures = loss_measures(points, sides)
    figure = Figure(figsize=FIGURE_SIZE_IN, dpi=DPI, layout="constrained")
    figure.suptitle(f"{title}: losses per completed run", fontsize=TITLE_SIZE)
    axes = figure.subplots(len(measures), 1, sharex=True, squeeze=False)[:, 0]
    colours = side_colours(sides)
    for ax, measure in zip(axes, measures, strict=False):
        loss_panel(ax, points, sides, measure, colours)
    set_point_ticks(axes[-1], points)
    handles = [Patch(facecolor=colours[s], edgecolor="black", alpha=0.6, label=s) for s in sides]
    if handles:
        figure.legend(handles=handles, title="side", fontsize=LABEL_SIZE, loc="outside right upper")
    return figure


def loss_panel(
    ax: Axes,
    points: Sequence[SweepPoint],
    sides: Sequence[str],
    measure: str,
    colours: dict[str, str],
) -> None:
    """One measure: a box per (point, side), dodged around the point's position."""
    width = 0.8 / max(1, len(sides))
    jitter = np.random.default_rng(0)  # fixed: the dots must land in the same place every time
    drawn = False
    for j, side in enumerate(sides):
        offset = (j - (len(sides) - 1) / 2) * width
        samples = [
            (i + offset, finite_values(p.completed, f"{side}_{measure}"))
            for i, p in enumerate(points)
        ]
        samples = [(x, v) for x, v in samples if v.size]
        if not samples:
            continue
        drawn = True
        draw_boxes(ax, samples, width * 0.8, colours[side])
        for x, values in samples:
            if values.size <= MAX_STRIP_DOTS:
                spread = jitter.uniform(-width * 0.25, width * 0.25, values.size)
                ax.scatter(x + spread, values, s=6, color="black", alpha=0.35, zorder=3)
    label = measure.replace("_", " ")
    ax.set_title(f"{label} per run", fontsize=PANEL_TITLE_SIZE)
    ax.set_ylabel(label, fontsize=LABEL_SIZE)
    ax.tick_params(labelsize=TICK_SIZE)
    ax.grid(axis="y", alpha=0.3)
    if not drawn:
        ax.text(0.5, 0.5, "no data", transform=ax.transAxes, ha="center", fontsize=LABEL_SIZE)
    mark_empty_points(ax, points)


def mark_empty_points(ax: Axes, points: Sequence[SweepPoint]) -> None:
    """Say why a point has no boxes, rather than leave a gap that looks like a bug."""
    for i, point in enumerate(points):
        if point.n == 0 and len(points) > 1:
            ax.text(
                i,
                0.5,
                "no completed runs",
                transform=ax.get_xaxis_transform(),
                ha="center",
                va="center",
                rotation=90,
                fontsize=TICK_SIZE,
            )


def draw_boxes(
    ax: Axes, samples: Sequence[tuple[float, np.ndarray]], width: float, colour: str
) -> None:
    """Box plots (median, quartiles, 1.5 IQR whiskers, mean as a white diamond) in one colour."""
    boxes = ax.boxplot(
        [values for _, values in samples],
        positions=[x for x, _ in samples],
        widths=width,
        patch_artist=True,
        manage_ticks=False,
        showmeans=True,
        showfliers=False,
        medianprops={"color": "black"},
        meanprops={"marker": "D", "markerfacecolor": "white", "markeredgecolor": "black"},
    )
    for box in boxes["boxes"]:
        box.set_facecolor(colour)
        box.set_alpha(0.6)


# --- time to events ---------------------------------------------------------------------------


def event_columns(completed: pd.DataFrame) -> list[str]:
    """Objective-taken days, then air-defence-loss days, that occur in some completed run."""
    taken = [c for c in completed.columns if c.endswith("_taken_day")]
    lost = [c for c in completed.columns if c.endswith("_lost_day")]
    return [c for c in taken + lost if finite_values(completed, c).size]


def event_label(column: str) -> str:
    """A legend entry for an event column."""
    air_defence = AIR_DEFENCE_DAY.match(column)
    if air_defence:
        return f"{air_defence['side']}: {air_defence['pct']}% of radar air defence lost"
    if column.endswith("_taken_day"):
        return f"{column.removesuffix('_taken_day')} taken"
    return column.removesuffix("_day").replace("_", " ")


def event_styles(columns: Sequence[str], sides: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Air-defence losses in their side's colour, dashed; objectives in colours of their own."""
    colours = side_colours(sides)
    styles: dict[str, dict[str, Any]] = {}
    objectives = 0
    for column in columns:
        air_defence = AIR_DEFENCE_DAY.match(column)
        if air_defence:
            dashes = "--" if int(air_defence["pct"]) <= 50 else ":"
            colour = colours.get(air_defence["side"], NEUTRAL_COLOUR)
            styles[column] = {"color": colour, "linestyle": dashes}
        else:
            cycle, colour_index = divmod(objectives, len(EVENT_COLOURS))
            linestyle = ("-", "-.")[cycle % 2]
            styles[column] = {"color": EVENT_COLOURS[colour_index], "linestyle": linestyle}
            objectives += 1
    return styles


def cumulative_share(
    days: np.ndarray, n: int, horizon: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(t, share, low, high): the share of ``n`` runs in which the event happened by day t."""
    times = np.unique(np.concatenate([[0.0], days, [horizon]]))
    counts = np.searchsorted(np.sort(days), times, side="right")
    bounds = np.array([wilson_interval(int(k), n) for k in counts]).reshape(-1, 2)
    return times, counts / n, bounds[:, 0], bounds[:, 1]


def event_horizon(points: Sequence[SweepPoint], columns: Sequence[str]) -> float:
    """The largest game length (or event day) of any completed run: where the curves end."""
    ends = [finite_values(p.completed, c) for p in points for c in ("days", *columns)]
    longest = max((float(v.max()) for v in ends if v.size), default=0.0)
    return longest if longest > 0 else 1.0


def panel_points(points: Sequence[SweepPoint]) -> list[SweepPoint]:
    """At most MAX_EVENT_PANELS points, spread evenly over the sweep, first and last included."""
    if len(points) <= MAX_EVENT_PANELS:
        return list(points)
    picks = np.unique(np.round(np.linspace(0, len(points) - 1, MAX_EVENT_PANELS)).astype(int))
    return [points[i] for i in picks]


def plot_events(
    points: Sequence[SweepPoint], columns: Sequence[str], sides: Sequence[str], title: str
) -> Figure:
    """Step curves of the share of runs in which each event had happened by day t."""
    shown = panel_points(points)
    heading = f"{title}: share of completed runs in which the event had happened by day t"
    heading += " (95% Wilson band)"
    if len(shown) < len(points):
        indices = ", ".join(str(p.index) for p in shown)
        heading += f"\nshowing {len(shown)} of {len(points)} sweep points: {indices}"
    figure = Figure(figsize=FIGURE_SIZE_IN, dpi=DPI, layout="constrained")
    figure.suptitle(heading, fontsize=TITLE_SIZE - 2)
    rows, cols = panel_grid(len(shown))
    axes = figure.subplots(rows, cols, sharex=True, sharey=True, squeeze=False).ravel()
    styles = event_styles(columns, sides)
    horizon = event_horizon(points, columns)
    for ax, point in zip(axes, shown, strict=False):
        event_panel(ax, point, columns, styles, horizon, several=len(points) > 1)
    for ax in axes[len(shown) :]:
        ax.set_visible(False)
    handles = [Line2D([], [], linewidth=2, label=event_label(c), **styles[c]) for c in columns]
    figure.legend(
        handles=handles, loc="outside lower center", ncols=min(4, len(handles)), fontsize=LABEL_SIZE
    )
    return figure


def panel_grid(panels: int) -> tuple[int, int]:
    """Rows and columns for up to six panels."""
    if panels <= 2:
        return 1, max(1, panels)
    if panels <= 4:
        return 2, 2
    return 2, 3


def event_panel(
    ax: Axes,
    point: SweepPoint,
    columns: Sequence[str],
    styles: dict[str, dict[str, Any]],
    horizon: float,
    several: bool,
) -> None:
    """The curves of one sweep point."""
    name = f"point {point.index}: " + point.label.replace("\n", ", ") if several else "all runs"
    ax.set_title(f"{name} (n={point.n} completed)", fontsize=PANEL_TITLE_SIZE)
    ax.set_xlim(0.0, horizon)
    ax.set_ylim(0.0, 1.02)
    ax.set_xlabel("day", fontsize=LABEL_SIZE)
    ax.set_ylabel("share of completed runs", fontsize=LABEL_SIZE)
    ax.tick_params(labelsize=TICK_SIZE)
    ax.grid(alpha=0.3)
    if point.n == 0:
        ax.text(0.5, 0.5, "no completed runs", transform=ax.transAxes, ha="center")
        return
    for column in columns:
        times, share, low, high = cumulative_share(
            finite_values(point.completed, column), point.n, horizon
        )
        ax.step(times, share, where="post", linewidth=2, **styles[column])
        ax.fill_between(times, low, high, step="post", alpha=0.08, color=styles[column]["color"])


# --- sweep responses --------------------------------------------------------------------------


def column_mean(point: SweepPoint, column: str) -> tuple[float, float, float]:
    """(mean, low, high) of a column over a point's completed runs."""
    return mean_interval(finite_values(point.completed, column))


def sweep_measures(runs_columns: Sequence[str], sides: Sequence[str]) -> list[SweepMeasure]:
    """Win shares, game length, then personnel, equipment lost and points per side."""
    measures = [
        SweepMeasure(f"{side} win share", side, partial(outcome_share, outcome=side), is_share=True)
        for side in sides
    ]
    measures.append(SweepMeasure("game length (days)", None, partial(column_mean, column="days")))
    for metric in SWEEP_SIDE_MEASURES:
        for side in sides:
            column = f"{side}_{metric}"
            if column in runs_columns:
                label = f"{side} {metric.replace('_', ' ')}"
                measures.append(SweepMeasure(label, side, partial(column_mean, column=column)))
    return measures


def sweep_axis(points: Sequence[SweepPoint]) -> SweepAxis:
    """Where each point goes along the first parameter: a numeric axis when every value is a
    finite number, else one category per value in sweep order (bools and strings)."""
    values = [p.values[0] for p in points]
    if values and all(is_number(v) and math.isfinite(float(v)) for v in values):
        x = {p.index: float(v) for p, v in zip(points, values, strict=True)}
        ticks = sorted(set(x.values()))
        gap = float(np.diff(ticks).min()) if len(ticks) > 1 else 1.0
        labels = [format_value(v) for v in ticks]
        return SweepAxis(x, ticks, labels, categorical=False, dodge=0.04 * gap)
    categories = list(dict.fromkeys(format_value(v) for v in values))
    x = {
        p.index: float(categories.index(format_value(v)))
        for p, v in zip(points, values, strict=True)
    }
    ticks = [float(i) for i in range(len(categories))]
    return SweepAxis(x, ticks, categories, categorical=True, dodge=0.06)


def sweep_lines(points: Sequence[SweepPoint], names: Sequence[str]) -> dict[str, list[SweepPoint]]:
    """The points of each line: one line per combination of the parameters after the first."""
    lines: dict[str, list[SweepPoint]] = {}
    for point in points:
        lines.setdefault(point_label(point.values[1:], names[1:]).replace("\n", ", "), []).append(
            point
        )
    return lines


def line_colours(lines: Sequence[str], measure: SweepMeasure, sides: Sequence[str]) -> list[str]:
    """The side's colour for a single line; an ordered colour scale for several."""
    if len(lines) == 1:
        return [side_colours(sides).get(measure.side or "", NEUTRAL_COLOUR)]
    scale = colormaps["viridis"]
    return [scale(f) for f in np.linspace(0.0, 0.85, len(lines))]


def error_bars(value: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Asymmetric error-bar lengths; none where the interval is undefined."""
    below = np.nan_to_num(np.asarray(value) - np.asarray(low), nan=0.0)
    above = np.nan_to_num(np.asarray(high) - np.asarray(value), nan=0.0)
    return np.clip(np.vstack([below, above]), 0.0, None)


def plot_sweep(
    points: Sequence[SweepPoint], parameters: Sequence[str], sides: Sequence[str], title: str
) -> Figure:
    """One panel per measure: its mean (or share) with 95% intervals along the sweep."""
    columns = list(dict.fromkeys(c for p in points for c in p.completed.columns))
    measures = sweep_measures(columns, sides)
    names = [short_names(parameters)[key] for key in parameters]
    cols = min(3, len(measures))
    rows = math.ceil(len(measures) / cols)
    height = max(FIGURE_SIZE_IN[1], rows * SWEEP_ROW_HEIGHT_IN)
    figure = Figure(figsize=(FIGURE_SIZE_IN[0], height), dpi=DPI, layout="constrained")
    figure.suptitle(f"{title}: response to {parameters[0]} (95% intervals)", fontsize=TITLE_SIZE)
    figure.supxlabel(parameters[0], fontsize=LABEL_SIZE)
    axes = figure.subplots(rows, cols, sharex=True, squeeze=False).ravel()
    axis = sweep_axis(points)
    lines = sweep_lines(points, names)
    for ax, measure in zip(axes, measures, strict=False):
        sweep_panel(ax, measure, lines, axis, sides)
        set_sweep_ticks(ax, axis)
    for ax in axes[len(measures) :]:
        ax.set_visible(False)
    if len(lines) > 1:
        handles = [
            Line2D([], [], color=c, marker="o", label=label)
            for label, c in zip(lines, line_colours(list(lines), measures[0], sides), strict=True)
        ]
        legend_title = ", ".join(names[1:])
        figure.legend(handles=handles, title=legend_title, loc="outside right upper")
    return figure


def sweep_panel(
    ax: Axes,
    measure: SweepMeasure,
    lines: dict[str, list[SweepPoint]],
    axis: SweepAxis,
    sides: Sequence[str],
) -> None:
    """The lines of one measure, each point with its interval."""
    colours = line_colours(list(lines), measure, sides)
    for j, (points, colour) in enumerate(zip(lines.values(), colours, strict=True)):
        dodge = (j - (len(lines) - 1) / 2) * axis.dodge
        ordered = sorted(points, key=lambda p: axis.x[p.index])
        xs = np.array([axis.x[p.index] + dodge for p in ordered])
        value, low, high = np.array([measure.estimate(p) for p in ordered]).reshape(-1, 3).T
        ax.errorbar(
            xs,
            value,
            yerr=error_bars(value, low, high),
            color=colour,
            marker="o",
            capsize=3,
            linewidth=1.5,
        )
    ax.set_title(measure.title, fontsize=PANEL_TITLE_SIZE)
    ax.tick_params(labelsize=TICK_SIZE)
    ax.grid(alpha=0.3)
    if measure.is_share:
        ax.set_ylim(-0.02, 1.02)


def set_sweep_ticks(ax: Axes, axis: SweepAxis) -> None:
    """Label every swept value, unless there are too many to read."""
    if axis.categorical or len(axis.ticks) <= 15:
        crowded = sum(len(label) + 2 for label in axis.labels) > 40
        ax.set_xticks(
            axis.ticks,
            axis.labels,
            rotation=30 if crowded else 0,
            ha="right" if crowded else "center",
        )
    ax.tick_params(axis="x", labelbottom=True)


# --- figures ----------------------------------------------------------------------------------


def new_figure(title: str) -> tuple[Figure, Axes]:
    """A 1600 x 1000 px figure with one axes and a title."""
    figure = Figure(figsize=FIGURE_SIZE_IN, dpi=DPI, layout="constrained")
    figure.suptitle(title, fontsize=TITLE_SIZE)
    return figure, figure.add_subplot()


def set_point_ticks(ax: Axes, points: Sequence[SweepPoint]) -> None:
    """One tick per sweep point, labelled with its parameter values; smaller when crowded."""
    size = TICK_SIZE if len(points) <= 8 else TICK_SIZE - 2
    ax.set_xticks(range(len(points)), [p.label for p in points], fontsize=size)
    ax.set_xlim(-0.6, max(0, len(points) - 1) + 0.6)


def save_png(figure: Figure, path: Path) -> None:
    """Render on the Agg canvas and write a PNG without a software version in it."""
    FigureCanvasAgg(figure)
    figure.savefig(path, format="png", dpi=DPI, metadata=PNG_METADATA)
