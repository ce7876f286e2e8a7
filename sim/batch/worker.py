"""One run of a batch, wherever it executes: in-process, in a worker process, on a Dask worker.

A run that raises is not the batch's end: its error is caught here and returned as a failed
result, so the batch records it (seed, parameters, error and traceback) and goes on.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from typing import Any

from sim.batch.plan import Task
from sim.batch.record import run_record
from sim.scenario.scenario import Scenario


@dataclass(frozen=True)
class RunResult:
    """What one run left: its record and per-turn table, or why it failed."""

    task: Task
    record: dict[str, Any] | None = None
    turns: dict[str, list[Any]] | None = None
    """The per-turn table by column."""
    error: str | None = None
    """One line: the exception's type and message."""
    traceback: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def execute(scenario: Scenario, task: Task) -> RunResult:
    """Play the run ``task`` of ``scenario`` (the scenario of the task's sweep point)."""
    try:
        record, columns = run_record(scenario, task.seed)
    except Exception as exc:
        return failed(task, f"{type(exc).__name__}: {exc}", traceback.format_exc())
    return RunResult(task, record, columns)


def failed(task: Task, error: str, trace: str | None = None) -> RunResult:
    """A run that did not finish; ``error`` is kept to one line."""
    first_line = error.strip().splitlines()[0] if error.strip() else "unknown error"
    return RunResult(task, error=first_line, traceback=trace)
