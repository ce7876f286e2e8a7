"""After-action reviews: one self-contained HTML page about a run, a saved game or a batch.

``build_aar(path)`` reads what ``wargame run --out``, the window's Ctrl+S or ``wargame batch``
left behind and writes a single .html file with its pictures inside it (docs/aar.md). The
package imports matplotlib and pygame only when a report is built, so the command line can
register ``wargame aar`` without loading either.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["build_aar"]


def build_aar(path: Path, out: Path | None = None, turns: list[int] | None = None) -> Path:
    """Write the after-action review of ``path`` and return where it went (see
    :func:`sim.report.aar.build_aar`)."""
    from sim.report.aar import build_aar as build

    return build(path, out, turns)
