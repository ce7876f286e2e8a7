"""Runs on a Dask distributed cluster, for users who outgrow one machine.

Dask is an optional extra (``pip install '.[cluster]'``); this module is the only one that
imports it, and only when a Dask executor is asked for. The scenarios are sent to every worker
once (``scatter(broadcast=True)``), so workers need the engine installed but not the scenario
files. Like the process pool, only a few runs per worker are in flight at a time.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sim.batch.executors import IN_FLIGHT_PER_WORKER
from sim.batch.plan import Task
from sim.batch.worker import RunResult, execute, failed
from sim.errors import InputError
from sim.scenario.scenario import Scenario

INSTALL_HINT = "Dask is not installed: pip install '.[cluster]' (or dask[distributed])"


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise InputError.single("--scheduler/--dask-local", INSTALL_HINT) from None
    return distributed


class DaskExecutor:
    """A Dask cluster: an existing scheduler's address, or a LocalCluster of ``local_workers``."""

    def __init__(self, address: str | None = None, local_workers: int | None = None):
        if (address is None) == (local_workers is None):
            raise ValueError("give a scheduler address or a number of local workers")
        self._distributed = _distributed()
        self.address = address
        self.local_workers = local_workers
        where = address if address else f"a LocalCluster of {local_workers} workers"
        self.description = f"Dask on {where}"

    def results(self, scenarios: Sequence[Scenario], tasks: Iterable[Task]) -> Iterator[RunResult]:
        cluster = self._local_cluster() if self.local_workers is not None else None
        try:
            client = self._connect(cluster)
            try:
                yield from self._run(client, scenarios, tasks)
            finally:
                client.close()
        finally:
            if cluster is not None:
                cluster.close()

    def _local_cluster(self) -> Any:
        """One single-threaded worker process per core asked for, on this machine only.

        Dask's nanny sets ``MALLOC_TRIM_THRESHOLD_`` (64 KiB) in its workers, which makes the
        engine's many small numpy arrays cost about a fifth more time (docs/performance.md);
        batch workers release each game, so they do not need it and go without.
        """
        import dask

        environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}))
        environ.pop("MALLOC_TRIM_THRESHOLD_", None)
        with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}):
            return self._distributed.LocalCluster(
                n_workers=self.local_workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )

    def _connect(self, cluster: Any) -> Any:
        try:
            return self._distributed.Client(cluster if cluster is not None else self.address)
        except (OSError, TimeoutError) as exc:
            raise InputError.single(
                f"--scheduler {self.address}", f"cannot reach the Dask scheduler ({exc})"
            ) from None

    def _run(
        self, client: Any, scenarios: Sequence[Scenario], tasks: Iterable[Task]
    ) -> Iterator[RunResult]:
        shared = [client.scatter(s, broadcast=True) for s in scenarios]
        workers = max(1, sum(client.nthreads().values()))
        window = workers * IN_FLIGHT_PER_WORKER
        pending = iter(tasks)
        submitted: dict[str, Task] = {}

        def submit(task: Task) -> Any:
            key = f"wargame-run-{task.point}-{task.run}-{task.seed}"
            submitted[key] = task
            return client.submit(execute, shared[task.point], task, key=key, pure=False)

        in_flight = self._distributed.as_completed(
            [submit(t) for _, t in zip(range(window), pending, strict=False)]
        )
        for future in in_flight:
            task = submitted.pop(future.key)
            try:
                result = future.result()
            except Exception as exc:  # the worker died running it, repeatedly (KilledWorker)
                result = failed(task, f"{type(exc).__name__}: {exc}")
            future.release()
            following = next(pending, None)
            if following is not None:
                in_flight.add(submit(following))
            yield result
