"""sweep.png: win shares, game length, losses and points against the first swept parameter,
one line per combination of the other parameters' values."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from sim.batch.intervals import mean_interval
from sim.batch.plots.figures import (
    FIGURE_SIZE_IN,
    LABEL_SIZE,
    NEUTRAL_COLOUR,
    PANEL_TITLE_SIZE,
    TICK_SIZE,
    error_bars,
    new_figure,
    side_colours,
)
from sim.batch.plots.points import (
    SweepPoint,
    finite_values,
    format_value,
    outcome_share,
    point_label,
    short_names,
)

_SWEEP_ROW_HEIGHT_IN = 3.3
_SWEEP_SIDE_MEASURES = ("personnel_lost", "equipment_lost", "points")


@dataclass(frozen=True)
class _SweepAxis:
    """The x position of each sweep point (by point index) and the ticks that label them."""

    x: dict[int, float]
    ticks: list[float]
    labels: list[str]
    categorical: bool
    dodge: float
    """How far apart to draw the lines at one x, so that their error bars stay visible."""


@dataclass(frozen=True)
class _SweepMeasure:
    """A quantity of the sweep plot: how to estimate it (value, low, high) at one point."""

    title: str
    side: str | None
    estimate: Callable[[SweepPoint], tuple[float, float, float]]
    is_share: bool = False


def plot_sweep(
    points: Sequence[SweepPoint], parameters: Sequence[str], sides: Sequence[str], title: str
) -> Figure:
    """One panel per measure: its mean (or share) with 95% intervals along the sweep."""
    columns = list(dict.fromkeys(c for p in points for c in p.completed.columns))
    measures = _sweep_measures(columns, sides)
    names = [short_names(parameters)[key] for key in parameters]
    cols = min(3, len(measures))
    rows = math.ceil(len(measures) / cols)
    height = max(FIGURE_SIZE_IN[1], rows * _SWEEP_ROW_HEIGHT_IN)
    figure = new_figure(f"{title}: response to {parameters[0]} (95% intervals)", height=height)
    figure.supxlabel(parameters[0], fontsize=LABEL_SIZE)
    axes = figure.subplots(rows, cols, sharex=True, squeeze=False).ravel()
    axis = _sweep_axis(points)
    lines = _sweep_lines(points, names)
    for ax, measure in zip(axes, measures, strict=False):
        _sweep_panel(ax, measure, lines, axis, sides)
        _set_sweep_ticks(ax, axis)
    for ax in axes[len(measures) :]:
        ax.set_visible(False)
    if len(lines) > 1:
        handles = [
            Line2D([], [], color=c, marker="o", label=label)
            for label, c in zip(lines, _line_colours(list(lines), measures[0], sides), strict=True)
        ]
        legend_title = ", ".join(names[1:])
        figure.legend(handles=handles, title=legend_title, loc="outside right upper")
    return figure


def _column_mean(point: SweepPoint, column: str) -> tuple[float, float, float]:
    """(mean, low, high) of a column over a point's completed runs."""
    return mean_interval(finite_values(point.completed, column))


def _sweep_measures(runs_columns: Sequence[str], sides: Sequence[str]) -> list[_SweepMeasure]:
    """Win shares, game length, then personnel, equipment lost and points per side."""
    measures = [
        _SweepMeasure(
            f"{side} win share", side, partial(outcome_share, outcome=side), is_share=True
        )
        for side in sides
    ]
    measures.append(_SweepMeasure("game length (days)", None, partial(_column_mean, column="days")))
    for metric in _SWEEP_SIDE_MEASURES:
        for side in sides:
            column = f"{side}_{metric}"
            if column in runs_columns:
                label = f"{side} {metric.replace('_', ' ')}"
                measures.append(_SweepMeasure(label, side, partial(_column_mean, column=column)))
    return measures


def _is_number(value: Any) -> bool:
    """True for ints and floats, not for bools (which belong on a categorical axis)."""
    if isinstance(value, bool | np.bool_):
        return False
    return isinstance(value, int | float | np.integer | np.floating)


def _sweep_axis(points: Sequence[SweepPoint]) -> _SweepAxis:
    """Where each point goes along the first parameter: a numeric axis when every value is a
    finite number, else one category per value in sweep order (bools and strings)."""
    values = [p.values[0] for p in points]
    if values and all(_is_number(v) and math.isfinite(float(v)) for v in values):
        x = {p.index: float(v) for p, v in zip(points, values, strict=True)}
        ticks = sorted(set(x.values()))
        gap = float(np.diff(ticks).min()) if len(ticks) > 1 else 1.0
        labels = [format_value(v) for v in ticks]
        return _SweepAxis(x, ticks, labels, categorical=False, dodge=0.04 * gap)
    categories = list(dict.fromkeys(format_value(v) for v in values))
    x = {
        p.index: float(categories.index(format_value(v)))
        for p, v in zip(points, values, strict=True)
    }
    ticks = [float(i) for i in range(len(categories))]
    return _SweepAxis(x, ticks, categories, categorical=True, dodge=0.06)


def _sweep_lines(points: Sequence[SweepPoint], names: Sequence[str]) -> dict[str, list[SweepPoint]]:
    """The points of each line: one line per combination of the parameters after the first."""
    lines: dict[str, list[SweepPoint]] = {}
    for point in points:
        lines.setdefault(point_label(point.values[1:], names[1:]).replace("\n", ", "), []).append(
            point
        )
    return lines


def _line_colours(lines: Sequence[str], measure: _SweepMeasure, sides: Sequence[str]) -> list[str]:
    """The side's colour for a single line; an ordered colour scale for several."""
    if len(lines) == 1:
        return [side_colours(sides).get(measure.side or "", NEUTRAL_COLOUR)]
    scale = colormaps["viridis"]
    return [scale(f) for f in np.linspace(0.0, 0.85, len(lines))]


def _sweep_panel(
    ax: Axes,
    measure: _SweepMeasure,
    lines: dict[str, list[SweepPoint]],
    axis: _SweepAxis,
    sides: Sequence[str],
) -> None:
    """The lines of one measure, each point with its interval."""
    colours = _line_colours(list(lines), measure, sides)
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


def _set_sweep_ticks(ax: Axes, axis: _SweepAxis) -> None:
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
