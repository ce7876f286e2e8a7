"""The map view: camera arithmetic, the terrain painter, the hillshade and the minimap.

Everything runs headless on SDL's dummy video driver.
"""

from __future__ import annotations

import dataclasses
import math
import os
from types import SimpleNamespace

os.environ["SDL_VIDEODRIVER"] = "dummy"

import numpy as np
import pygame
import pytest
from builders import REPO

from sim.render import palette
from sim.render.camera import CORNER_OFFSETS, HEX_RADIUS, MAX_ZOOM, Camera, map_bounds
from sim.render.display import AZERBAIJANI, _face, covers, font, init_pygame
from sim.render.map_layer import BASE_MAX_SIDE, MapLayer, hex_colours, hillshade
from sim.render.minimap import MiniMap
from sim.scenario.loader import load_scenario
from sim.terrain.geometry import ROW_HEIGHT, hex_centre, hex_distance

SCREEN = (1280, 800)


@pytest.fixture(scope="module", autouse=True)
def _pygame():
    init_pygame()
    yield


@pytest.fixture(scope="module")
def flank():
    return load_scenario(REPO / "scenarios" / "southern_flank_2020.yaml")


@pytest.fixture(scope="module")
def flank_layer(flank):
    return MapLayer(flank)


def _camera(cols=95, rows=113, viewport=(40, 30, 1000, 700)) -> Camera:
    return Camera(pygame.Rect(viewport), cols, rows)


# -- camera ---------------------------------------------------------------------------------------


def test_world_and_screen_round_trip_at_any_zoom_and_centre():
    camera = _camera()
    rng = np.random.default_rng(1)
    for zoom, centre in [(camera.min_zoom, None), (20.0, (30.0, 40.0)), (90.0, (70.5, 12.25))]:
        camera.zoom = zoom
        if centre is not None:
            camera.centre = centre
        x, y = rng.uniform(-1, 95, 200), rng.uniform(-0.5, 97, 200)
        back = camera.screen_to_world(*camera.world_to_screen(x, y))
        np.testing.assert_allclose(back, (x, y), atol=1e-9)
        px, py = rng.uniform(0, 1280, 200), rng.uniform(0, 800, 200)
        np.testing.assert_allclose(
            camera.world_to_screen(*camera.screen_to_world(px, py)), (px, py)
        )


def test_north_is_up_and_east_is_right():
    camera = _camera()
    camera.zoom = 30.0
    camera.centre_on_hex((40, 40))
    x, y = camera.hex_to_screen(40, 40)
    assert camera.hex_to_screen(41, 40)[0] > x  # the next column is east, to the right
    assert camera.hex_to_screen(40, 39)[1] < y  # the row before is north, above


@pytest.mark.parametrize("zoom", [None, 13.0, 64.0])
def test_hex_at_finds_every_hex_at_its_centre_and_near_its_corners(zoom):
    cols, rows = 95, 113
    camera = _camera(cols, rows)
    if zoom is not None:
        camera.zoom = zoom
    bounds = camera.visible_hex_range()
    hexes = [
        (c, r)
        for c in range(bounds.col_min, bounds.col_max + 1)
        for r in range(bounds.row_min, bounds.row_max + 1)
        if camera.viewport.collidepoint(camera.hex_to_screen(c, r))
    ]
    assert len(hexes) > 100
    assert any(r % 2 for _, r in hexes) and any(r % 2 == 0 for _, r in hexes)
    for col, row in hexes:
        sx, sy = camera.hex_to_screen(col, row)
        assert camera.hex_at(sx, sy) == (col, row)
        for dx, dy in CORNER_OFFSETS * 0.93 * camera.zoom:
            if camera.viewport.collidepoint(sx + dx, sy + dy):
                assert camera.hex_at(sx + dx, sy + dy) == (col, row)


def test_hex_at_at_the_map_edges_and_off_the_map():
    cols, rows = 95, 113
    camera = _camera(cols, rows)
    camera.zoom = MAX_ZOOM
    for corner in [(0, 0), (cols - 1, 0), (0, rows - 1), (cols - 1, rows - 1), (0, 1), (94, 1)]:
        camera.centre_on_hex(corner)
        assert camera.hex_at(*camera.hex_to_screen(*corner)) == corner
    camera.centre_on_hex((0, 0))
    sx, sy = camera.hex_to_screen(0, 0)
    z = camera.zoom
    assert camera.hex_at(sx - 0.7 * z, sy) is None  # west of hex (0, 0): even rows start east
    assert camera.hex_at(sx, sy - 0.7 * z) is None  # north of the first row
    assert camera.hex_at(sx - 0.7 * z, sy + ROW_HEIGHT * z) == (0, 1)  # odd rows reach west
    camera.centre_on_hex((cols - 1, rows - 1))
    sx, sy = camera.hex_to_screen(cols - 1, rows - 1)
    assert camera.hex_at(sx + 0.7 * z, sy) is None
    assert camera.hex_at(sx, sy + 0.7 * z) is None


def test_zoom_at_keeps_the_point_under_the_cursor():
    camera = _camera()
    camera.zoom = 20.0
    camera.centre = (47.0, 48.0)
    for factor, cursor in [
        (1.25, (300, 200)),
        (1.25, (900, 650)),
        (0.8, (700, 300)),
        (2.0, (540, 380)),
    ]:
        before = camera.screen_to_world(*cursor)
        camera.zoom_at(factor, cursor)
        np.testing.assert_allclose(camera.screen_to_world(*cursor), before, atol=1e-9)
    assert camera.zoom == pytest.approx(20.0 * 1.25 * 1.25 * 0.8 * 2.0)


def test_zoom_is_clamped_between_fit_and_the_closest_zoom():
    camera = _camera()
    camera.zoom_at(1e6, (500, 400))
    assert camera.zoom == MAX_ZOOM
    camera.zoom_at(1e-6, (500, 400))
    assert camera.zoom == pytest.approx(camera.min_zoom)
    camera.zoom = 1e-3
    assert camera.zoom == pytest.approx(camera.min_zoom)


def test_fit_shows_the_whole_map_and_fills_the_viewport_one_way():
    for cols, rows, viewport in [(95, 113, (40, 30, 1000, 700)), (30, 20, (0, 0, 1280, 800))]:
        camera = _camera(cols, rows, pygame.Rect(viewport))
        camera.zoom = 50.0
        camera.centre_on_hex((0, 0))
        camera.fit()
        view, whole = camera.view_rect(), map_bounds(cols, rows)
        eps = 1e-9
        assert view.x0 <= whole.x0 + eps and view.x1 >= whole.x1 - eps
        assert view.y0 <= whole.y0 + eps and view.y1 >= whole.y1 - eps
        assert math.isclose(view.width, whole.width) or math.isclose(view.height, whole.height)
        bounds = camera.visible_hex_range()
        assert (bounds.col_min, bounds.row_min) == (0, 0)
        assert (bounds.col_max, bounds.row_max) == (cols - 1, rows - 1)


def test_pan_scrolls_the_view_and_stays_on_the_map():
    camera = _camera()
    camera.zoom = 40.0
    camera.centre = (50.0, 50.0)
    camera.pan_pixels(80, -40)
    assert camera.centre == pytest.approx((52.0, 49.0))
    camera.pan_pixels(-1e6, -1e6)
    view = camera.view_rect()
    assert view.x0 == pytest.approx(camera.bounds.x0) and view.y0 == pytest.approx(-HEX_RADIUS)


def test_centre_on_hex_resize_and_visible_range():
    camera = _camera()
    camera.zoom = 30.0
    camera.centre_on_hex((50, 61))
    assert camera.hex_to_screen(50, 61) == pytest.approx(camera.viewport.center)
    camera.resize(pygame.Rect(0, 0, 600, 400))
    assert camera.hex_to_screen(50, 61) == pytest.approx((300, 200))
    bounds = camera.visible_hex_range()
    for px in range(0, 600, 7):
        for py in range(0, 400, 7):
            col, row = camera.hex_at(px, py)
            assert bounds.col_min <= col <= bounds.col_max
            assert bounds.row_min <= row <= bounds.row_max
    assert (bounds.col_max - bounds.col_min + 1) * 30 < 600 + 4 * 30


# -- hillshade and palette ------------------------------------------------------------------------


def _ramp(cols: int, rows: int, east_m_per_km: float, south_m_per_km: float, hex_km=1.0):
    """Elevation rising ``east_m_per_km`` to the east and ``south_m_per_km`` to the south."""
    c, r = np.meshgrid(np.arange(cols), np.arange(rows), indexing="ij")
    x, y = hex_centre(c, r)
    return 500.0 + (x * east_m_per_km + y * south_m_per_km) * hex_km


def test_hillshade_lights_slopes_facing_the_north_west():
    flat = hillshade(np.full((12, 12), 300.0), 1.0)
    facing_nw = hillshade(_ramp(12, 12, 150, 150), 1.0)  # rises to the south-east
    facing_se = hillshade(_ramp(12, 12, -150, -150), 1.0)
    facing_ne = hillshade(_ramp(12, 12, -150, 150), 1.0)
    np.testing.assert_allclose(flat, math.sin(math.radians(45)))
    assert facing_nw.min() > flat.max() > facing_se.max()
    # Across the light a slope is lit only by its tilt: sin(altitude) cos(slope), NE as SW.
    slope = math.atan(0.15 * math.hypot(1.0, 1.0))
    inner = (slice(1, -1), slice(1, -1))
    np.testing.assert_allclose(facing_ne[inner], math.sin(math.radians(45)) * math.cos(slope))
    np.testing.assert_allclose(hillshade(_ramp(12, 12, 150, -150), 1.0)[inner], facing_ne[inner])
    # The same rise over bigger hexes is a gentler slope.
    gentle = hillshade(_ramp(12, 12, 150, 150, hex_km=1.0), 4.0)
    assert flat.max() < gentle.min() < facing_nw.min()


def test_hillshade_of_a_hill_is_lighter_on_its_north_west_side():
    c, r = np.meshgrid(np.arange(21), np.arange(21), indexing="ij")
    x, y = hex_centre(c, r)
    hill = np.maximum(0.0, 1200.0 - 250.0 * np.hypot(x - 10, y - 10 * math.sqrt(3) / 2))
    lit = hillshade(hill, 1.0)
    assert lit[8, 8] > lit[10, 10] * 1.05 > lit[12, 12] * 1.1  # north-west side, top, south-east


def test_hex_colours_follow_the_class_and_the_relief():
    classes = ("plain", "river", "urban")
    terrain = SimpleNamespace(
        class_ids=classes,
        terrain_class=np.zeros((6, 6), dtype=np.int16),
        elevation_m=_ramp(6, 6, -300, -300),  # facing the south-east: in shadow
        geo=SimpleNamespace(hex_size_km=1.0),
    )
    for index, class_id in enumerate(classes):
        terrain.terrain_class[:] = index
        colour = hex_colours(terrain)[2, 2]
        if class_id == "plain":  # land is darkened on a slope away from the light
            assert (colour < np.array(palette.TERRAIN["plain"]) - 10).all()
        else:  # water and towns keep their colour on any slope
            assert tuple(colour) == palette.TERRAIN[class_id]
    terrain.elevation_m = np.full((6, 6), 250.0)
    terrain.terrain_class[:] = 0
    assert (hex_colours(terrain) == palette.TERRAIN["plain"]).all()


def test_every_catalog_terrain_class_and_road_kind_has_its_own_colour(flank):
    ids = flank.terrain.class_ids
    colours = [palette.terrain_colour(c) for c in ids]
    assert palette.UNKNOWN_TERRAIN not in colours
    assert len(set(colours)) == len(ids)
    assert palette.terrain_colour("woods") == palette.terrain_colour("forest")
    kinds = {road.kind for road in flank.terrain.roads}
    assert kinds == {"highway", "road", "track"}
    assert len({palette.road_colour(k) for k in kinds}) == 3


def test_side_colour_comes_from_the_scenario_with_a_fallback(flank):
    assert palette.side_colour(flank, "azerbaijan") == (0x1F, 0x77, 0xB4)
    assert palette.side_colour(flank, "ada") == (0xFF, 0x7F, 0x0E)
    broken = SimpleNamespace(spec=SimpleNamespace(sides={"a": SimpleNamespace(colour="red")}))
    assert palette.side_colour(broken, "a") == palette.SIDE_FALLBACKS[0]
    assert palette.side_colour(broken, "nobody") in palette.SIDE_FALLBACKS


# -- display --------------------------------------------------------------------------------------


def test_init_is_repeatable_and_fonts_are_cached():
    init_pygame()
    init_pygame()
    assert pygame.display.get_init() and pygame.font.get_init()
    assert font(18) is font(18)
    assert font(18, bold=True) is not font(18)
    assert font(24).size("Shusha")[0] > font(14).size("Shusha")[0]


def test_labels_can_spell_azerbaijani():
    if _face(False) is None:
        pytest.skip("no system face with ə; labels fall back to pygame's font, which lacks it")
    assert covers(font(18), AZERBAIJANI)
    assert covers(font(18, bold=True), AZERBAIJANI)
    assert not covers(pygame.font.Font(None, 18), "ə")  # why the built-in font is not enough


# -- map layer ------------------------------------------------------------------------------------


def _render(layer: MapLayer, camera: Camera) -> pygame.Surface:
    """One frame, every tile painted (no time budget: these tests look at the sharp picture)."""
    layer.tile_budget_s = math.inf
    surface = pygame.Surface(SCREEN)
    surface.fill((255, 0, 255))
    layer.draw(surface, camera)
    assert layer.complete
    return surface


def _pixel(surface: pygame.Surface, camera: Camera, hex_) -> tuple[int, int, int]:
    x, y = camera.hex_to_screen(*hex_)
    return tuple(surface.get_at((round(x), round(y))))[:3]


def _clear_hexes(scenario, class_id: str) -> list[tuple[int, int]]:
    """Hexes of a class with no road, place, marker or label on or near them."""
    terrain = scenario.terrain
    busy = {h for road in terrain.roads for h in road.hexes}
    for col, row in scenario.place_hexes.values():
        busy.update((c, r) for c in range(col - 1, col + 12) for r in range(row - 1, row + 2))
    index = terrain.class_ids.index(class_id)
    found = np.argwhere(terrain.terrain_class == index)
    return [(int(c), int(r)) for c, r in found if (c, r) not in busy]


@pytest.mark.parametrize("zoom", [None, 20.0])
def test_rendering_the_2020_map(flank, flank_layer, zoom):
    camera = Camera(pygame.Rect((0, 0), SCREEN), flank.terrain.cols, flank.terrain.rows)
    rivers, towns, plains = (_clear_hexes(flank, c) for c in ("river", "urban", "plain"))
    # A town hex and the river and open hexes nearest to it, all in view when zoomed in.
    town, river = min(
        ((t, r) for t in towns for r in rivers), key=lambda pair: hex_distance(*pair[0], *pair[1])
    )
    plain = min(plains, key=lambda p: hex_distance(*p, *town))
    if zoom is not None:
        camera.zoom = zoom
        xs, ys = hex_centre(*np.array([town, river, plain]).T)
        camera.centre = (xs.mean(), ys.mean())
    for hex_ in (town, river, plain):
        assert camera.viewport.collidepoint(camera.hex_to_screen(*hex_))
    surface = _render(flank_layer, camera)
    assert surface.get_size() == SCREEN
    pixels = pygame.surfarray.array3d(surface).reshape(-1, 3)
    assert not ((pixels == (255, 0, 255)).all(axis=1)).any()  # the whole viewport was drawn
    assert len(np.unique(pixels, axis=0)) > 150
    assert pixels.std(axis=0).min() > 10
    r, g, b = _pixel(surface, camera, river)
    assert b > r + 60 and b > g + 20
    town_rgb = np.array(_pixel(surface, camera, town))
    plain_rgb = np.array(_pixel(surface, camera, plain))
    assert np.abs(town_rgb - plain_rgb).sum() > 60
    assert town_rgb[0] - town_rgb[1] > plain_rgb[0] - plain_rgb[1] + 20  # towns are redder


def _bare(scenario):
    """The scenario's ground without roads or places: every hex centre shows its own colour."""
    terrain = dataclasses.replace(scenario.terrain, roads=())
    spec = SimpleNamespace(places={}, sides=scenario.spec.sides)
    return SimpleNamespace(terrain=terrain, spec=spec, place_hexes={})


@pytest.mark.parametrize("zoom", [None, 14.0, 40.0, MAX_ZOOM])
def test_each_hex_is_painted_where_the_camera_puts_it(flank, zoom):
    bare = _bare(flank)
    layer = MapLayer(bare)
    expected = hex_colours(bare.terrain)
    camera = Camera(pygame.Rect(30, 20, 1200, 760), flank.terrain.cols, flank.terrain.rows)
    if zoom is not None:
        camera.zoom = zoom
        camera.centre_on_hex((60, 70))
    surface = _render(layer, camera)
    bounds = camera.visible_hex_range()
    step = 1 if camera.zoom > 50 else 3
    # Scaling the base image down blends a little; tiles are painted exactly.
    tolerance = 0 if camera.zoom > layer.base_zoom else 8
    checked = 0
    for col in range(bounds.col_min, bounds.col_max + 1, step):
        for row in range(bounds.row_min, bounds.row_max + 1, step):
            if camera.viewport.collidepoint(camera.hex_to_screen(col, row)):
                got = np.array(_pixel(surface, camera, (col, row)), dtype=int)
                assert np.abs(got - expected[col, row]).max() <= tolerance, (col, row)
                checked += 1
    assert checked > 20
    # Nothing outside the viewport is touched.
    assert tuple(surface.get_at((10, 10)))[:3] == (255, 0, 255)
    assert tuple(surface.get_at((1250, 790)))[:3] == (255, 0, 255)


def test_tiles_over_the_time_budget_wait_behind_a_stand_in(flank):
    layer = MapLayer(_bare(flank))
    camera = Camera(pygame.Rect((0, 0), SCREEN), flank.terrain.cols, flank.terrain.rows)
    camera.zoom = 60.0
    camera.centre_on_hex((50, 60))
    sharp = pygame.surfarray.array3d(_render(MapLayer(_bare(flank)), camera)).astype(int)
    layer.tile_budget_s = 0.0
    surface = pygame.Surface(SCREEN)
    surface.fill((255, 0, 255))
    layer.draw(surface, camera)
    assert not layer.complete
    first = pygame.surfarray.array3d(surface).astype(int)
    assert not (first == (255, 0, 255)).all(axis=2).any()  # the stand-in fills the gaps
    centre = (slice(636, 645), slice(396, 405))  # the first tile painted is the central one
    np.testing.assert_array_equal(first[centre], sharp[centre])
    assert np.abs(first - sharp).max() > 0
    assert np.median(np.abs(first - sharp).sum(axis=2)) < 10  # blurred, but the same map
    for _ in range(40):
        layer.draw(surface, camera)
        if layer.complete:
            break
    assert layer.complete
    np.testing.assert_array_equal(pygame.surfarray.array3d(surface), sharp)


def test_roads_and_bridges_are_drawn(flank, flank_layer):
    camera = Camera(pygame.Rect((0, 0), SCREEN), flank.terrain.cols, flank.terrain.rows)
    camera.zoom = 48.0
    highway = next(road for road in flank.terrain.roads if road.kind == "highway")
    middle = highway.hexes[len(highway.hexes) // 2]
    camera.centre_on_hex(middle)
    surface = _render(flank_layer, camera)
    assert _pixel(surface, camera, middle) == palette.ROADS["highway"]
    assert flank_layer.bridges  # the roads of the Hakari valley run over river hexes
    bridge = next(iter(flank_layer.bridges))
    camera.centre_on_hex(bridge)
    surface = _render(flank_layer, camera)
    assert _pixel(surface, camera, bridge) == palette.BRIDGE_DECK


def test_bridges_come_from_the_model_when_it_is_given():
    from sim.model import WargameModel

    scenario = load_scenario(REPO / "scenarios" / "tutorial_river_crossing.yaml")
    model = WargameModel(scenario, seed=1)
    layer = MapLayer(scenario, model.terrain)
    expected = {(int(c), int(r)) for c, r in np.argwhere(model.terrain.layer("bridge"))}
    assert expected and set(layer.bridges) == expected


def test_labels_show_both_names_and_small_places_only_zoomed_in(flank, flank_layer):
    camera = Camera(pygame.Rect((0, 0), SCREEN), flank.terrain.cols, flank.terrain.rows)
    bare = _bare(flank)
    ground = MapLayer(bare)

    def label_pixels(hex_, zoom):
        camera.zoom = zoom
        camera.centre_on_hex(hex_)
        with_names = pygame.surfarray.array3d(_render(flank_layer, camera))
        without = pygame.surfarray.array3d(_render(ground, camera))
        x, y = (round(v) for v in camera.hex_to_screen(*hex_))
        # The label sits right of the marker: compare a strip there with the bare ground.
        strip = (slice(x + 12, x + 160), slice(y - 6, y + 6))
        return int((np.abs(with_names[strip].astype(int) - without[strip]).sum(axis=2) > 90).sum())

    ground.show_grid = flank_layer.show_grid = False
    assert label_pixels(flank.place_hexes["shusha"], camera.min_zoom) > 50
    assert label_pixels(flank.place_hexes["mt_kirs"], camera.min_zoom) == 0
    assert label_pixels(flank.place_hexes["mt_kirs"], 40.0) > 50
    flank_layer.show_grid = True
    assert "Shusha / Shushi" in flank_layer.place_names


def test_a_huge_map_keeps_its_base_image_small_and_draws():
    cols = rows = 2000
    terrain = SimpleNamespace(
        cols=cols,
        rows=rows,
        class_ids=("plain", "hills"),
        terrain_class=(np.arange(cols * rows).reshape(cols, rows) // 7 % 2).astype(np.int16),
        elevation_m=np.zeros((cols, rows)),
        geo=SimpleNamespace(hex_size_km=1.0),
        roads=(),
    )
    huge = SimpleNamespace(terrain=terrain, spec=SimpleNamespace(places={}), place_hexes={})
    layer = MapLayer(huge)
    assert max(layer.base.get_size()) <= BASE_MAX_SIDE
    camera = Camera(pygame.Rect((0, 0), SCREEN), cols, rows)
    _render(layer, camera)
    camera.zoom = 40.0
    camera.centre_on_hex((1000, 1000))
    surface = _render(layer, camera)
    assert _pixel(surface, camera, (1000, 1000)) == tuple(hex_colours(terrain)[1000, 1000])


# -- minimap --------------------------------------------------------------------------------------


def test_minimap_frame_follows_the_camera_and_a_click_centres_it(flank, flank_layer):
    camera = Camera(pygame.Rect(0, 0, 1000, 800), flank.terrain.cols, flank.terrain.rows)
    minimap = MiniMap(flank_layer, pygame.Rect(1030, 560, 240, 230))
    assert minimap.rect.contains(minimap.image_rect)
    whole = minimap.view_frame(camera)
    assert whole == minimap.image_rect  # zoomed out, the view is the whole map
    camera.zoom = 30.0
    camera.centre = (40.0, 40.0)
    before = minimap.view_frame(camera)
    assert before.width < whole.width / 2
    camera.pan_pixels(300, 0)
    moved_east = minimap.view_frame(camera)
    assert moved_east.x > before.x and moved_east.y == before.y
    camera.pan_pixels(0, 300)
    assert minimap.view_frame(camera).y > moved_east.y
    surface = pygame.Surface(SCREEN)
    minimap.draw(surface, camera)
    frame = minimap.view_frame(camera)
    assert tuple(surface.get_at(frame.topleft))[:3] == palette.VIEWPORT_FRAME

    camera.zoom = 60.0  # places far enough from the edges for the view to centre on them
    for place in ("shusha", "hadrut", "jabrayil", "kubatly"):
        hex_ = flank.place_hexes[place]
        mx, my = minimap.world_to_mini(*(float(v) for v in hex_centre(*hex_)))
        assert hex_distance(*minimap.hex_at((mx, my)), *hex_) <= 1
        assert minimap.centre_camera_at(camera, (mx, my))
        assert hex_distance(*camera.hex_at(*camera.viewport.center), *hex_) <= 1
    assert minimap.world_at((10, 10)) is None and minimap.hex_at((10, 10)) is None
    assert not minimap.centre_camera_at(camera, (10, 10))
