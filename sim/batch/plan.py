"""What a batch is: a scenario, fixed overrides, a grid of sweep points, runs per point, a seed.

The plan is pure data. It is stored beside the results (``batch.json``) so that ``--resume``
can tell the same batch from a different one, and it alone decides every run's seed: run ``i``
gets child ``i`` of ``SeedSequence(base_seed).spawn``, at every sweep point (common random
numbers: points differ only by their parameters, which makes their differences sharper), and
whatever the executor, the number of workers or the order in which runs finish.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sim.batch.seeds import run_seeds
from sim.errors import InputError
from sim.scenario.overrides import plain_value

PLAN_FORMAT = 1
"""Version of the stored plan; a batch directory of another version is not resumed."""


@dataclass(frozen=True)
class Sweep:
    """One swept key and the values it takes, in the order given."""

    key: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Task:
    """One run of a batch: which sweep point, which run of it, and its seed."""

    point: int
    run: int
    seed: int


@dataclass(frozen=True)
class BatchPlan:
    scenario: Path
    runs: int
    base_seed: int
    overrides: Mapping[str, Any] = field(default_factory=dict)
    sweeps: tuple[Sweep, ...] = ()

    @property
    def parameters(self) -> list[str]:
        """The swept keys: the parameter columns of the runs table."""
        return [sweep.key for sweep in self.sweeps]

    def points(self) -> list[dict[str, Any]]:
        """Every sweep point's parameter values: the grid of all sweeps, first key slowest."""
        grids = itertools.product(*(sweep.values for sweep in self.sweeps))
        return [dict(zip(self.parameters, values, strict=True)) for values in grids]

    def point_overrides(self) -> list[dict[str, Any]]:
        """The overrides each sweep point's scenario is loaded with."""
        return [{**self.overrides, **point} for point in self.points()]

    def tasks(self) -> list[Task]:
        """Every run, point by point; run ``i`` has the same seed at every point."""
        seeds = run_seeds(self.base_seed, self.runs)
        return [
            Task(point, run, seed)
            for point in range(len(self.points()))
            for run, seed in enumerate(seeds)
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": PLAN_FORMAT,
            "scenario": str(self.scenario),
            "runs": self.runs,
            "base_seed": self.base_seed,
            "overrides": dict(self.overrides),
            "sweeps": [{"key": s.key, "values": list(s.values)} for s in self.sweeps],
        }


def parse_sweep_argument(text: str) -> Sweep:
    """``key=v1,v2,...`` from the command line; each value is YAML (``0.5``, ``true``)."""
    label = f"--sweep {text}"
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key or any(not part for part in key.split(".")):
        raise InputError.single(label, "expected KEY=V1,V2,..., e.g. --sweep turns=10,20,40")
    try:
        values = yaml.safe_load(f"[{raw}]")
    except yaml.YAMLError as exc:
        reason = getattr(exc, "problem", None) or "not a list of YAML values"
        raise InputError.single(label, f"cannot parse values '{raw}': {reason}") from None
    values = [plain_value(v) for v in values or []]
    if not values or any(v is None for v in values):
        raise InputError.single(label, "expected one or more values separated by commas")
    if len({yaml.safe_dump(v) for v in values}) != len(values):
        raise InputError.single(label, "a value is given twice")
    return Sweep(key, tuple(values))


def check_sweeps(sweeps: list[Sweep], overrides: Mapping[str, Any]) -> None:
    """Each key is swept once and is not also fixed by ``--set``."""
    seen: set[str] = set()
    for sweep in sweeps:
        label = f"--sweep {sweep.key}=..."
        if sweep.key in seen:
            raise InputError.single(label, "this key is swept twice: give its values once")
        if sweep.key in overrides:
            raise InputError.single(label, "this key is also fixed by --set: give one or the other")
        seen.add(sweep.key)
