"""APP-6 unit symbols: frames by affiliation, icons, amplifiers, status marks, the cache, and an
icon for every unit and air type of the shipped catalogs."""

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import dataclasses
import typing

import pygame
import pytest
from builders import REPO

from sim.render.symbol_amplifiers import strength_colour
from sim.render.symbols import (
    AFFILIATIONS,
    ECHELONS,
    ICONS,
    SymbolSpec,
    frame_rect,
    icon_for,
    symbol_for_air_type,
    symbol_for_unit_type,
    symbol_surface,
)
from sim.scenario.air_schema import AirRole, TargetClass
from sim.scenario.catalog_schema import EquipmentCategory, Role
from sim.scenario.loader import load_scenario

SCENARIOS = sorted((REPO / "scenarios").glob("*.yaml"))


@pytest.fixture(scope="module", autouse=True)
def _pygame():
    pygame.display.init()
    pygame.font.init()
    yield


def _mask(surf: pygame.Surface) -> pygame.Mask:
    return pygame.mask.from_surface(surf, 127)


def _alpha_sum(surf: pygame.Surface, rows: range | None = None) -> int:
    rows = rows if rows is not None else range(surf.get_height())
    return sum(surf.get_at((x, y)).a for y in rows for x in range(surf.get_width()))


def _same_pixels(a: pygame.Surface, b: pygame.Surface) -> bool:
    return pygame.image.tobytes(a, "RGBA") == pygame.image.tobytes(b, "RGBA")


# --- frames and fills ---------------------------------------------------------------------------


@pytest.mark.parametrize("size", [16, 33, 64, 96])
@pytest.mark.parametrize("dimension", ["ground", "air"])
def test_surface_is_the_size_asked_with_per_pixel_alpha(size, dimension):
    surf = symbol_surface(SymbolSpec("hostile", dimension, "artillery", "company", 0.5), size)
    assert surf.get_size() == (size, size)
    assert surf.get_flags() & pygame.SRCALPHA
    assert surf.get_at((0, 0)).a == 0  # the corners stay see-through


def test_each_affiliation_has_its_own_frame_shape():
    masks = {a: _mask(symbol_surface(SymbolSpec(a, icon="armour"), 64)) for a in AFFILIATIONS}
    for a in AFFILIATIONS:
        for b in AFFILIATIONS:
            if a < b:
                ma, mb = masks[a], masks[b]
                differing = ma.count() + mb.count() - 2 * ma.overlap_area(mb, (0, 0))
                assert differing > 0.04 * 64 * 64, (a, b)
    # the friend rectangle fills its corners, the hostile diamond and unknown clover leave them
    rect = frame_rect(SymbolSpec("friend"), 64)
    corner = (rect.left + 3, rect.top + 3)
    assert masks["friend"].get_at(corner)
    assert not masks["hostile"].get_at(corner)
    assert not masks["unknown"].get_at(corner)
    # the diamond reaches higher than the rectangle, which is wider than the square
    tip = (32, frame_rect(SymbolSpec("hostile"), 64).top + 3)
    assert masks["hostile"].get_at(tip) and not masks["friend"].get_at(tip)
    side = (rect.left + 2, rect.centery)
    assert masks["friend"].get_at(side) and not masks["neutral"].get_at(side)


def _centre_colour(spec: SymbolSpec, size: int = 64) -> pygame.Color:
    return symbol_surface(spec, size).get_at(frame_rect(spec, size).center)


def test_standard_fills_tell_affiliations_apart_and_a_side_colour_overrides_them():
    colours = {a: _centre_colour(SymbolSpec(a, icon="armour")) for a in AFFILIATIONS}
    assert len({tuple(c) for c in colours.values()}) == 4
    friend, hostile, neutral, unknown = (colours[a] for a in AFFILIATIONS)
    assert friend.b > friend.r  # light blue
    assert hostile.r > hostile.g and hostile.r > hostile.b  # light red
    assert neutral.g > neutral.r and neutral.g > neutral.b  # light green
    assert min(unknown.r, unknown.g) > unknown.b + 60  # light yellow
    side = _centre_colour(SymbolSpec("friend", icon="armour", fill="#3060C0"))
    assert all(abs(got - want) <= 4 for got, want in zip(side[:3], (0x30, 0x60, 0xC0), strict=True))


def test_air_frames_are_open_at_the_bottom():
    for affiliation in AFFILIATIONS:
        ground = SymbolSpec(affiliation, "ground", "unknown")
        air = SymbolSpec(affiliation, "air", "unknown")
        g_rect, a_rect = frame_rect(ground, 64), frame_rect(air, 64)
        g_edge = symbol_surface(ground, 64).get_at((g_rect.centerx, g_rect.bottom - 1))
        a_edge = symbol_surface(air, 64).get_at((a_rect.centerx, a_rect.bottom - 1))
        assert sum(g_edge[:3]) < 200, affiliation  # the ground frame's bottom line
        assert sum(a_edge[:3]) > 400, affiliation  # the air frame's fill, no line under it
        assert not _same_pixels(symbol_surface(ground, 64), symbol_surface(air, 64))


def test_every_icon_is_drawn_and_looks_different():
    for dimension in ("ground", "air"):
        seen = {}
        for icon in ICONS:
            surf = symbol_surface(SymbolSpec("friend", dimension, icon), 64)
            seen[pygame.image.tobytes(surf, "RGBA")] = icon
        assert len(seen) == len(ICONS)


def test_every_combination_draws_at_every_size():
    for affiliation in AFFILIATIONS:
        for dimension in ("ground", "air"):
            for icon in ICONS:
                for size in (16, 40):
                    spec = SymbolSpec(affiliation, dimension, icon, "brigade", 0.3, stale=True)
                    assert symbol_surface(spec, size).get_size() == (size, size)


# --- amplifiers -----------------------------------------------------------------------------------


def test_echelon_amplifiers_add_marks_above_the_frame():
    plain = symbol_surface(SymbolSpec("friend"), 64)
    above = range(frame_rect(SymbolSpec("friend"), 64).top - 3)  # clear of the frame's line
    assert _alpha_sum(plain, above) < 255 * 8  # just the halo's faint rim
    marks = {}
    for echelon in ECHELONS:
        surf = symbol_surface(SymbolSpec("friend", echelon=echelon), 64)
        marks[echelon] = _alpha_sum(surf, above)
        assert marks[echelon] > _alpha_sum(plain, above) + 255 * 10, echelon
        below = range(above.stop + 5, 64)  # the frame and all under it: unchanged
        assert _alpha_sum(surf, below) == _alpha_sum(plain, below)
    assert marks["battalion"] > marks["company"] and marks["regiment"] > marks["battalion"]
    assert marks["platoon"] > marks["section"] > marks["squad"]
    assert marks["division"] > marks["brigade"]
    hostile_above = range(frame_rect(SymbolSpec("hostile"), 64).top - 3)
    hostile = symbol_surface(SymbolSpec("hostile", echelon="battalion"), 64)
    assert _alpha_sum(hostile, hostile_above) > 255 * 10


def test_small_symbols_leave_the_echelon_out():
    plain = symbol_surface(SymbolSpec("friend", icon="armour"), 16)
    with_echelon = symbol_surface(SymbolSpec("friend", icon="armour", echelon="battalion"), 16)
    assert _same_pixels(plain, with_echelon)


def test_strength_bar_changes_colour_and_length_with_strength():
    assert strength_colour(1.0)[1] > 2 * strength_colour(1.0)[0]  # green
    r, g, b = strength_colour(0.5)
    assert min(r, g) > 3 * b  # yellow
    assert strength_colour(0.0)[0] > 2 * strength_colour(0.0)[1]  # red
    size = 96
    y, x = round(size * 0.935), round(size * 0.2) + 3
    full = symbol_surface(SymbolSpec(strength=1.0), size)
    low = symbol_surface(SymbolSpec(strength=0.2), size)
    assert full.get_at((x, y)).g > full.get_at((x, y)).r
    assert low.get_at((x, y)).r > low.get_at((x, y)).g
    none = symbol_surface(SymbolSpec(), size)
    assert none.get_at((x, y)).a < 100

    def lit(surf):
        return sum(1 for i in range(size) if sum(surf.get_at((i, y))[:3]) > 150)

    assert lit(full) > 3 * lit(low) > 0


def test_headquarters_hangs_a_staff_below_the_frame():
    rect = frame_rect(SymbolSpec("friend"), 64)
    below = (rect.left, rect.bottom + 4)
    hq = symbol_surface(SymbolSpec("friend", icon="headquarters"), 64)
    assert hq.get_at(below).a > 200
    assert symbol_surface(SymbolSpec("friend", icon="infantry"), 64).get_at(below).a < 100


# --- status -----------------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["selected", "suppressed", "routed", "dug_in", "emitting"])
def test_each_status_flag_shows(flag):
    base = SymbolSpec("friend", icon="mechanised", echelon="battalion", strength=0.8)
    flagged = dataclasses.replace(base, **{flag: True})
    assert not _same_pixels(symbol_surface(base, 48), symbol_surface(flagged, 48))


def test_selection_surrounds_the_frame():
    spec = SymbolSpec("friend", icon="armour")
    rect = frame_rect(spec, 64)
    outside = (rect.centerx, rect.bottom + 2)
    plain = symbol_surface(spec, 64).get_at(outside)
    ring = symbol_surface(SymbolSpec("friend", icon="armour", selected=True), 64).get_at(outside)
    assert ring.a > 200 and plain.a < 200
    assert ring.r > 200 and ring.g > 150 and ring.b < 100  # a yellow highlight


def test_stale_and_doubtful_contacts_are_fainter_and_dashed():
    fresh = SymbolSpec("hostile", icon="armour", echelon="battalion")
    stale = SymbolSpec("hostile", icon="armour", echelon="battalion", stale=True)
    doubtful = SymbolSpec("hostile", icon="armour", echelon="battalion", confidence=0.3)
    fair = SymbolSpec("hostile", icon="armour", echelon="battalion", confidence=0.7)
    assert stale.dashed and doubtful.dashed and not fresh.dashed and not fair.dashed
    sums = {s: _alpha_sum(symbol_surface(s, 48)) for s in (fresh, stale, doubtful, fair)}
    assert sums[stale] < 0.7 * sums[fresh]
    assert sums[doubtful] < sums[fair] < sums[fresh]
    top = max(s.a for s in (symbol_surface(stale, 48).get_at((x, 24)) for x in range(48)))
    assert top < 200  # nothing of a stale contact is drawn at full strength


# --- the cache and the spec -----------------------------------------------------------------------


def test_the_cache_returns_the_same_surface():
    spec = SymbolSpec("friend", "ground", "armour", "battalion", 0.5)
    first = symbol_surface(spec, 48)
    assert symbol_surface(spec, 48) is first
    assert symbol_surface(SymbolSpec("friend", "ground", "armour", "battalion", 0.5), 48) is first
    assert symbol_surface(spec, 49) is not first
    # strength and confidence are rounded, so small changes do not redraw
    assert SymbolSpec(strength=0.731) == SymbolSpec(strength=0.74)
    assert symbol_surface(SymbolSpec(strength=0.731), 32) is symbol_surface(
        SymbolSpec(strength=0.74), 32
    )
    assert SymbolSpec(confidence=0.62) == SymbolSpec(confidence=0.58)
    assert SymbolSpec(confidence=None) == SymbolSpec()
    # truthy flags (a radar object for "emitting", say) key the cache as plain booleans
    assert SymbolSpec(emitting=object(), selected=1) == SymbolSpec(emitting=True, selected=True)


@pytest.mark.parametrize(
    "bad",
    [
        {"affiliation": "ally"},
        {"dimension": "sea"},
        {"icon": "dragoon"},
        {"echelon": "corps"},
        {"fill": "blue"},
        {"fill": "#12345"},
        {"strength": float("nan")},
    ],
)
def test_a_bad_spec_is_refused(bad):
    with pytest.raises(ValueError):
        SymbolSpec(**bad)


def test_tiny_sizes_are_refused():
    with pytest.raises(ValueError):
        symbol_surface(SymbolSpec(), 4)


# --- the catalog's types ------------------------------------------------------------------------


def test_every_catalog_value_has_an_icon():
    for literal in (Role, EquipmentCategory, AirRole, TargetClass):
        for value in typing.get_args(literal):
            icon = icon_for(value)
            assert icon in ICONS
            assert icon != "unknown" or value == "other", value
    assert icon_for("mrl") == "rocket_artillery"
    assert icon_for("atgm") == "anti_tank"
    assert icon_for("armour") == "armour"  # icon names map to themselves
    assert icon_for("Orbiter-2-class mini ISR drone") == "uav"
    assert icon_for("mrl_battalion") == "rocket_artillery"
    assert icon_for("Mi-24 attack helicopter") == "rotary"
    assert icon_for("something else entirely") == "unknown"


@pytest.fixture(scope="module")
def catalogs():
    return {path.name: load_scenario(path).catalog for path in SCENARIOS}


def test_the_shipped_scenarios_are_all_checked(catalogs):
    assert {
        "southern_flank_2020.yaml",
        "lachin_corridor_2023.yaml",
        "tutorial_river_crossing.yaml",
        "tutorial_drones_and_air_defence.yaml",
    } <= set(catalogs)


def test_every_unit_type_of_the_shipped_catalogs_gets_an_icon_and_echelon(catalogs):
    for name, catalog in catalogs.items():
        assert catalog.unit_types, name
        for type_id, unit_type in catalog.unit_types.items():
            icon, echelon = symbol_for_unit_type(catalog, type_id)
            assert icon in ICONS and icon != "unknown", (name, type_id)
            assert echelon == unit_type.echelon, (name, type_id)
            SymbolSpec("friend", "ground", icon, echelon)  # a valid spec


def test_every_air_type_of_the_shipped_catalogs_gets_an_air_icon(catalogs):
    air_icons = {"uav", "ucav", "loitering", "decoy", "fixed_wing", "rotary", "missile"}
    for name, catalog in catalogs.items():
        for type_id in catalog.air_types:
            assert symbol_for_air_type(catalog, type_id) in air_icons, (name, type_id)


def test_unit_type_icons_follow_role_and_equipment(catalogs):
    catalog = catalogs["southern_flank_2020.yaml"]
    expected = {
        "mech_battalion": ("mechanised", "battalion"),
        "motor_rifle_battalion": ("motorised", "battalion"),
        "tank_battalion": ("armour", "battalion"),
        "infantry_battalion": ("infantry", "battalion"),
        "artillery_battalion": ("artillery", "battalion"),
        "mrl_battalion": ("rocket_artillery", "battalion"),
        "smerch_battalion": ("rocket_artillery", "battalion"),
        "iskander_battery": ("missile", "company"),
        "recon_company": ("recon", "company"),
        "peacekeeper_company": ("peacekeepers", "company"),
        "s300_battalion": ("air_defence", "battalion"),
        "manpads_company": ("air_defence", "company"),
        "ew_radar_company": ("radar", "company"),
        "ew_company_koral": ("ew", "company"),
        "ew_company_repellent": ("ew", "company"),
        "elint_company": ("ew", "company"),
        "az_commando_battalion": ("special_forces", "battalion"),
    }
    for type_id, want in expected.items():
        assert symbol_for_unit_type(catalog, type_id) == want, type_id
    air = {
        "tb2": "ucav",
        "hermes_450": "uav",
        "harop": "loitering",
        "an2_decoy": "decoy",
        "mig29": "fixed_wing",
    }
    for type_id, want in air.items():
        assert symbol_for_air_type(catalog, type_id) == want, type_id
