"""Hex geometry agrees with the cells Mesa's HexGrid connects, and with the earth."""

import itertools
from random import Random

import numpy as np
import pytest
from mesa.discrete_space import HexGrid

from sim.terrain.geometry import (
    GeoReference,
    hex_centre,
    hex_distance,
    hex_line,
    nearest_hex,
    neighbour_offsets,
)
from sim.terrain.graph import neighbour_table


def test_neighbours_match_mesa_hexgrid_and_are_one_hex_apart():
    grid = HexGrid((7, 6), random=Random(0))
    for cell in grid.all_cells:
        col, row = cell.coordinate
        ours = {
            (col + dc, row + dr)
            for dc, dr in neighbour_offsets(row)
            if 0 <= col + dc < 7 and 0 <= row + dr < 6
        }
        assert ours == {n.coordinate for n in cell.connections.values()}
        x, y = hex_centre(col, row)
        for nc, nr in ours:
            nx, ny = hex_centre(nc, nr)
            assert np.hypot(nx - x, ny - y) == pytest.approx(1.0)
            assert hex_distance(col, row, nc, nr) == 1


def test_neighbour_table_lists_the_same_neighbours():
    cols, rows = 5, 4
    table = neighbour_table(cols, rows)
    for col in range(cols):
        for row in range(rows):
            expected = {
                (col + dc) * rows + (row + dr)
                for dc, dr in neighbour_offsets(row)
                if 0 <= col + dc < cols and 0 <= row + dr < rows
            }
            found = set(table[col * rows + row]) - {-1}
            assert found == expected


def test_hex_distance_is_the_number_of_steps_of_a_hex_line():
    rng = np.random.default_rng(0)
    for _ in range(200):
        a, b = rng.integers(0, 30, size=2), rng.integers(0, 30, size=2)
        line = hex_line(int(a[0]), int(a[1]), int(b[0]), int(b[1]))
        assert len(line) == hex_distance(a[0], a[1], b[0], b[1]) + 1
        assert all(hex_distance(*p, *q) == 1 for p, q in itertools.pairwise(line))


def test_nearest_hex_inverts_hex_centre_with_jitter():
    cols, rows = np.meshgrid(np.arange(12), np.arange(9), indexing="ij")
    x, y = hex_centre(cols, rows)
    # Any point within 0.4 hex widths of a centre is inside that hex (inradius is 0.5).
    angle = np.linspace(0, 2 * np.pi, cols.size).reshape(cols.shape)
    c, r = nearest_hex(x + 0.4 * np.cos(angle), y + 0.4 * np.sin(angle))
    assert (c == cols).all() and (r == rows).all()


def test_geo_reference_round_trip_and_scale():
    geo = GeoReference(origin_lat=39.82, origin_lon=46.75, hex_size_km=1.0)
    assert geo.latlon_of(0, 0) == pytest.approx((39.82, 46.75))
    lat, lon = geo.latlon_of(37, 22)
    assert tuple(int(v) for v in geo.hex_of(lat, lon)) == (37, 22)
    # 10 hexes east along an even row is 10 km: 0.1169 degrees of longitude at 39.82 N.
    _, lon10 = geo.latlon_of(10, 0)
    assert (lon10 - 46.75) * 111.32 * np.cos(np.radians(39.82)) == pytest.approx(10.0, rel=1e-6)
