"""Line of sight against cases worked out by hand: ridges, valleys, trees and the earth's bulge.

Maps here are single rows of 1 km hexes, so every sight line runs along hex centres and the
expected answers follow from the straight line between eye and target: at the middle of a line of
length D the earth bulges D**2 / (8 R) with R = 4/3 * 6371 km = 8494.7 km.
"""

from random import Random

import numpy as np
import pytest
from builders import unit, write_scenario

from sim.scenario.loader import load_scenario
from sim.terrain.los import EFFECTIVE_EARTH_RADIUS_M, line_of_sight, viewshed
from sim.terrain.terrain import Terrain


def _row(heights):
    """A (cols, 1) elevation array from a list of heights."""
    return np.asarray(heights, dtype=float)[:, None]


def _sees(ground, a, b, ha=2.0, hb=2.0, obstruction=None):
    obstruction = np.zeros_like(ground) if obstruction is None else obstruction
    return bool(line_of_sight(ground, obstruction, 1.0, ([a], [0]), ha, ([b], [0]), hb)[0])


def test_ridge_blocks_a_low_target_and_climbing_over_it_restores_sight():
    ground = _row([0] * 5 + [100] + [0] * 5)
    assert not _sees(ground, 0, 10)
    # At the ridge (halfway) the line is at 2 + (h - 2) / 2 m; it must clear 100 m plus the
    # bulge of 10**2 / (8 * 8494.7) km = 1.5 m: h > 201 m.
    assert not _sees(ground, 0, 10, hb=195.0)
    assert _sees(ground, 0, 10, hb=210.0)


def test_valley_floor_sees_its_own_floor_but_not_past_the_ridges():
    ground = _row([0, 0, 0, 200, 0, 0, 0, 200, 0, 0, 0])
    assert _sees(ground, 4, 6)
    assert not _sees(ground, 5, 1)
    assert not _sees(ground, 5, 9)
    # The ridge top is in plain view from the valley floor.
    assert _sees(ground, 5, 7)


def test_earth_curvature_hides_low_targets_beyond_the_radio_horizon():
    # Two 2 m eyes over flat ground see each other while D**2 / (8 R) < 2 m, i.e. D < 11.66 km.
    ground = _row([0] * 20)
    assert np.sqrt(8 * EFFECTIVE_EARTH_RADIUS_M * 2.0) == pytest.approx(11_658, rel=1e-3)
    assert _sees(ground, 0, 11)
    assert not _sees(ground, 0, 12)
    assert _sees(ground, 0, 19, ha=30.0, hb=30.0)


def test_trees_block_sight_between_low_eyes_and_not_from_above_them():
    ground = _row([0] * 7)
    trees = _row([0, 0, 0, 15, 0, 0, 0])
    assert not _sees(ground, 0, 6, obstruction=trees)
    assert _sees(ground, 0, 6, ha=20.0, hb=20.0, obstruction=trees)
    # A unit inside the wood is not hidden by its own hex's trees (concealment does that).
    assert _sees(ground, 0, 3, obstruction=trees)


def test_batch_equals_one_by_one_and_viewshed_agrees():
    rng = np.random.default_rng(7)
    ground = rng.uniform(0, 300, size=(15, 12))
    obstruction = np.zeros_like(ground)
    a = rng.integers(0, 15, 60), rng.integers(0, 12, 60)
    b = rng.integers(0, 15, 60), rng.integers(0, 12, 60)
    batch = line_of_sight(ground, obstruction, 0.5, a, 10.0, b, 2.0)
    single = [
        line_of_sight(
            ground, obstruction, 0.5, ([a[0][i]], [a[1][i]]), 10.0, ([b[0][i]], [b[1][i]]), 2.0
        )[0]
        for i in range(60)
    ]
    assert batch.tolist() == single
    seen = viewshed(ground, obstruction, 0.5, (7, 6), 10.0, 2.0)
    cols, rows = np.meshgrid(np.arange(15), np.arange(12), indexing="ij")
    every = line_of_sight(
        ground,
        obstruction,
        0.5,
        (np.full(cols.size, 7), np.full(cols.size, 6)),
        10.0,
        (cols.ravel(), rows.ravel()),
        2.0,
    )
    assert (seen.ravel() == every).all()
    assert seen[7, 6] and 0 < seen.sum() < seen.size


def test_the_model_terrain_takes_trees_and_buildings_from_the_catalog(tmp_path):
    path = write_scenario(
        tmp_path,
        ["...f...", "...u...", "......."],
        [unit("b", "blue", "tank_battalion", [0, 2]), unit("r", "red", "tank_battalion", [6, 2])],
    )
    scenario = load_scenario(path)
    terrain = Terrain(scenario.terrain, scenario.catalog, Random(0))
    observers, targets = ([0, 0, 0], [0, 1, 2]), ([6, 6, 6], [0, 1, 2])
    # Forest (15 m) and town (10 m) block 2 m eyes; open ground does not; 20 m masts see over.
    assert terrain.line_of_sight(observers, 2.0, targets, 2.0).tolist() == [False, False, True]
    assert terrain.line_of_sight(observers, 20.0, targets, 20.0).tolist() == [True, True, True]
