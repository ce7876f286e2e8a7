"""Building an after-action review: read the input, play the game again for the map
snapshots, lay out the page, write it in one step.

Everything that can be wrong with the input is found before the page is written, and the page
goes to a temporary file renamed into place: bad input leaves nothing behind, and an
interrupted report never leaves half a page where a good one was.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from sim.errors import InputError
from sim.report import page
from sim.report.batch_report import batch_sections
from sim.report.game_report import game_sections, settings, when
from sim.report.snapshots import Snapshot, choose_turns, snapshots_of_run, snapshots_of_save
from sim.report.sources import (
    BATCH_FILES,
    RUN_FILES,
    BatchRecord,
    GameRecord,
    kind_of,
    read_batch,
    read_run,
)


def default_out(path: Path) -> Path:
    """``PATH/aar.html`` for a directory; the save file with ``.aar.html`` for its suffix."""
    path = Path(path)
    return path / "aar.html" if path.is_dir() else path.with_suffix(".aar.html")


def build_aar(path: Path, out: Path | None = None, turns: Sequence[int] | None = None) -> Path:
    """Write the after-action review of a run directory, a saved game or a batch directory
    to ``out`` (default: :func:`default_out`) and return its path.

    ``turns`` are the turns of the map snapshots (0 is the start); by default the start, a few
    evenly spaced turns and the end. :class:`InputError` for bad input, before anything is
    written.
    """
    path = Path(path)
    kind = kind_of(path)
    target = Path(out) if out is not None else default_out(path)
    _check_target(target, path)
    if kind == "batch":
        if turns is not None:
            raise InputError.single("--turns", "a batch has no map snapshots (it is many games)")
        text = batch_page(read_batch(path))
    elif kind == "run":
        record = read_run(path)
        chosen = choose_turns(record.summary["turns_played"], turns)
        snapshots = snapshots_of_run(record, chosen)
        text = game_page(record, snapshots, chosen)
    else:
        chosen_turns: list[int] = []

        def pick(last_turn: int) -> list[int]:
            chosen_turns[:] = choose_turns(last_turn, turns)
            return chosen_turns

        record, snapshots = snapshots_of_save(path, pick)
        text = game_page(record, snapshots, chosen_turns)
    _write(target, text)
    return target


def game_page(record: GameRecord, snapshots: Sequence[Snapshot], turns: Sequence[int]) -> str:
    """The whole page of one game's review."""
    summary = record.summary
    kind = "headless run" if record.kind == "run" else "saved game"
    subtitle = (
        f"After-action review of a {kind}: {when(summary['start'])} to {when(summary['end'])}, "
        f"{summary['turns_played']} turns, seed {summary['seed']}"
    )
    sections = game_sections(record, snapshots, turns)
    return page.document(
        f"After-action review: {summary['scenario']}",
        subtitle,
        sections,
        _game_footer(record, bool(snapshots)),
    )


def batch_page(record: BatchRecord) -> str:
    """The whole page of a batch's review."""
    summary = record.summary
    title = summary.get("title") or "batch"
    points = len(summary["points"])
    subtitle = (
        f"After-action review of a batch: {summary.get('runs_per_point', '?')} runs per point, "
        f"{points} sweep point{'s' if points != 1 else ''}"
    )
    footer = page.join(
        [
            page.el(
                "p",
                f"Made by wargame aar (engine {engine_version()}) from the batch directory "
                f"{record.path}: batch.json, summary.json and plots/. The runs themselves are "
                "in runs.parquet and turns.parquet; any run can be played again in full with "
                "wargame run SCENARIO --seed SEED and the same overrides.",
            )
        ]
    )
    return page.document(f"After-action review: {title}", subtitle, batch_sections(record), footer)


def engine_version() -> str:
    from sim.game.savefile import engine_version as version

    return version()


def _game_footer(record: GameRecord, drawn: bool) -> page.Markup:
    summary = record.summary
    source = (
        f"the run directory {record.path} (summary.json, events.jsonl, turns.csv)"
        if record.kind == "run"
        else f"the saved game {record.path} (saved with engine {record.saved_with})"
    )
    lines = [
        f"Made by wargame aar (engine {engine_version()}) from {source}.",
        f"Scenario file {summary['file']}, seed {summary['seed']}"
        + (f", overrides {settings(summary['overrides'])}" if summary.get("overrides") else "")
        + ".",
    ]
    if drawn:
        lines.append(
            "The map snapshots are drawn from the game played again from the scenario, the "
            "overrides, the seed"
            + (
                " and the orders people gave, checked against the save's hash of the event log."
                if record.kind == "save"
                else ", checked to give the recorded event log event for event."
            )
        )
    if record.human_sides:
        side_names = {k: v.get("name", k) for k, v in summary["sides"].items()}
        people = ", ".join(str(side_names.get(s, s)) for s in record.human_sides)
        lines.append(f"Played by people: {people}; the AI played the other sides.")
    return page.join([page.el("p", line) for line in lines])


def _check_target(target: Path, source: Path) -> None:
    """Refuse, before any work, a place the page cannot be written to."""
    parent = target.parent if target.parent != Path("") else Path(".")
    if target.is_dir():
        raise InputError.single(target, "--out must be a file, and this is a directory")
    if not parent.is_dir():
        raise InputError.single(target, f"--out: the directory {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise InputError.single(target, "--out: no permission to write here")
    if target.exists() and source.is_file() and target.resolve() == source.resolve():
        raise InputError.single(target, "--out would overwrite the saved game itself")
    inputs = (*RUN_FILES, *BATCH_FILES)
    if source.is_dir() and target.name in inputs and target.resolve().parent == source.resolve():
        raise InputError.single(target, f"--out would overwrite the {target.name} it reads")


def _write(target: Path, text: str) -> None:
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
