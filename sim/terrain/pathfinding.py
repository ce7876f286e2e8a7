"""Shortest paths over travel times: A* between two hexes, Dijkstra fields from many.

A* answers "which way from here to there" for one unit (an order's path preview). Fields answer
"how far is every hex from the nearest of these" in one vectorised call (scipy's Dijkstra), which
is what supply tracing and the AI need for every unit at once without a search per unit.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sparse
from scipy.sparse.csgraph import dijkstra

from sim.terrain.geometry import to_axial


@dataclass(frozen=True)
class Path:
    """Hexes (flat indices) from start to goal, both included, and the hours it takes."""

    hexes: list[int]
    hours: float


class TravelGraph:
    """Travel times of one mobility class as a graph, ready for A* and Dijkstra fields."""

    def __init__(self, hours: np.ndarray, neighbours: np.ndarray, cols: int, rows: int):
        self.hours = hours
        self.neighbours = neighbours
        self.rows = rows
        finite = np.isfinite(hours) & (neighbours >= 0)
        self.min_step_hours = float(hours[finite].min()) if finite.any() else 1.0
        """The quickest single step anywhere: what makes the A* heuristic admissible."""
        src = np.repeat(np.arange(hours.shape[0]), hours.shape[1])[finite.ravel()]
        dst = neighbours.ravel()[finite.ravel()]
        weights = hours.ravel()[finite.ravel()]
        n = cols * rows
        self._forward = sparse.csr_matrix((weights, (src, dst)), shape=(n, n))
        self._backward = sparse.csr_matrix((weights, (dst, src)), shape=(n, n))
        q, r = to_axial(np.repeat(np.arange(cols), rows), np.tile(np.arange(rows), cols))
        self._q, self._r = q.tolist(), r.tolist()
        self._hours_list = hours.tolist()
        self._neighbour_list = neighbours.tolist()

    def step_hours(self, index: int, direction: int) -> float:
        """Hours from hex ``index`` into its neighbour in ``direction``."""
        return self._hours_list[index][direction]

    def _heuristic(self, a: int, goal: int) -> float:
        dq, dr = self._q[a] - self._q[goal], self._r[a] - self._r[goal]
        return (abs(dq) + abs(dr) + abs(dq + dr)) / 2 * self.min_step_hours

    def astar(self, start: int, goal: int, blocked: np.ndarray | None = None) -> Path | None:
        """The quickest path from ``start`` to ``goal`` avoiding ``blocked`` hexes, or None.

        The heuristic (hex distance times the quickest single step anywhere) never overestimates,
        so the path found is optimal.
        """
        if start == goal:
            return Path([start], 0.0)
        blocked_set = set(np.flatnonzero(blocked).tolist()) if blocked is not None else set()
        if goal in blocked_set:
            return None
        best = {start: 0.0}
        came_from: dict[int, int] = {}
        frontier = [(self._heuristic(start, goal), 0.0, start)]
        closed: set[int] = set()
        while frontier:
            _, cost, node = heapq.heappop(frontier)
            if node == goal:
                return Path(self._walk_back(came_from, goal), cost)
            if node in closed:
                continue
            closed.add(node)
            for nxt, step in zip(self._neighbour_list[node], self._hours_list[node], strict=True):
                if nxt < 0 or step == float("inf") or nxt in blocked_set or nxt in closed:
                    continue
                new_cost = cost + step
                if new_cost < best.get(nxt, float("inf")):
                    best[nxt] = new_cost
                    came_from[nxt] = node
                    heapq.heappush(frontier, (new_cost + self._heuristic(nxt, goal), new_cost, nxt))
        return None

    @staticmethod
    def _walk_back(came_from: dict[int, int], goal: int) -> list[int]:
        path = [goal]
        while path[-1] in came_from:
            path.append(came_from[path[-1]])
        return path[::-1]

    def field(
        self,
        sources: np.ndarray | list[int],
        blocked: np.ndarray | None = None,
        towards: bool = False,
        limit: float = np.inf,
    ) -> np.ndarray:
        """Hours from the nearest source to every hex (``towards``: from every hex to it).

        ``blocked`` hexes can be neither entered nor left. Unreachable hexes get ``inf``.
        """
        sources = np.asarray(sources, dtype=np.int64)
        n = self._forward.shape[0]
        if sources.size == 0:
            return np.full(n, np.inf)
        graph = self._backward if towards else self._forward
        if blocked is not None and blocked.any():
            graph = graph.copy()
            cut = blocked[graph.indices] | np.repeat(blocked, np.diff(graph.indptr))
            graph.data[cut] = np.inf
        return dijkstra(graph, directed=True, indices=sources, min_only=True, limit=limit)

    def next_hops(self, field: np.ndarray) -> NextHops:
        """For a ``towards`` field: each hex's best neighbour on the way (``-1`` at the bottom).

        Following the pointers is then the quickest way to the field's sources from any hex.
        """
        return NextHops(self, field)


class NextHops:
    """Each hex's best neighbour down a ``towards`` field: the quickest step to a neighbour
    nearer the sources (the first such direction on a tie), ``-1`` where there is none.

    A route follows a few dozen hexes, not the whole map, so each hex's hop is worked out when
    it is first asked for, and kept.
    """

    def __init__(self, graph: TravelGraph, field: np.ndarray):
        self._graph = graph
        self._field = field
        self._hops: dict[int, int] = {}

    def __getitem__(self, index: int) -> int:
        hop = self._hops.get(index)
        if hop is None:
            field = self._field
            here = field[index]
            hop, best = -1, np.inf
            graph = self._graph
            for nxt, step in zip(
                graph._neighbour_list[index], graph._hours_list[index], strict=True
            ):
                if nxt >= 0 and field[nxt] < here and step + field[nxt] < best:
                    hop, best = nxt, step + field[nxt]
            self._hops[index] = hop
        return hop
