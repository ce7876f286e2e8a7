"""Where a batch's runs execute: in this process, or in a pool of local worker processes.

An executor takes the loaded scenario of every sweep point once (each worker gets them once, at
start-up) and yields results as runs finish, in whatever order they finish. Only a few runs are
in flight at a time, so memory stays flat however long the batch. The Dask executor, for
clusters, lives in :mod:`sim.batch.dask_executor` and follows the same shape.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol

from sim.batch.plan import Task
from sim.batch.worker import RunResult, execute
from sim.scenario.scenario import Scenario

IN_FLIGHT_PER_WORKER = 2
"""Runs queued per worker: enough to keep it busy, few enough to hold memory flat."""


class WorkerDied(RuntimeError):
    """A worker process ended abruptly (killed, or out of memory); finished runs are kept."""


class Executor(Protocol):
    """Runs tasks and yields their results as they finish."""

    description: str

    def results(self, scenarios: Sequence[Scenario], tasks: Iterable[Task]) -> Iterator[RunResult]:
        """``scenarios[task.point]`` is the scenario of each task."""
        ...


def available_cores() -> int:
    """Cores this process may run on (the affinity mask, where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


class SerialExecutor:
    """Every run in this process, one after another: the reference for every other executor."""

    description = "in-process"

    def results(self, scenarios: Sequence[Scenario], tasks: Iterable[Task]) -> Iterator[RunResult]:
        for task in tasks:
            yield execute(scenarios[task.point], task)


_worker_scenarios: Sequence[Scenario] = ()


def _init_worker(scenarios: Sequence[Scenario]) -> None:
    """Keep the scenarios; leave Ctrl-C and SIGTERM to the parent, which stops the batch."""
    global _worker_scenarios
    _worker_scenarios = scenarios
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _execute_in_worker(task: Task) -> RunResult:
    return execute(_worker_scenarios[task.point], task)


class ProcessExecutor:
    """A pool of local worker processes (default: one per available core)."""

    def __init__(self, workers: int | None = None):
        self.workers = workers or available_cores()
        self.description = f"{self.workers} local worker processes"

    def results(self, scenarios: Sequence[Scenario], tasks: Iterable[Task]) -> Iterator[RunResult]:
        pending = iter(tasks)
        window = self.workers * IN_FLIGHT_PER_WORKER
        pool = ProcessPoolExecutor(self.workers, initializer=_init_worker, initargs=(scenarios,))
        in_flight: set[Future[RunResult]] = set()
        try:
            while True:
                for task in pending:
                    in_flight.add(pool.submit(_execute_in_worker, task))
                    if len(in_flight) >= window:
                        break
                if not in_flight:
                    return
                finished, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
                done = sorted(
                    (f.result() for f in finished), key=lambda r: (r.task.point, r.task.run)
                )
                yield from done
        except BrokenProcessPool:
            raise WorkerDied(
                "a worker process ended abruptly (killed, or out of memory?)"
            ) from None
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
