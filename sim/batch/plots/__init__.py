"""PNG plots of a batch, one module per plot; failed runs are left out of all of them.

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

from collections.abc import Callable
from functools import partial
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from sim.batch.plots.events import event_columns, plot_events
from sim.batch.plots.figures import save_png
from sim.batch.plots.losses import plot_losses
from sim.batch.plots.outcomes import plot_outcomes
from sim.batch.plots.points import completed_runs, sweep_points
from sim.batch.plots.sweep import plot_sweep

__all__ = ["write_plots"]


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
