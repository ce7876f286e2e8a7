"""The records of many seeded games of one scenario, in the order of their seeds.

For studies that need every record in hand (tools/validate_history.py, the historical tests),
on the batch executors. Long batches, with results on disk as runs finish, resume and failures
recorded rather than raised, are :mod:`sim.batch.runner`'s (``wargame batch``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from sim.batch.executors import ProcessExecutor, SerialExecutor
from sim.batch.plan import Task
from sim.batch.seeds import run_seeds
from sim.batch.worker import RunResult
from sim.scenario.loader import load_scenario

__all__ = ["run_many", "run_seeds"]


def run_many(
    path: str | Path,
    seeds: list[int],
    overrides: Mapping[str, Any] | None = None,
    workers: int | None = None,
) -> Iterator[dict[str, Any]]:
    """The record of every seed's game, in the order of ``seeds``; a game that raises stops
    the study with its seed and traceback (a study's statistics need every run)."""
    scenario = load_scenario(path, overrides)  # bad input fails here, before any worker starts
    executor = SerialExecutor() if workers == 1 else ProcessExecutor(workers)
    tasks = [Task(0, i, seed) for i, seed in enumerate(seeds)]
    finished: dict[int, RunResult] = {}
    following = 0
    for result in executor.results([scenario], tasks):
        if not result.ok:
            raise RuntimeError(f"seed {result.task.seed}: {result.error}\n{result.traceback}")
        finished[result.task.run] = result
        while following in finished:
            record = finished.pop(following).record
            assert record is not None
            yield record
            following += 1
