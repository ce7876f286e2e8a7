"""What every plot shares on the drawing side: colours, sizes, figure creation, ticks, saving.

The figures are drawn with matplotlib's object API on the Agg canvas, never through pyplot, so
plotting keeps no global state and works in any process; the PNG metadata carries no software
version, so the same table always gives the same bytes. Only this package imports matplotlib,
and the core never imports it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from sim.batch.plots.points import SweepPoint

DPI = 100
FIGURE_SIZE_IN = (16.0, 10.0)
_PNG_METADATA = {"Software": None}
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
NEUTRAL_COLOUR = "#333333"

TITLE_SIZE = 16
PANEL_TITLE_SIZE = 12
LABEL_SIZE = 11
TICK_SIZE = 10


def side_colours(sides: Sequence[str]) -> dict[str, str]:
    """One colour per side, fixed by the order of ``sides`` so every plot agrees."""
    return {side: SIDE_COLOURS[i % len(SIDE_COLOURS)] for i, side in enumerate(sides)}


def new_figure(
    title: str, *, height: float = FIGURE_SIZE_IN[1], title_size: int = TITLE_SIZE
) -> Figure:
    """A figure 1600 px wide (1000 px high unless told) with a title and constrained layout."""
    figure = Figure(figsize=(FIGURE_SIZE_IN[0], height), dpi=DPI, layout="constrained")
    figure.suptitle(title, fontsize=title_size)
    return figure


def set_point_ticks(ax: Axes, points: Sequence[SweepPoint]) -> None:
    """One tick per sweep point, labelled with its parameter values; smaller when crowded."""
    size = TICK_SIZE if len(points) <= 8 else TICK_SIZE - 2
    ax.set_xticks(range(len(points)), [p.label for p in points], fontsize=size)
    ax.set_xlim(-0.6, max(0, len(points) - 1) + 0.6)


def error_bars(value: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Asymmetric error-bar lengths; none where the interval is undefined."""
    below = np.nan_to_num(np.asarray(value) - np.asarray(low), nan=0.0)
    above = np.nan_to_num(np.asarray(high) - np.asarray(value), nan=0.0)
    return np.clip(np.vstack([below, above]), 0.0, None)


def save_png(figure: Figure, path: Path) -> None:
    """Render on the Agg canvas and write a PNG without a software version in it."""
    FigureCanvasAgg(figure)
    figure.savefig(path, format="png", dpi=DPI, metadata=_PNG_METADATA)
