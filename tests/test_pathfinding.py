"""Travel times, roads and bridges, and A* optimality."""

from random import Random

import numpy as np
import pytest
from builders import unit, write_scenario

from sim.scenario.loader import load_scenario
from sim.terrain.graph import neighbour_table
from sim.terrain.pathfinding import TravelGraph
from sim.terrain.terrain import Terrain


def _random_graph(seed: int, cols: int = 9, rows: int = 7) -> TravelGraph:
    rng = np.random.default_rng(seed)
    neighbours = neighbour_table(cols, rows)
    hours = rng.uniform(0.2, 3.0, size=neighbours.shape)
    hours[rng.random(neighbours.shape) < 0.1] = np.inf
    hours[neighbours < 0] = np.inf
    return TravelGraph(hours, neighbours, cols, rows)


@pytest.mark.parametrize("seed", range(25))
def test_astar_finds_the_optimal_path_that_dijkstra_finds(seed):
    graph = _random_graph(seed)
    rng = np.random.default_rng(1000 + seed)
    start, goal = (int(v) for v in rng.integers(0, 63, size=2))
    blocked = rng.random(63) < 0.15
    blocked[[start, goal]] = False
    best = graph.field([start], blocked)[goal]
    path = graph.astar(start, goal, blocked)
    if not np.isfinite(best):
        assert path is None
        return
    assert path.hexes[0] == start and path.hexes[-1] == goal
    assert not blocked[path.hexes].any()
    steps = [
        graph.hours[a, list(graph.neighbours[a]).index(b)]
        for a, b in zip(path.hexes, path.hexes[1:], strict=False)
    ]
    assert sum(steps) == pytest.approx(path.hours)
    assert path.hours == pytest.approx(best)


def test_next_hops_follow_a_quickest_route_to_the_goal():
    graph = _random_graph(3)
    goal = 31
    field = graph.field([goal], towards=True)
    hops = graph.next_hops(field)
    for start in range(63):
        if not np.isfinite(field[start]):
            continue
        node, total = start, 0.0
        while node != goal:
            nxt = int(hops[node])
            total += graph.hours[node, list(graph.neighbours[node]).index(nxt)]
            node = nxt
        assert total == pytest.approx(field[start])


@pytest.fixture
def crossing(tmp_path):
    """Plain, a north-south river with one bridged road across it, plain again."""
    terrain = [".....r....."] * 9
    path = write_scenario(
        tmp_path,
        terrain,
        [unit("b", "blue", "tank_battalion", [0, 2]), unit("r", "red", "tank_battalion", [10, 2])],
        roads=[{"name": "Road", "kind": "road", "path": [[0, 0], [10, 0]]}],
    )
    scenario = load_scenario(path)
    return Terrain(scenario.terrain, scenario.catalog, Random(0))


def test_roads_are_faster_than_open_ground(crossing):
    # Tracked: 30 km/h on roads at factor 0.8 for a 'road', 15 km/h across open plain.
    assert crossing.step_hours("tracked", (1, 0), (2, 0)) == pytest.approx(1 / (30 * 0.8))
    assert crossing.step_hours("tracked", (1, 2), (2, 2)) == pytest.approx(1 / 15)


def test_wheels_cross_the_river_only_by_the_bridge(crossing):
    assert crossing.step_hours("wheeled", (4, 2), (5, 2)) == np.inf
    assert crossing.bridge_at((5, 0)) and not crossing.bridge_at((5, 2))
    path = crossing.path("wheeled", (0, 8), (10, 8))
    assert (5, 0) in [crossing.hex_at(i) for i in path.hexes]
    # Tracks can ford, slowly (cost 5 times open ground), and do when it is quicker.
    assert crossing.step_hours("tracked", (4, 2), (5, 2)) == pytest.approx(5 / 15)
    ford = crossing.path("tracked", (0, 8), (10, 8))
    assert (5, 0) not in [crossing.hex_at(i) for i in ford.hexes]


def test_climbing_costs_time_off_roads(tmp_path):
    heights = np.full((3, 1), 100.0)
    heights[2, 0] = 400.0
    path = write_scenario(
        tmp_path,
        ["..."],
        [unit("b", "blue", "tank_battalion", [0, 0]), unit("r", "red", "tank_battalion", [2, 0])],
        elevation=heights,
        sources={"blue": [[0, 0]], "red": [[2, 0]]},
    )
    scenario = load_scenario(path)
    terrain = Terrain(scenario.terrain, scenario.catalog, Random(0))
    # 300 m of climb at 0.05 h per 100 m on top of 1/15 h; going down costs no extra.
    assert terrain.step_hours("tracked", (1, 0), (2, 0)) == pytest.approx(1 / 15 + 0.15)
    assert terrain.step_hours("tracked", (2, 0), (1, 0)) == pytest.approx(1 / 15)
