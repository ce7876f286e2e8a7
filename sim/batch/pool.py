"""Many seeded runs of one scenario on all cores.

Run ``i`` of a batch always gets the same seed, derived from the batch's base seed with numpy's
``SeedSequence.spawn``, so its result does not depend on how many workers there are or in which
order they finish. Each worker process loads the scenario once.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from sim.batch.record import run_record
from sim.batch.seeds import run_seeds
from sim.scenario.loader import load_scenario
from sim.scenario.scenario import Scenario

_scenario: Scenario | None = None


__all__ = ["run_many", "run_seeds"]


def _load(path: str, overrides: Mapping[str, Any]) -> None:
    global _scenario
    _scenario = load_scenario(path, overrides)


def _run(seed: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    assert _scenario is not None, "worker not initialised"
    return run_record(_scenario, seed)


def run_many(
    path: str | Path,
    seeds: list[int],
    overrides: Mapping[str, Any] | None = None,
    workers: int | None = None,
) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """(record, per-turn rows) of every seed, in the order of ``seeds``."""
    overrides = dict(overrides or {})
    load_scenario(path, overrides)  # bad input fails here, once, before any worker starts
    workers = workers or os.cpu_count() or 1
    if workers == 1:
        _load(str(path), overrides)
        yield from map(_run, seeds)
        return
    with ProcessPoolExecutor(workers, initializer=_load, initargs=(str(path), overrides)) as pool:
        yield from pool.map(_run, seeds, chunksize=max(1, len(seeds) // (workers * 8)))
