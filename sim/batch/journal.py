"""The batch journal: every finished run on disk the moment it finishes.

Two append-only JSON-lines files in ``DIR/.journal/``: ``turns.jsonl`` (a run's per-turn table)
and ``runs.jsonl`` (its record, or its error). A run's turns are written before its record, and a
run counts as finished once its record line is complete, so a batch killed at any instant keeps
every finished run; a torn last line is cut off when the journal is reopened, and that run is
simply played again. JSON keeps Python's floats exactly, so the tables built from the journal are
the same whether a batch ran in one go or was interrupted and resumed.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from sim.batch.plan import Task
from sim.batch.worker import RunResult

RUNS = "runs.jsonl"
TURNS = "turns.jsonl"

Key = tuple[int, int]
"""(point, run)."""

_HEAD = re.compile(rb'^\{"point":(\d+),"run":(\d+),')
"""Every line starts with its key, so an index of a large journal need not parse the lines."""


class Journal:
    """The append-only record of one batch's finished runs."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self._runs: IO[str] | None = None
        self._turns: IO[str] | None = None

    def open(self) -> set[Key]:
        """Open for appending (repairing torn last lines); return the runs already finished."""
        self.directory.mkdir(parents=True, exist_ok=True)
        for name in (RUNS, TURNS):
            _cut_torn_tail(self.directory / name)
        done = {key for key, _ in self._index(RUNS)}
        # Held open across appends, closed by close(): a context manager cannot span them.
        self._runs = open(self.directory / RUNS, "a", encoding="utf-8")  # noqa: SIM115
        self._turns = open(self.directory / TURNS, "a", encoding="utf-8")  # noqa: SIM115
        return done

    def append(self, result: RunResult) -> None:
        """Write one finished run; it is on disk (in the OS's hands) when this returns."""
        assert self._runs is not None and self._turns is not None, "journal not open"
        task = result.task
        head = {"point": task.point, "run": task.run, "seed": task.seed}
        if result.ok:
            self._write(self._turns, {**head, "columns": result.turns})
            self._write(self._runs, {**head, "status": "ok", "record": result.record})
        else:
            line = {**head, "status": "failed", "error": result.error}
            self._write(self._runs, {**line, "traceback": result.traceback})

    def close(self) -> None:
        for stream in (self._runs, self._turns):
            if stream is not None:
                stream.close()
        self._runs = self._turns = None

    def records(self) -> Iterator[dict[str, Any]]:
        """Every finished run's journal line, in the order they finished."""
        with open(self.directory / RUNS, encoding="utf-8") as stream:
            for line in stream:
                yield json.loads(line)

    def turn_offsets(self) -> dict[Key, int]:
        """Where each run's per-turn table starts in ``turns.jsonl`` (the last one written)."""
        return dict(self._index(TURNS))

    def read_turns(self, offset: int) -> dict[str, Any]:
        with open(self.directory / TURNS, "rb") as stream:
            stream.seek(offset)
            return json.loads(stream.readline())

    def remove(self) -> None:
        self.close()
        shutil.rmtree(self.directory, ignore_errors=True)

    def _index(self, name: str) -> Iterator[tuple[Key, int]]:
        path = self.directory / name
        if not path.exists():
            return
        with open(path, "rb") as stream:
            offset = 0
            for line in stream:
                head = _HEAD.match(line)
                if head is None:
                    raise ValueError(f"{path}: line at byte {offset} is not a journal line")
                yield (int(head[1]), int(head[2])), offset
                offset += len(line)

    @staticmethod
    def _write(stream: IO[str], data: dict[str, Any]) -> None:
        stream.write(json.dumps(data, separators=(",", ":")) + "\n")
        stream.flush()


def task_of(line: dict[str, Any]) -> Task:
    return Task(line["point"], line["run"], line["seed"])


def _cut_torn_tail(path: Path) -> None:
    """Drop an incomplete last line left by a process killed while writing it."""
    if not path.exists():
        return
    with open(path, "rb+") as stream:
        size = end = stream.seek(0, 2)
        while end > 0:
            start = max(0, end - 65536)
            stream.seek(start)
            newline = stream.read(end - start).rfind(b"\n")
            if newline >= 0:
                end = start + newline + 1
                break
            end = start
        if end != size:
            stream.truncate(end)
