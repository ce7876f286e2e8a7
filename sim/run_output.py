"""Writing a run's results to a directory all at once, or not at all.

Files are first written to a hidden staging directory beside the target; only when every file is
complete are they moved into place. A run that fails, or input that turns out bad, leaves the
target exactly as it was.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from sim.errors import InputError

Writer = Callable[[Path], None]


def check_output_dir(out: Path) -> None:
    """Fail early, before any work, if results could not be written to ``out``."""
    if out.exists() and not out.is_dir():
        raise InputError.single(out, "--out must be a directory, and this is a file")
    parent = out.parent if out.parent != Path("") else Path(".")
    if not out.exists() and not parent.is_dir():
        raise InputError.single(out, f"--out: the parent directory {parent} does not exist")
    if not os.access(out if out.exists() else parent, os.W_OK):
        raise InputError.single(out, "--out: no permission to write here")


def write_outputs(out: Path, files: dict[str, Writer]) -> None:
    """Write ``{name: writer}`` into ``out`` atomically (writers get the file's path)."""
    out = Path(out)
    parent = out.parent if out.parent != Path("") else Path(".")
    staging = parent / f".{out.name}.{os.getpid()}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        for name, writer in files.items():
            writer(staging / name)
        if not out.exists():
            staging.rename(out)
            return
        for name in files:
            os.replace(staging / name, out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def json_writer(data: object) -> Writer:
    def write(path: Path) -> None:
        text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
        path.write_text(text + "\n", encoding="utf-8")

    return write
