"""outcomes.png: the share of each outcome per sweep point, with Wilson 95% intervals."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.batch.plots.figures import (
    LABEL_SIZE,
    SIDE_COLOURS,
    TICK_SIZE,
    error_bars,
    new_figure,
    set_point_ticks,
    side_colours,
)
from sim.batch.plots.points import SweepPoint, outcome_share

_OUTCOME_GREYS = {"draw": "#7f7f7f", "undecided": "#c7c7c7"}


def plot_outcomes(points: Sequence[SweepPoint], sides: Sequence[str], title: str) -> Figure:
    """Grouped bars: per sweep point, the share of each outcome with its Wilson interval."""
    figure = new_figure(f"{title}: outcomes of completed runs (95% Wilson intervals)")
    ax = figure.add_subplot()
    outcomes = _outcome_order(points, sides)
    colours = _outcome_colours(outcomes, sides)
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
            _annotate_shares(ax, x, share, high)
    _annotate_run_counts(ax, points)
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


def _outcome_order(points: Sequence[SweepPoint], sides: Sequence[str]) -> list[str]:
    """Every side (a side that never wins is worth showing), other winners, draw, undecided."""
    seen: set[str] = set()
    for point in points:
        seen.update(str(o) for o in point.completed.get("outcome", pd.Series()).dropna())
    others = sorted(seen - set(sides) - set(_OUTCOME_GREYS))
    return [*sides, *others, *(o for o in _OUTCOME_GREYS if o in seen)]


def _outcome_colours(outcomes: Sequence[str], sides: Sequence[str]) -> dict[str, str]:
    """Side colours for the sides, greys for draw and undecided, the next colours for others."""
    colours = {**side_colours(sides), **_OUTCOME_GREYS}
    extra = [o for o in outcomes if o not in colours]
    for i, outcome in enumerate(extra):
        colours[outcome] = SIDE_COLOURS[(len(sides) + i) % len(SIDE_COLOURS)]
    return colours


def _annotate_shares(ax: Axes, x: np.ndarray, share: np.ndarray, high: np.ndarray) -> None:
    """Print each share above its error bar, when there are few enough bars to read them."""
    for position, value, top in zip(x, share, high, strict=True):
        if np.isfinite(value):
            y = (top if np.isfinite(top) else value) + 0.01
            ax.text(position, y, f"{value:.0%}", ha="center", va="bottom", fontsize=TICK_SIZE)


def _annotate_run_counts(ax: Axes, points: Sequence[SweepPoint]) -> None:
    """Write n (and failed runs) over each group; say so where a point has no completed run."""
    size = TICK_SIZE if len(points) <= 8 else TICK_SIZE - 2
    for i, point in enumerate(points):
        text = f"n={point.n}" + (f"\n{point.failed} failed" if point.failed else "")
        ax.text(i, 1.07, text, ha="center", va="center", fontsize=size)
        if point.n == 0:
            ax.text(i, 0.3, "no completed runs", ha="center", rotation=90, fontsize=size)
