"""``wargame aar PATH``: the after-action review of a run, a saved game or a batch, as one
self-contained HTML file.

The report's modules (and with them matplotlib and pygame) are imported only when the command
runs, so registering it costs the command line nothing.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_aar_parser(commands: Any) -> None:
    """Register ``aar`` on the subcommands of the ``wargame`` parser."""
    aar = commands.add_parser(
        "aar",
        help="write the after-action review of a run, a saved game or a batch as one HTML file",
        description="Write an after-action review: one self-contained HTML file (scenario, "
        "outcome, timeline of key events, map snapshots, losses, the air war; for a batch, its "
        "statistics and plots). See docs/aar.md.",
    )
    aar.add_argument(
        "path",
        type=Path,
        metavar="PATH",
        help="a run directory (wargame run --out), a saved game (*.json) or a batch directory",
    )
    aar.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="where to write the page (default: PATH/aar.html for a directory, the save file "
        "with .aar.html for a saved game)",
    )
    aar.add_argument(
        "--turns",
        type=turn_list,
        metavar="T1,T2,...",
        help="turns of the map snapshots, 0 for the start (default: the start, evenly spaced "
        "turns and the end; at most 6)",
    )


def run_aar(args: argparse.Namespace) -> int:
    """Build the review; bad input raises InputError, which the command line reports."""
    from sim.report.aar import build_aar

    written = build_aar(args.path, args.out, args.turns)
    print(f"After-action review written to {written}")
    return 0


def turn_list(text: str) -> list[int]:
    """``1,10,20`` as turns: whole numbers, 0 or more, separated by commas."""
    turns = []
    for part in text.split(","):
        part = part.strip()
        if not part.isdigit():
            raise argparse.ArgumentTypeError(
                f"expected turns as whole numbers separated by commas (1,10,20), got '{text}'"
            )
        turns.append(int(part))
    return turns
