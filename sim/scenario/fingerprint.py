"""A fingerprint of a scenario's files: what a resumed batch or a loaded save must find again."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sim.scenario.scenario import Scenario


def scenario_fingerprint(scenario: Scenario) -> str:
    """A hash of every file the scenario was read from: a resumed batch must use the same."""
    spec = scenario.spec
    base = scenario.path.parent
    files = [scenario.path, *(base / name for name in spec.catalog)]
    files += [base / spec.map.elevation, base / spec.map.terrain]
    digest = hashlib.sha256()
    for path in files:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()
