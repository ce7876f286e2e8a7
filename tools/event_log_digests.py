"""Digests of the event logs of every shipped scenario, to show that a change kept behaviour.

Run it before and after a change that is meant to change nothing, and compare the two outputs:

    python tools/event_log_digests.py > before.txt      # on the old commit
    python tools/event_log_digests.py > after.txt       # on the new one
    diff before.txt after.txt && echo "identical"

Each line is a scenario, a seed, the number of events and the SHA-256 of the event log as
``events.jsonl`` holds it, and of the per-turn table as ``turns.csv`` holds it.
"""

from __future__ import annotations

import argparse
import hashlib
import io
from pathlib import Path

from sim.model import WargameModel

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def digests(path: Path, seed: int) -> tuple[int, str, str]:
    """(events, digest of the event log, digest of the per-turn table) of one full game."""
    model = WargameModel(path, seed=seed)
    model.run()
    events = io.StringIO()
    model.events.write_jsonl(events)
    turns = model.datacollector.get_model_vars_dataframe().to_csv(index=False)
    model.release()
    return (
        len(model.events),
        hashlib.sha256(events.getvalue().encode("utf-8")).hexdigest(),
        hashlib.sha256(turns.encode("utf-8")).hexdigest(),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("scenarios", nargs="*", type=Path, help="default: every shipped one")
    args = parser.parse_args()
    for path in args.scenarios or sorted(SCENARIOS.glob("*.yaml")):
        for seed in args.seeds:
            count, events, turns = digests(path, seed)
            print(f"{path.stem:<36} seed {seed:<3} {count:>6} events  {events[:16]}  {turns[:16]}")


if __name__ == "__main__":
    main()
