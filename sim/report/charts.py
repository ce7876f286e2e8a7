"""The review's charts, drawn with matplotlib's object API on the Agg canvas, as PNG bytes.

Never through pyplot: plotting keeps no global state, works in any process, and without the
matplotlib version in the PNG the same game always gives the same bytes. Only this module of
the report imports matplotlib, and only when a report is built.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

DPI = 100
WIDTH_IN = 10.0
_PNG_METADATA = {"Software": None}
MARKERS_UP_TO = 40
"""Turns up to which each turn's value is marked on a line."""
LABEL_CHARS = 42
"""Longest equipment name on a bar chart's axis; longer ones are cut with an ellipsis."""


class SideStyle(NamedTuple):
    """How a side is named and drawn in every chart of a report."""

    id: str
    name: str
    colour: str


def losses_over_time(turns: Sequence[Mapping[str, Any]], sides: Sequence[SideStyle]) -> bytes:
    """Personnel and equipment lost by each side, cumulative, turn by turn."""
    figure, (people, items) = _figure(2, height=3.8)
    _lines(people, turns, sides, "personnel_lost", "Personnel lost (casualties and prisoners)")
    _lines(items, turns, sides, "equipment_lost", "Equipment items lost")
    people.legend(fontsize=9, loc="upper left")
    return _png(figure)


def air_over_time(turns: Sequence[Mapping[str, Any]], sides: Sequence[SideStyle]) -> bytes:
    """Airframes each side launched and lost, cumulative, turn by turn."""
    figure, (flown, lost) = _figure(2, height=3.4)
    _lines(flown, turns, sides, "sorties", "Airframes launched")
    _lines(lost, turns, sides, "air_losses", "Airframes lost (all causes, munitions included)")
    flown.legend(fontsize=9, loc="upper left")
    return _png(figure)


def equipment_by_type(
    losses: Mapping[str, Mapping[str, int]], sides: Sequence[SideStyle]
) -> bytes | None:
    """Equipment lost by the end, by type: one panel of bars per side that lost any."""
    losses = {side: {k: n for k, n in items.items() if n} for side, items in losses.items()}
    shown = [side for side in sides if losses.get(side.id)]
    if not shown:
        return None
    rows = max(len(losses[side.id]) for side in shown)
    figure, panels = _figure(len(shown), height=1.2 + 0.26 * rows)
    for ax, side in zip(panels, shown, strict=True):
        items = sorted(losses[side.id].items(), key=lambda item: (-item[1], item[0]))
        labels = [_short(name) for name, _ in items]
        values = [n for _, n in items]
        ax.barh(range(len(items)), values, color=side.colour)
        ax.set_yticks(range(len(items)), labels, fontsize=8)
        ax.set_ylim(rows - 0.4, -0.6)  # the largest at the top, every panel's rows alike
        ax.set_title(side.name, fontsize=11)
        ax.set_xlabel("items lost", fontsize=9)
        ax.tick_params(axis="x", labelsize=8)
        for y, value in enumerate(values):
            ax.annotate(
                str(value), (value, y), xytext=(3, 0), textcoords="offset points",
                va="center", fontsize=8,
            )  # fmt: skip
        ax.margins(x=0.12)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="x", alpha=0.3)
    return _png(figure)


def _figure(panels: int, height: float) -> tuple[Figure, list[Axes]]:
    figure = Figure(figsize=(WIDTH_IN, height), dpi=DPI, layout="constrained")
    axes = figure.subplots(1, panels, squeeze=False)[0]
    return figure, list(axes)


def _lines(
    ax: Axes,
    turns: Sequence[Mapping[str, Any]],
    sides: Sequence[SideStyle],
    metric: str,
    title: str,
) -> None:
    """One line per side of ``<side>_<metric>`` against the turn, from 0 at the start."""
    highest, last = 0.0, 1
    for side in sides:
        column = f"{side.id}_{metric}"
        points = [(row["turn"], row[column]) for row in turns if row.get(column) is not None]
        if not points:
            continue
        x = [0, *(p[0] for p in points)]
        y = [0, *(p[1] for p in points)]
        highest, last = max(highest, *y), max(last, *x)
        marker = "o" if len(x) <= MARKERS_UP_TO else None
        ax.plot(x, y, color=side.colour, label=side.name, linewidth=1.8, marker=marker, ms=3)
    ax.set_title(title, fontsize=11)
    ax.set_xlabel("turn", fontsize=9)
    ax.tick_params(labelsize=8)
    ax.set_xlim(0, last)
    ax.set_ylim(0, max(1.0, highest * 1.05))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)


def _short(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "\u2026"


def _png(figure: Figure) -> bytes:
    FigureCanvasAgg(figure)
    stream = io.BytesIO()
    figure.savefig(stream, format="png", dpi=DPI, metadata=_PNG_METADATA)
    return stream.getvalue()
