"""Reading what a report is made from: a run directory, a saved game or a batch directory.

Each kind ends up as plain data (:class:`GameRecord` or :class:`BatchRecord`), so the page is
built the same way whatever the game came from. Everything read is user input: a file that is
missing, not JSON or not what the engine writes raises :class:`InputError` naming the file, the
line and the field, before anything is written.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.errors import InputError, Problem
from sim.scenario.loader import load_scenario

if TYPE_CHECKING:
    from sim.game.session import GameSession
    from sim.scenario.scenario import Scenario

RUN_FILES = ("summary.json", "events.jsonl", "turns.csv")
"""What ``wargame run --out DIR`` writes."""
BATCH_FILES = ("batch.json", "summary.json")
"""What a finished ``wargame batch --out DIR`` always has (plots are optional)."""
PLOT_ORDER = ("outcomes.png", "losses.png", "objectives.png", "sweep.png")
"""The batch's plots in the order docs/batch.md describes them; any others follow by name."""

SUMMARY_KEYS = ("scenario", "file", "seed", "overrides", "turns_played", "start", "end")
SUMMARY_KEYS += ("outcome", "objectives", "sides")
SIDE_KEYS = ("name", "losses", "air_war")
BATCH_SUMMARY_KEYS = ("confidence", "parameters", "sides", "points")
EVENT_KEYS = ("kind", "turn", "time", "text")


@dataclass
class GameRecord:
    """One game as the report reads it: its summary, event log and per-turn metrics."""

    kind: str
    """``run`` (a headless run's directory) or ``save`` (a saved game)."""
    path: Path
    summary: dict[str, Any]
    """As ``sim.summary.build_summary`` makes it (a run's summary.json)."""
    events: list[dict[str, Any]]
    """Every event as JSON data (``Event.to_dict``, the lines of events.jsonl)."""
    turns: list[dict[str, Any]]
    """One row per turn played, the columns of turns.csv."""
    scenario: Scenario | None
    """The scenario with the game's overrides, or None if it could not be loaded."""
    notes: list[str] = field(default_factory=list)
    """What the report cannot show, and why (a missing scenario, a log that differs)."""
    saved_with: str | None = None
    """The engine version that wrote a save."""
    human_sides: tuple[str, ...] = ()
    """The sides people played, in a save."""


@dataclass
class BatchRecord:
    """A batch as the report reads it: its plan, statistical summary and plots."""

    path: Path
    batch: dict[str, Any]
    """batch.json: the plan, the scenario's fingerprint, the sessions that played it."""
    summary: dict[str, Any]
    plots: list[tuple[str, bytes]]
    """(file name, PNG bytes) of every plot in ``plots/``."""


def kind_of(path: Path) -> str:
    """``run``, ``batch`` or ``save``: what ``path`` is, judged by the files it holds."""
    path = Path(path)
    if not path.exists():
        raise InputError.single(path, "no such file or directory")
    if path.is_file():
        if path.name in RUN_FILES or path.name in BATCH_FILES:
            raise InputError.single(
                path, f"give the directory that holds {path.name} ({path.parent}), not the file"
            )
        return "save"
    if (path / "batch.json").is_file():
        return "batch"
    if (path / "summary.json").is_file() and (path / "events.jsonl").is_file():
        return "run"
    raise InputError.single(
        path,
        "neither a run directory (wargame run --out: " + ", ".join(RUN_FILES) + ") nor a batch "
        "directory (wargame batch --out: " + ", ".join(BATCH_FILES) + ")",
    )


def _require_files(path: Path, names: Sequence[str], what: str) -> None:
    """Every file ``what`` holds is there, or the first missing one is named."""
    for name in names:
        if not (path / name).is_file():
            raise InputError.single(path / name, f"missing: {what} holds " + _and(names))


def read_run(path: Path) -> GameRecord:
    """A headless run's directory, with its scenario loaded (or a note saying why not)."""
    path = Path(path)
    _require_files(path, RUN_FILES, "a run directory")
    summary = read_json(path / "summary.json")
    _check_summary(summary, path / "summary.json")
    events = read_events(path / "events.jsonl")
    turns = read_turns(path / "turns.csv")
    record = GameRecord("run", path, summary, events, turns, None)
    record.scenario = _scenario_of_run(summary, path, record.notes)
    return record


def record_of_session(session: GameSession, path: Path, saved_with: str) -> GameRecord:
    """A saved game replayed to its last turn, read from the model as a run's files would be."""
    from sim.summary import build_summary

    model = session.model
    frame = model.datacollector.get_model_vars_dataframe()
    return GameRecord(
        kind="save",
        path=Path(path),
        summary=build_summary(model),
        events=[event.to_dict() for event in model.events],
        turns=[dict(row) for row in frame.to_dict("records")],
        scenario=model.scenario,
        saved_with=saved_with,
        human_sides=tuple(session.human_sides),
    )


def read_batch(path: Path) -> BatchRecord:
    """A batch directory: batch.json, summary.json and whatever plots it has."""
    path = Path(path)
    _require_files(path, BATCH_FILES, "a batch directory")
    batch = read_json(path / "batch.json")
    if not isinstance(batch.get("plan"), Mapping):
        raise InputError.single(path / "batch.json", "expected an object", field="plan")
    summary = read_json(path / "summary.json")
    _require(summary, BATCH_SUMMARY_KEYS, path / "summary.json")
    if not isinstance(summary["points"], list) or not all(
        isinstance(p, Mapping) for p in summary["points"]
    ):
        raise InputError.single(path / "summary.json", "expected a list of objects", None, "points")
    plots = []
    folder = path / "plots"
    if folder.is_dir():
        found = sorted(folder.glob("*.png"), key=lambda p: (_plot_rank(p.name), p.name))
        for plot in found:
            data = plot.read_bytes()
            if not data.startswith(b"\x89PNG"):
                raise InputError.single(plot, "not a PNG image")
            plots.append((plot.name, data))
    return BatchRecord(path, batch, summary, plots)


def read_json(path: Path) -> dict[str, Any]:
    """A JSON object from ``path``; a damaged file names its line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError.single(path, f"cannot be read: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError.single(
            path, f"not valid JSON: {exc.msg} (column {exc.colno})", exc.lineno
        ) from None
    if not isinstance(data, dict):
        raise InputError.single(path, "expected a JSON object", 1)
    return data


def read_events(path: Path) -> list[dict[str, Any]]:
    """events.jsonl: one event object per line, every problem reported at once."""
    events, problems = [], []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError.single(path, f"cannot be read: {exc}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(str(path), number, "", f"not valid JSON: {exc.msg}"))
            continue
        missing = [k for k in EVENT_KEYS if not isinstance(event, dict) or k not in event]
        if missing:
            problems.append(
                Problem(str(path), number, "", "not an event (no " + _and(missing) + ")")
            )
            continue
        if not isinstance(event["turn"], int) or not isinstance(event["time"], str):
            problems.append(Problem(str(path), number, "turn", "expected a turn and a time"))
            continue
        events.append(event)
    if problems:
        raise InputError(problems[:20])
    return events


def read_turns(path: Path) -> list[dict[str, Any]]:
    """turns.csv: numbers as numbers (the ``time`` column stays text)."""
    try:
        with path.open(encoding="utf-8", newline="") as stream:
            reader = csv.DictReader(stream)
            columns = reader.fieldnames or []
            if "turn" not in columns:
                raise InputError.single(path, "no 'turn' column: not a run's turns.csv", 1)
            rows = []
            for number, raw in enumerate(reader, start=2):
                row: dict[str, Any] = {}
                for key, value in raw.items():
                    if key is None or value is None:
                        raise InputError.single(path, "a row of the wrong length", number)
                    row[key] = value if key == "time" else _number(value, path, number, key)
                rows.append(row)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError.single(path, f"cannot be read: {exc}") from None
    return rows


def _number(text: str, path: Path, line: int, column: str) -> float | int | None:
    if text == "":
        return None
    try:
        value = float(text)
    except ValueError:
        raise InputError.single(path, f"expected a number, got {text!r}", line, column) from None
    return int(value) if value.is_integer() else value


def _check_summary(summary: Mapping[str, Any], path: Path) -> None:
    _require(summary, SUMMARY_KEYS, path)
    if not isinstance(summary["sides"], Mapping) or not summary["sides"]:
        raise InputError.single(path, "expected an object with one entry per side", None, "sides")
    for side, data in summary["sides"].items():
        if not isinstance(data, Mapping):
            raise InputError.single(path, "expected an object", None, f"sides.{side}")
        _require(data, SIDE_KEYS, path, prefix=f"sides.{side}.")
    if not isinstance(summary["turns_played"], int):
        raise InputError.single(path, "expected a whole number", None, "turns_played")
    if not isinstance(summary["overrides"], Mapping):
        raise InputError.single(path, "expected an object", None, "overrides")


def _require(data: Mapping[str, Any], keys: Sequence[str], path: Path, prefix: str = "") -> None:
    missing = [key for key in keys if key not in data]
    if missing:
        raise InputError([Problem(str(path), None, prefix + key, "missing") for key in missing])


def _scenario_of_run(summary: Mapping[str, Any], run: Path, notes: list[str]) -> Scenario | None:
    """The run's scenario with its overrides, found as named in the summary (relative to the
    current directory, then to the run directory and the directories above it)."""
    given = Path(str(summary["file"]))
    candidates = [given] if given.is_absolute() else [given, *(d / given for d in _up(run))]
    found = next((c for c in candidates if c.is_file()), None)
    if found is None:
        notes.append(
            f"The scenario file {given} was not found, so the scenario's texts and the map "
            "snapshots are missing from this report."
        )
        return None
    try:
        return load_scenario(found, dict(summary["overrides"]))
    except InputError as exc:
        notes.append(
            f"The scenario file {found} no longer loads with the run's overrides ("
            + "; ".join(str(p) for p in exc.problems[:3])
            + "), so the scenario's texts and the map snapshots are missing from this report."
        )
        return None


def _up(path: Path) -> list[Path]:
    """``path`` and the directories above it."""
    path = path.resolve()
    return [path, *path.parents]


def _plot_rank(name: str) -> int:
    return PLOT_ORDER.index(name) if name in PLOT_ORDER else len(PLOT_ORDER)


def _and(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
