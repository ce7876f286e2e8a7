"""``batch.json``: what a batch directory holds, so that ``--resume`` continues the same batch.

It stores the plan and a fingerprint of the scenario's files when the batch starts, and is
marked complete once the tables are written. Resuming with other arguments, edited scenario
files or a different engine format is refused with a message naming what differs.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from sim.batch.plan import PLAN_FORMAT, BatchPlan
from sim.errors import InputError

MANIFEST = "batch.json"


def manifest_path(out: Path) -> Path:
    return Path(out) / MANIFEST


def new_manifest(plan: BatchPlan, fingerprint: str) -> dict[str, Any]:
    return {"plan": _plain(plan.to_json()), "fingerprint": fingerprint, "complete": False}


def write_manifest(out: Path, manifest: dict[str, Any]) -> None:
    """Replace ``batch.json`` in one step: a reader sees the old or the new one, never half."""
    path = manifest_path(out)
    partial = path.with_name(f".{MANIFEST}.{os.getpid()}.partial")
    partial.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, path)


def read_manifest(out: Path) -> dict[str, Any]:
    path = manifest_path(out)
    if not path.is_file():
        raise InputError.single(
            path, "--resume: no batch here to resume (batch.json is missing); drop --resume"
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise InputError.single(path, f"not a batch manifest (corrupt JSON: {exc})", line) from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("plan"), dict):
        raise InputError.single(path, "not a batch manifest (no 'plan')")
    return manifest


def check_same_batch(
    out: Path, manifest: dict[str, Any], plan: BatchPlan, fingerprint: str
) -> None:
    """Refuse to resume a different batch: every plan field and the scenario files must match."""
    path = manifest_path(out)
    stored = manifest["plan"]
    if stored.get("format") != PLAN_FORMAT:
        raise InputError.single(
            path,
            f"written by another version of the batch format ({stored.get('format')})",
            field="plan.format",
        )
    given = _plain(plan.to_json())
    for key, value in given.items():
        # The scenario may be named by another path; its files' fingerprint must match.
        if key != "scenario" and stored.get(key) != value:
            raise InputError.single(
                path,
                f"this batch was started with {_show(stored.get(key))}, not {_show(value)}; "
                "give the same arguments to resume it, or choose another --out",
                field=f"plan.{key}",
            )
    if manifest.get("fingerprint") != fingerprint:
        raise InputError.single(
            path,
            "the scenario or catalog files changed since this batch started; "
            "results would mix two versions: choose another --out",
            field="fingerprint",
        )


def _plain(data: Any) -> Any:
    """As JSON gives it back (tuples become lists), so stored and given plans compare."""
    return json.loads(json.dumps(data))


def _show(value: Any) -> str:
    return json.dumps(value)
