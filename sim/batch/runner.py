"""A batch from start to end: check the input, play the runs not yet finished, write the results.

Bad input (a scenario, an override, a sweep value, a directory that holds another batch) is found
before any run starts, and leaves ``--out`` as it was. Runs are journalled as they finish; the
tables, summary and plots appear in ``--out`` together, once every run has finished, and the
journal is removed then. An interrupted batch keeps its journal, and ``--resume`` plays only the
runs it lacks.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from sim.batch.executors import Executor
from sim.batch.journal import Journal, Key
from sim.batch.manifest import (
    check_same_batch,
    manifest_path,
    new_manifest,
    read_manifest,
    write_manifest,
)
from sim.batch.paired import paired_differences
from sim.batch.plan import BatchPlan
from sim.batch.progress import Progress
from sim.batch.statistics import describe_batch
from sim.batch.summary_markdown import summary_markdown
from sim.batch.tables import runs_table, write_runs, write_turns
from sim.errors import InputError, Problem
from sim.scenario.fingerprint import scenario_fingerprint
from sim.scenario.loader import load_scenario
from sim.scenario.scenario import Scenario

JOURNAL_DIR = ".journal"


@dataclass
class BatchReport:
    """What a call to :func:`run_batch` did."""

    out: Path
    total: int
    played: int = 0
    """Runs played by this call (a resumed batch had the others already)."""
    elapsed_s: float = 0.0
    complete: bool = False
    summary: dict[str, Any] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)


def load_points(plan: BatchPlan) -> list[Scenario]:
    """The scenario of every sweep point, all checked before any run; every problem reported."""
    origins = {key: "--sweep" for key in plan.parameters}
    scenarios: list[Scenario] = []
    problems: list[Problem] = []
    for overrides in plan.point_overrides():
        try:
            scenarios.append(load_scenario(plan.scenario, overrides, origins))
        except InputError as exc:
            problems.extend(p for p in exc.problems if p not in problems)
    if problems:
        raise InputError(problems)
    return scenarios


def run_batch(
    plan: BatchPlan,
    out: Path,
    executor: Executor,
    *,
    resume: bool = False,
    csv: bool = False,
    plots: bool = True,
    progress_stream: TextIO | None = None,
    quiet: bool = False,
) -> BatchReport:
    """Play ``plan`` into ``out`` (or complete it there, with ``resume``)."""
    out = Path(out)
    scenarios = load_points(plan)
    fingerprint = scenario_fingerprint(scenarios[0])
    created = [] if resume else [p for p in (out, *out.parents) if not p.exists()]
    manifest = _open_out_dir(out, plan, fingerprint, resume)
    tasks = plan.tasks()
    report = BatchReport(out, len(tasks))
    if manifest["complete"]:
        report.complete = True
        report.summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        return report

    journal = Journal(out / JOURNAL_DIR)
    done = journal.open()
    _check_journal(journal, done, tasks)
    todo = [t for t in tasks if (t.point, t.run) not in done]
    progress = Progress(len(tasks), len(done), progress_stream, quiet)
    started = time.monotonic()
    try:
        for result in executor.results(scenarios, todo):
            journal.append(result)
            report.played += 1
            progress.advance(result.ok)
    except BaseException:
        journal.close()
        progress.finish()
        if not resume and report.played == 0:  # nothing to keep: leave no trace
            _forget_new_batch(out, created)
        else:
            _record_session(out, manifest, executor.description, report, started)
        raise
    journal.close()
    progress.finish()
    _record_session(out, manifest, executor.description, report, started)

    report.summary, report.outputs = _finish(plan, scenarios[0], journal, out, csv, plots)
    manifest["complete"] = True
    write_manifest(out, manifest)
    journal.remove()
    report.complete = True
    return report


def _record_session(
    out: Path, manifest: dict[str, Any], executor: str, report: BatchReport, started: float
) -> None:
    """What this call did, in ``batch.json``: the executor, the runs it played, its time."""
    report.elapsed_s = time.monotonic() - started
    session = {"executor": executor, "runs": report.played, "elapsed_s": round(report.elapsed_s, 2)}
    manifest.setdefault("sessions", []).append(session)
    write_manifest(out, manifest)


def _forget_new_batch(out: Path, created: list[Path]) -> None:
    """Undo the start of a batch that finished no run (a cluster out of reach, Ctrl-C during
    start-up): its files, and the directories made for it."""
    shutil.rmtree(out / JOURNAL_DIR, ignore_errors=True)
    manifest_path(out).unlink(missing_ok=True)
    for directory in created:  # deepest first
        try:
            directory.rmdir()
        except OSError:
            break


def _open_out_dir(out: Path, plan: BatchPlan, fingerprint: str, resume: bool) -> dict[str, Any]:
    """Check ``out`` can hold this batch; start its manifest, or check it is the same batch."""
    if out.exists() and not out.is_dir():
        raise InputError.single(out, "--out must be a directory, and this is a file")
    if resume:
        manifest = read_manifest(out)
        check_same_batch(out, manifest, plan, fingerprint)
        return manifest
    if manifest_path(out).exists():
        raise InputError.single(
            out, "--out holds a batch already: add --resume to complete it, or choose another --out"
        )
    if out.exists() and any(out.iterdir()):
        raise InputError.single(out, "--out is not empty: choose a new or empty directory")
    existing = next(p for p in (out.absolute(), *out.absolute().parents) if p.exists())
    if not existing.is_dir():
        raise InputError.single(out, f"--out: {existing} is a file, not a directory")
    if not os.access(existing, os.W_OK):
        raise InputError.single(out, f"--out: no permission to write in {existing}")
    out.mkdir(parents=True, exist_ok=True)
    manifest = new_manifest(plan, fingerprint)
    write_manifest(out, manifest)
    return manifest


def _check_journal(journal: Journal, done: set[Key], tasks: list) -> None:
    planned = {(t.point, t.run) for t in tasks}
    stray = sorted(done - planned)
    if stray:
        raise InputError.single(
            journal.directory / "runs.jsonl",
            f"holds run {stray[0]} that this batch does not plan: the journal is not this batch's",
        )


def _finish(
    plan: BatchPlan, scenario: Scenario, journal: Journal, out: Path, csv: bool, plots: bool
) -> tuple[dict[str, Any], list[str]]:
    """Write every output into a staging directory, then move them into ``out`` together."""
    staging = out / f".staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        runs = runs_table(journal, plan.points())
        write_runs(runs, staging / "runs.parquet", staging / "runs.csv" if csv else None)
        ok = runs["status"] == "ok"
        keys = list(zip(runs["point"][ok].tolist(), runs["run"][ok].tolist(), strict=True))
        write_turns(
            journal, keys, staging / "turns.parquet", staging / "turns.csv" if csv else None
        )
        _write_failures(journal, plan, staging / "failures.jsonl")
        sides = [s for s, spec in scenario.spec.sides.items() if not spec.neutral]
        summary = {**_header(plan, scenario), **describe_batch(runs, plan.parameters, sides)}
        summary["paired"] = paired_differences(runs, sides)
        (staging / "summary.json").write_text(
            json.dumps(summary, indent=2, ensure_ascii=False, allow_nan=False) + "\n",
            encoding="utf-8",
        )
        (staging / "summary.md").write_text(summary_markdown(summary), encoding="utf-8")
        if plots:
            from sim.batch.plots import write_plots  # matplotlib only when plots are wanted

            (staging / "plots").mkdir()
            write_plots(runs, plan.parameters, sides, staging / "plots", scenario.spec.title)
        outputs = sorted(p.name for p in staging.iterdir())
        for name in outputs:
            target = out / name
            if target.is_dir():
                shutil.rmtree(target)
            os.replace(staging / name, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return summary, outputs


def _header(plan: BatchPlan, scenario: Scenario) -> dict[str, Any]:
    return {
        "title": scenario.spec.title,
        "file": str(plan.scenario),
        "runs_per_point": plan.runs,
        "base_seed": plan.base_seed,
        "overrides": dict(plan.overrides),
        "sweeps": {s.key: list(s.values) for s in plan.sweeps},
    }


def _write_failures(journal: Journal, plan: BatchPlan, path: Path) -> None:
    """Each failed run with its parameters and traceback, for whoever debugs it."""
    points = plan.points()
    lines = []
    for line in journal.records():
        if line["status"] == "failed":
            line = {**line, "parameters": points[line["point"]]}
            lines.append((line["point"], line["run"], json.dumps(line, ensure_ascii=False)))
    if lines:
        path.write_text("".join(text + "\n" for *_, text in sorted(lines)), encoding="utf-8")
