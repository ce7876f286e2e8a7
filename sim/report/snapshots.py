"""Map snapshots of a game at chosen turns, from the game played again.

Neither a run directory nor a save holds the positions of units, only what makes the game: the
engine is a pure function of the scenario, the overrides, the seed and people's orders. So a
snapshot is drawn from the game played again to that turn. A run is played again from its
summary and kept only if the new event log equals the recorded one, event for event: a changed
scenario or engine would otherwise put pictures of another game in the report. A save checks
itself when it is loaded (sim.game.savefile), so its replay is the game.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sim.errors import InputError
from sim.report.sources import GameRecord, read_json, record_of_session

if TYPE_CHECKING:
    from sim.model import WargameModel

MAX_SNAPSHOTS = 6
"""Most snapshots in one report: each is a few hundred kB in the page."""
SNAPSHOT_WIDTH = 1000
"""Pixels; the height follows the map's proportions."""


@dataclass(frozen=True)
class Snapshot:
    """The map after ``turn`` turns (0: the start), as PNG bytes, and who held what."""

    turn: int
    time: str
    """When the picture is: the end of ``turn``, ISO 8601, local time of the scenario."""
    png: bytes
    holders: dict[str, str | None]
    """Objective name -> the side holding it (None: no one)."""


def choose_turns(last_turn: int, asked: Sequence[int] | None) -> list[int]:
    """The turns to draw: those asked for (checked against the game), or by default the start,
    evenly spaced turns and the end, :data:`MAX_SNAPSHOTS` at most."""
    if asked is None:
        count = min(MAX_SNAPSHOTS, last_turn + 1)
        if count <= 1:
            return [0]
        return sorted({round(i * last_turn / (count - 1)) for i in range(count)})
    turns = sorted(set(asked))
    if len(turns) > MAX_SNAPSHOTS:
        raise InputError.single(
            "--turns", f"at most {MAX_SNAPSHOTS} snapshot turns, not {len(turns)}"
        )
    late = [t for t in turns if t < 0 or t > last_turn]
    if late:
        raise InputError.single(
            "--turns",
            f"turn {late[0]} is not in the game: give turns from 0 (the start) to "
            f"{last_turn} (the last turn played)",
        )
    return turns


def snapshots_of_run(record: GameRecord, turns: Sequence[int]) -> list[Snapshot]:
    """Play the run again from its summary, drawing the map at ``turns``; if the new event log
    differs from the recorded one, return no snapshots and add a note to ``record`` saying
    where the two part."""
    from sim.model import WargameModel

    if record.scenario is None or not turns:
        return []
    summary = record.summary
    model = WargameModel(record.scenario, seed=summary["seed"])
    wanted = set(turns)
    draw = _drawer(model)
    snapshots = []
    while True:
        if model.turn in wanted:
            snapshots.append(draw(model))
        if not model.running or model.turn >= summary["turns_played"]:
            break
        model.step()
    played = _jsonl(model)
    model.release()
    differs = _first_difference(played, record.events)
    if differs is not None:
        record.notes.append(
            "No map snapshots: the game played again from the summary (scenario "
            f"{summary['file']}, seed {summary['seed']}) is not the recorded one; "
            f"{differs}. The scenario or catalog files, the engine or the run's events.jsonl "
            "have changed since the run was made, and pictures of the game played now would "
            "not show the game this report describes."
        )
        return []
    return snapshots


def snapshots_of_save(
    path: Path, turns: Callable[[int], list[int]]
) -> tuple[GameRecord, list[Snapshot]]:
    """Replay a saved game, drawing the map at the turns ``turns(last_turn)`` chooses; the
    record is read from the game at its last turn."""
    from sim.game.replay import Replay

    replay = Replay(path)  # InputError if it is not a save, is damaged or no longer replays
    saved_with = str(read_json(Path(path)).get("engine_version", "unknown"))
    chosen = turns(replay.last_turn)
    draw = None
    snapshots = []
    for turn in chosen:
        session = replay.goto(turn)
        draw = draw or _drawer(session.model)
        snapshots.append(draw(session.model))
    final = replay.goto(replay.last_turn)
    record = record_of_session(final, Path(path), saved_with)
    return record, snapshots


def _drawer(model: WargameModel) -> Callable[[WargameModel], Snapshot]:
    """A function drawing snapshots of ``model``'s scenario, the terrain painted once."""
    from sim.render.snapshot import SnapshotRenderer

    renderer = SnapshotRenderer.fitted(model, SNAPSHOT_WIDTH)

    def draw(game: WargameModel) -> Snapshot:
        time = game.scenario.turn_start(game.turn + 1).isoformat()
        when = time.replace("T", " ")[:16]
        caption = f"Start: {when}" if game.turn == 0 else f"After turn {game.turn}: {when}"
        return Snapshot(
            turn=game.turn,
            time=time,
            png=renderer.render(game, caption),
            holders={o.name: o.owner for o in game.state.objectives},
        )

    return draw


def _jsonl(model: WargameModel) -> list[str]:
    stream = io.StringIO()
    model.events.write_jsonl(stream)
    return stream.getvalue().splitlines()


def _first_difference(played: list[str], recorded: Iterable[dict]) -> str | None:
    """Where two event logs part, in words, or None if they are the same event for event."""
    recorded = list(recorded)
    for number, (line, event) in enumerate(zip(played, recorded, strict=False), start=1):
        if json.loads(line) != event:
            return f"they part at line {number} of events.jsonl (turn {event.get('turn')})"
    if len(played) != len(recorded):
        return f"the recorded log has {len(recorded)} events and the new one {len(played)}"
    return None
