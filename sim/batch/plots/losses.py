"""losses.png: box plots of personnel, equipment and (when any was lost) aircraft lost per run."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from sim.batch.plots.figures import (
    LABEL_SIZE,
    PANEL_TITLE_SIZE,
    TICK_SIZE,
    new_figure,
    set_point_ticks,
    side_colours,
)
from sim.batch.plots.points import SweepPoint, finite_values

_LOSS_MEASURES = ("personnel_lost", "equipment_lost", "aircraft_lost")
_MAX_STRIP_DOTS = 300
"""Above this many runs in a box, the individual runs would hide it: draw the box alone."""


def plot_losses(points: Sequence[SweepPoint], sides: Sequence[str], title: str) -> Figure:
    """Box plots of losses per run, one panel per measure, by sweep point and side."""
    measures = _loss_measures(points, sides)
    figure = new_figure(f"{title}: losses per completed run")
    axes = figure.subplots(len(measures), 1, sharex=True, squeeze=False)[:, 0]
    colours = side_colours(sides)
    for ax, measure in zip(axes, measures, strict=False):
        _loss_panel(ax, points, sides, measure, colours)
    set_point_ticks(axes[-1], points)
    handles = [Patch(facecolor=colours[s], edgecolor="black", alpha=0.6, label=s) for s in sides]
    if handles:
        figure.legend(handles=handles, title="side", fontsize=LABEL_SIZE, loc="outside right upper")
    return figure


def _loss_measures(points: Sequence[SweepPoint], sides: Sequence[str]) -> list[str]:
    """Personnel and equipment always; aircraft only when some side lost one."""
    aircraft = any(
        np.any(finite_values(p.completed, f"{side}_aircraft_lost") != 0)
        for p in points
        for side in sides
    )
    return [m for m in _LOSS_MEASURES if m != "aircraft_lost" or aircraft]


def _loss_panel(
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
        _draw_boxes(ax, samples, width * 0.8, colours[side])
        for x, values in samples:
            if values.size <= _MAX_STRIP_DOTS:
                spread = jitter.uniform(-width * 0.25, width * 0.25, values.size)
                ax.scatter(x + spread, values, s=6, color="black", alpha=0.35, zorder=3)
    label = measure.replace("_", " ")
    ax.set_title(f"{label} per run", fontsize=PANEL_TITLE_SIZE)
    ax.set_ylabel(label, fontsize=LABEL_SIZE)
    ax.tick_params(labelsize=TICK_SIZE)
    ax.grid(axis="y", alpha=0.3)
    if not drawn:
        ax.text(0.5, 0.5, "no data", transform=ax.transAxes, ha="center", fontsize=LABEL_SIZE)
    _mark_empty_points(ax, points)


def _mark_empty_points(ax: Axes, points: Sequence[SweepPoint]) -> None:
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


def _draw_boxes(
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
