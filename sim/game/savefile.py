"""Saved games: a documented, versioned JSON file holding what makes a game (docs/play.md).

A save holds the scenario (its path and a fingerprint of its files), the overrides, the seed,
the sides people play and every order they gave; loading replays those orders, which rebuilds
the game exactly, and checks the replay against a hash of the event log stored at saving. The
file is parsed with the safe YAML loader (JSON is YAML), so a problem in it is reported with its
line and field, like a scenario's. Saving writes a temporary file and renames it: an interrupted
save never leaves half a file in place of a good one.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from importlib import metadata
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sim.errors import InputError, Problem
from sim.game.instructor import ACTIONS, INSTRUCTOR
from sim.game.session import Action, GameSession, replay_actions
from sim.model import WargameModel
from sim.orders import OrderFormatError, order_from_dict
from sim.scenario.fingerprint import scenario_fingerprint
from sim.scenario.loader import load_scenario
from sim.scenario.validation import validate_document
from sim.scenario.yaml_source import load_yaml

SAVE_FORMAT = "karabakh-wargame-save"
SAVE_VERSION = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SavedAction(_Strict):
    turn: Annotated[int, Field(ge=1)]
    side: str = Field(min_length=1)
    order: dict[str, Any]


class SaveCheck(_Strict):
    events: Annotated[int, Field(ge=0)]
    events_sha256: str = Field(min_length=64, max_length=64)


class SaveFile(_Strict):
    format: Literal["karabakh-wargame-save"]
    version: Literal[1]
    engine_version: str
    scenario: str = Field(min_length=1, description="as given when the game started")
    scenario_fingerprint: str
    overrides: dict[str, Any] = {}
    seed: Annotated[int, Field(ge=0)]
    human_sides: list[str]
    turns_played: Annotated[int, Field(ge=0)]
    actions: list[SavedAction]
    check: SaveCheck


def engine_version() -> str:
    try:
        return metadata.version("karabakh-wargame")
    except metadata.PackageNotFoundError:
        return "unknown"


def events_digest(model: WargameModel) -> tuple[int, str]:
    """(number of events, SHA-256 of the event log as JSON lines): what a replay must match."""
    stream = io.StringIO()
    model.events.write_jsonl(stream)
    return len(model.events), hashlib.sha256(stream.getvalue().encode("utf-8")).hexdigest()


def save_game(session: GameSession, path: Path) -> None:
    """Write ``session`` to ``path`` in one step (a temporary file, then a rename)."""
    path = Path(path)
    count, digest = events_digest(session.model)
    assert session.scenario is not None
    head = {
        "format": SAVE_FORMAT,
        "version": SAVE_VERSION,
        "engine_version": engine_version(),
        "scenario": str(session.scenario_path),
        "scenario_fingerprint": scenario_fingerprint(session.scenario),
        "overrides": dict(session.overrides),
        "seed": session.seed,
        "human_sides": list(session.human_sides),
        "turns_played": session.turn,
        "check": {"events": count, "events_sha256": digest},
    }
    lines = ["{"]
    lines += [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    actions = [json.dumps(a.to_dict(), ensure_ascii=False) for a in session.actions]
    lines.append('  "actions": [' + ("" if actions else "]"))
    if actions:
        lines += [f"    {text}," for text in actions[:-1]] + [f"    {actions[-1]}", "  ]"]
    lines.append("}")
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        partial.write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def load_game(path: Path) -> GameSession:
    """The saved game, replayed to where it was saved; :class:`InputError` if the file is not a
    save, is damaged, or no longer replays (another scenario or engine version)."""
    path = Path(path)
    doc = load_yaml(path, what="save file")
    if doc.data.get("format") != SAVE_FORMAT:
        raise InputError.single(
            path, f"not a saved game (a save has 'format': '{SAVE_FORMAT}')", 1, "format"
        )
    version = doc.data.get("version")
    if version != SAVE_VERSION:
        source, line, _ = doc.locate(("version",))
        raise InputError.single(
            source, f"a save of version {version!r}; this engine reads version {SAVE_VERSION}",
            line, "version",
        )  # fmt: skip
    problems: list[Problem] = []
    save = validate_document(SaveFile, doc, problems)
    if save is None:
        raise InputError(problems)
    actions = _actions(save, doc, path)
    scenario_path = _scenario_path(save, path)
    scenario = load_scenario(scenario_path, save.overrides)
    if scenario_fingerprint(scenario) != save.scenario_fingerprint:
        raise InputError.single(
            path, f"the scenario files ({scenario_path}) changed since this game was saved",
            doc.locate(("scenario_fingerprint",))[1], "scenario_fingerprint",
        )  # fmt: skip
    unknown = sorted(set(save.human_sides) - set(scenario.spec.sides))
    if unknown:
        raise InputError.single(
            path, f"no side {unknown[0]} in {scenario_path}", doc.locate(("human_sides",))[1],
            "human_sides",
        )  # fmt: skip
    session = GameSession(
        Path(save.scenario), save.seed, tuple(save.human_sides), save.overrides, scenario
    )
    replay_actions(session, actions, save.turns_played)
    if events_digest(session.model) != (save.check.events, save.check.events_sha256):
        raise InputError.single(
            path,
            f"replaying the saved orders does not give the saved game (saved with engine "
            f"{save.engine_version}, this is {engine_version()})",
            doc.locate(("check",))[1],
            "check",
        )
    return session


def _actions(save: SaveFile, doc: Any, path: Path) -> list[Action]:
    """Every saved order, checked to be an order before any is replayed."""
    problems = []
    for i, action in enumerate(save.actions):
        try:
            if action.side == INSTRUCTOR:
                if action.order.get("type") not in ACTIONS:
                    raise OrderFormatError(f"type: not an instructor action: {action.order!r}")
            else:
                order_from_dict(action.order)
        except OrderFormatError as exc:
            source, line, _ = doc.locate(("actions", i, "order"))
            problems.append(Problem(source, line, f"actions[{i}].order", str(exc)))
        if action.turn > save.turns_played + 1:
            source, line, _ = doc.locate(("actions", i, "turn"))
            problems.append(
                Problem(source, line, f"actions[{i}].turn", "after the last turn played")
            )
    if problems:
        raise InputError(problems)
    return [Action(a.turn, a.side, a.order) for a in save.actions]


def _scenario_path(save: SaveFile, path: Path) -> Path:
    """The scenario as it was named when the game started, or else beside the save file."""
    given = Path(save.scenario)
    if given.is_file() or given.is_absolute():
        return given
    beside = path.parent / given
    return beside if beside.is_file() else given
