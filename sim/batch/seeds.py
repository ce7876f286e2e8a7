"""Seeds of a batch's runs, derived from one base seed."""

from __future__ import annotations

import numpy as np


def run_seeds(base_seed: int, runs: int) -> list[int]:
    """The seed of every run of a batch: independent streams from one base seed.

    Child ``i`` of ``SeedSequence.spawn`` does not depend on how many children are spawned, so
    run ``i`` keeps its seed when a batch is made longer.
    """
    children = np.random.SeedSequence(base_seed).spawn(runs)
    return [int(child.generate_state(1, dtype=np.uint64)[0]) for child in children]
