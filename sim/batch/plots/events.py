"""objectives.png: time-to-event curves, the share of completed runs in which an objective had
been taken, or an air-defence loss threshold reached, by day t."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from sim.batch.intervals import wilson_interval
from sim.batch.plots.figures import (
    LABEL_SIZE,
    NEUTRAL_COLOUR,
    PANEL_TITLE_SIZE,
    TICK_SIZE,
    TITLE_SIZE,
    new_figure,
    side_colours,
)
from sim.batch.plots.points import SweepPoint, finite_values

_EVENT_COLOURS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d")
_MAX_EVENT_PANELS = 6
_AIR_DEFENCE_DAY = re.compile(r"^(?P<side>.+)_radar_air_defence_(?P<pct>\d+)pct_lost_day$")


def event_columns(completed: pd.DataFrame) -> list[str]:
    """Objective-taken days, then air-defence-loss days, that occur in some completed run."""
    taken = [c for c in completed.columns if c.endswith("_taken_day")]
    lost = [c for c in completed.columns if c.endswith("_lost_day")]
    return [c for c in taken + lost if finite_values(completed, c).size]


def plot_events(
    points: Sequence[SweepPoint], columns: Sequence[str], sides: Sequence[str], title: str
) -> Figure:
    """Step curves of the share of runs in which each event had happened by day t."""
    shown = _panel_points(points)
    heading = f"{title}: share of completed runs in which the event had happened by day t"
    heading += " (95% Wilson band)"
    if len(shown) < len(points):
        indices = ", ".join(str(p.index) for p in shown)
        heading += f"\nshowing {len(shown)} of {len(points)} sweep points: {indices}"
    figure = new_figure(heading, title_size=TITLE_SIZE - 2)
    rows, cols = _panel_grid(len(shown))
    axes = figure.subplots(rows, cols, sharex=True, sharey=True, squeeze=False).ravel()
    styles = _event_styles(columns, sides)
    horizon = _event_horizon(points, columns)
    for ax, point in zip(axes, shown, strict=False):
        _event_panel(ax, point, columns, styles, horizon, several=len(points) > 1)
    for ax in axes[len(shown) :]:
        ax.set_visible(False)
    handles = [Line2D([], [], linewidth=2, label=_event_label(c), **styles[c]) for c in columns]
    figure.legend(
        handles=handles, loc="outside lower center", ncols=min(4, len(handles)), fontsize=LABEL_SIZE
    )
    return figure


def _event_label(column: str) -> str:
    """A legend entry for an event column."""
    air_defence = _AIR_DEFENCE_DAY.match(column)
    if air_defence:
        return f"{air_defence['side']}: {air_defence['pct']}% of radar air defence lost"
    if column.endswith("_taken_day"):
        return f"{column.removesuffix('_taken_day')} taken"
    return column.removesuffix("_day").replace("_", " ")


def _event_styles(columns: Sequence[str], sides: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Air-defence losses in their side's colour, dashed; objectives in colours of their own."""
    colours = side_colours(sides)
    styles: dict[str, dict[str, Any]] = {}
    objectives = 0
    for column in columns:
        air_defence = _AIR_DEFENCE_DAY.match(column)
        if air_defence:
            dashes = "--" if int(air_defence["pct"]) <= 50 else ":"
            colour = colours.get(air_defence["side"], NEUTRAL_COLOUR)
            styles[column] = {"color": colour, "linestyle": dashes}
        else:
            cycle, colour_index = divmod(objectives, len(_EVENT_COLOURS))
            linestyle = ("-", "-.")[cycle % 2]
            styles[column] = {"color": _EVENT_COLOURS[colour_index], "linestyle": linestyle}
            objectives += 1
    return styles


def _cumulative_share(
    days: np.ndarray, n: int, horizon: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(t, share, low, high): the share of ``n`` runs in which the event happened by day t."""
    times = np.unique(np.concatenate([[0.0], days, [horizon]]))
    counts = np.searchsorted(np.sort(days), times, side="right")
    bounds = np.array([wilson_interval(int(k), n) for k in counts]).reshape(-1, 2)
    return times, counts / n, bounds[:, 0], bounds[:, 1]


def _event_horizon(points: Sequence[SweepPoint], columns: Sequence[str]) -> float:
    """The largest game length (or event day) of any completed run: where the curves end."""
    ends = [finite_values(p.completed, c) for p in points for c in ("days", *columns)]
    longest = max((float(v.max()) for v in ends if v.size), default=0.0)
    return longest if longest > 0 else 1.0


def _panel_points(points: Sequence[SweepPoint]) -> list[SweepPoint]:
    """At most _MAX_EVENT_PANELS points, spread evenly over the sweep, first and last included."""
    if len(points) <= _MAX_EVENT_PANELS:
        return list(points)
    picks = np.unique(np.round(np.linspace(0, len(points) - 1, _MAX_EVENT_PANELS)).astype(int))
    return [points[i] for i in picks]


def _panel_grid(panels: int) -> tuple[int, int]:
    """Rows and columns for up to six panels."""
    if panels <= 2:
        return 1, max(1, panels)
    if panels <= 4:
        return 2, 2
    return 2, 3


def _event_panel(
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
        times, share, low, high = _cumulative_share(
            finite_values(point.completed, column), point.n, horizon
        )
        ax.step(times, share, where="post", linewidth=2, **styles[column])
        ax.fill_between(times, low, high, step="post", alpha=0.08, color=styles[column]["color"])
