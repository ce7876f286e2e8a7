"""The air war, one mechanism at a time, on tiny maps and over many seeds.

Hit probabilities are checked as binomial proportions: with n shots at probability p the observed
rate lies within 4 standard errors sqrt(p (1 - p) / n) of p except once in about 16,000 runs of a
fair model, so a failure means the mechanism, not the dice. Detection ranges are estimated from
detection rates over hundreds of draws at each distance.
"""

import io

import numpy as np
import pytest
from builders import REPO, GameBuilder, unit, write_scenario

from sim.events import ContactDetected, Jammed, Shot, StrikeResult
from sim.model import WargameModel
from sim.orders import Emcon, Sortie, Strike
from sim.rules import detection, sensing
from sim.rules.ew import Jamming
from sim.scenario.loader import load_scenario
from sim.units.air import AirBase, AirTrack, hex_km
from sim.views import referee_view, side_view

SEEDS = range(150)
WIDE = ["." * 30] * 11


def _base(side="blue", at=(0, 5), **aircraft):
    return {
        "id": f"{side}-base",
        "name": f"{side} base",
        "side": side,
        "at": list(at),
        "aircraft": aircraft,
        "munitions": {"mam_l": 16, "r_73": 8, "r_27": 4},
        "source": "TEST",
    }


def _scenario(tmp_path, name, units, bases=(), terrain=WIDE, turns=8, **extra):
    path = write_scenario(
        tmp_path,
        terrain,
        units,
        name=f"{name}.yaml",
        turn_length_h=3,
        turns=turns,
        air_bases=list(bases),
        **extra,
    )
    return load_scenario(path)


def _events(model, kind):
    return [e for e in model.events if isinstance(e, kind)]


def test_a_drone_above_the_sam_ceiling_is_never_engaged_below_it_at_the_catalog_pk(tmp_path):
    scenario = _scenario(
        tmp_path,
        "ceiling",
        [unit("b", "blue", "mech_battalion", [2, 5]), unit("osa", "red", "osa_battery", [15, 5])],
        [_base(tb2=1)],
    )
    osa = scenario.catalog.equipment["sam_osa_tel"].sam
    pk = osa.pk[scenario.catalog.air_types["tb2"].target_class]

    def shots(altitude):
        fired = []
        for seed in SEEDS:
            model = WargameModel(scenario, seed=seed, human_sides=("blue", "red"))
            model.submit("blue", Sortie("blue-base", "tb2", (15, 5), "isr", 1, altitude))
            model.step()
            fired += _events(model, Shot)
        return fired

    assert shots(osa.max_altitude_m + 1000) == []
    below = shots(osa.max_altitude_m - 1500)
    assert len(below) >= 150
    hits = sum(s.hit for s in below)
    assert abs(hits / len(below) - pk) < 4 * np.sqrt(pk * (1 - pk) / len(below))


def _detection_rate(rcs, distances_km, copies=400, range_km_1m2=60.0, seed=0):
    """Share of targets of one RCS seen at each distance by a radar on flat ground."""
    cols = int(max(distances_km)) + 2
    terrain = detection.LosTerrain(np.zeros((cols, 1)), np.zeros((cols, 1)), 1.0)
    radar = detection.Points(np.zeros((1, 2)), np.zeros((1, 2), dtype=np.int64), np.array([10.0]))
    where = np.repeat(np.asarray(distances_km, dtype=float), copies)
    targets = detection.Points(
        np.column_stack([where, np.zeros_like(where)]),
        np.column_stack([where.astype(np.int64), np.zeros_like(where, dtype=np.int64)]),
        np.full(where.size, 5000.0),
    )
    rng = np.random.default_rng(seed)
    _, seen = detection.detect_pairs(
        rng,
        terrain,
        radar,
        targets,
        np.array([1000.0]),
        lambda s, t: np.full(s.size, range_km_1m2 * rcs**0.25),
        0.95,
        6.0,
    )
    counts = np.bincount(seen, minlength=where.size).reshape(len(distances_km), copies)
    return counts.mean(axis=1)


def _range50(rcs):
    """Distance where the detection rate falls through half its maximum, by interpolation."""
    distances = np.arange(2.0, 120.0, 2.0)
    rate = _detection_rate(rcs, distances)
    below = int(np.argmax(rate < 0.95 / 2))
    d0, d1, r0, r1 = distances[below - 1], distances[below], rate[below - 1], rate[below]
    return d0 + (r0 - 0.95 / 2) * (d1 - d0) / (r0 - r1)


def test_detection_range_grows_with_the_fourth_root_of_rcs():
    big, small = _range50(1.0), _range50(0.01)
    # The radar equation: 100 times the RCS is seen 100 ** (1/4) = 3.16 times as far.
    assert big / small == pytest.approx(100**0.25, rel=0.08)
    assert big == pytest.approx(60.0, rel=0.08)


def test_a_ridge_hides_a_low_drone_and_climbing_over_it_brings_it_into_view(tmp_path):
    heights = np.full((30, 3), 100.0)
    heights[10, :] = 700.0
    scenario = _scenario(
        tmp_path,
        "ridge",
        [
            unit("b", "blue", "mech_battalion", [29, 1]),
            unit("ew", "red", "ew_radar_company", [0, 1]),
        ],
        [_base(at=(28, 1), orbiter_2=1)],
        terrain=["." * 30] * 3,
        elevation=heights,
    )

    def radar_contacts(altitude):
        found = 0
        for seed in range(40):
            model = WargameModel(scenario, seed=seed, human_sides=("blue", "red"))
            model.submit("blue", Sortie("blue-base", "orbiter_2", (20, 1), "isr", 1, altitude))
            model.step()
            found += any(
                e.sensor == "radar" for e in _events(model, ContactDetected) if e.side == "red"
            )
        return found

    # Eye 110 m, ridge 700 m halfway: the line clears it only for drones above ~1,190 m.
    assert radar_contacts(400.0) == 0
    assert radar_contacts(2500.0) >= 35


def test_an_anti_radiation_munition_finds_an_emitting_radar_and_not_a_silent_one(tmp_path):
    def dives(emitting):
        scenario = _scenario(
            tmp_path,
            f"arm{emitting}",
            [
                unit("b", "blue", "mech_battalion", [2, 5]),
                unit("osa", "red", "osa_battery", [15, 5], emitting=emitting),
            ],
            [_base(harop=2)],
        )
        struck = 0
        for seed in range(40):
            model = WargameModel(scenario, seed=seed, human_sides=("blue", "red"))
            model.submit("blue", Sortie("blue-base", "harop", (15, 5), "sead", 2))
            for _ in range(3):
                model.step()
            struck += any(e.target == "osa" for e in _events(model, StrikeResult))
        return struck

    assert dives(emitting=False) == 0
    assert dives(emitting=True) >= 30


def test_jamming_shrinks_radar_range_by_the_catalog_factor(tmp_path):
    scenario = _scenario(
        tmp_path,
        "jam",
        [
            unit("ew", "red", "ew_radar_company", [0, 5]),
            unit("koral", "blue", "ew_company_koral", [3, 5]),
        ],
        [_base(at=(89, 5), tb2=400)],
        terrain=["." * 90] * 11,
    )
    model = WargameModel(scenario, seed=3, human_sides=("blue", "red"))
    state = model.state
    factor = scenario.catalog.equipment["ew_koral"].jammer.radar_range_factor
    radar = scenario.catalog.equipment["radar_ew_p18"].radar
    air = scenario.catalog.rules.air
    tb2 = scenario.catalog.air_types["tb2"]
    jammed_range = radar.range_km_1m2 * tb2.rcs_m2**0.25 * factor
    station = (round(jammed_range), 5)
    # Drones launched from a strip under their station are on it from the start.
    strip = AirBase("strip", "strip", "blue", station, hex_km(station, 1.0), 0.0, {}, {})
    tracks = [
        AirTrack(model, 1.0, f"t{i}", "tb2", tb2, strip, "isr", station, 3000.0, {}, [])
        for i in range(400)
    ]
    distance = float(np.hypot(*(hex_km(station, 1.0) - hex_km((0, 5), 1.0))))
    slant = np.hypot(distance, 3.0)

    def rate(jammer_on):
        assert model.submit("blue", Emcon("koral", jammer_on)).accepted
        jamming = Jamming.on_the_air(state.forces, state.systems, state.sides, 1.0)
        seen = sensing.radars_see_aircraft(state, jamming, tracks)
        return len(seen.get("ew", [])) / len(tracks)

    expected = detection.probability(
        slant,
        [jammed_range, jammed_range / factor],
        air.detection_max_probability,
        air.detection_steepness,
    )
    se = np.sqrt(0.25 / len(tracks))
    assert rate(True) == pytest.approx(expected[0], abs=4 * se)
    assert rate(False) == pytest.approx(expected[1], abs=4 * se)


def test_decoys_make_the_defence_emit_and_spend_missiles(tmp_path):
    units = [
        unit("b", "blue", "mech_battalion", [2, 5]),
        unit("osa", "red", "osa_battery", [15, 5], emitting=False),
        unit("ew", "red", "ew_radar_company", [20, 5]),
    ]

    def outcome(decoys):
        scenario = _scenario(tmp_path, f"decoy{decoys}", units, [_base(tb2=1, an2_decoy=2)])
        doctrine = scenario.spec.sides["red"].ai.air
        assert doctrine.emcon == "always_on"
        scenario = load_scenario(
            scenario.path,
            {"sides.red.ai.air.emcon": "on_threat", "sides.red.ai.air.wake_radius_km": 8},
        )
        shots, emitting_turns = 0, 0
        for seed in range(30):
            model = WargameModel(scenario, seed=seed, human_sides=("blue",))
            # Reconnaissance from high above and well away from the Osa: it stays silent.
            model.submit("blue", Sortie("blue-base", "tb2", (27, 1), "isr", 1, 7000.0))
            if decoys:
                model.submit("blue", Sortie("blue-base", "an2_decoy", (15, 5), "decoy", decoys))
            for _ in range(3):
                model.step()
                emitting_turns += model.unit("osa").emitting
            shots += model.state.air_stats["red"].sam_shots
        return shots, emitting_turns

    quiet_shots, quiet_emitting = outcome(0)
    decoyed_shots, decoyed_emitting = outcome(2)
    assert quiet_shots == 0 and quiet_emitting == 0
    assert decoyed_shots > 20 and decoyed_emitting > 20


def test_a_strike_needs_a_current_contact_and_stale_contacts_age_out(tmp_path):
    scenario = _scenario(
        tmp_path,
        "stale",
        [
            unit("lora", "blue", "lora_battery", [0, 5]),
            unit("r", "red", "infantry_battalion", [25, 5]),
        ],
        turns=30,
    )
    strike = Strike("lora", (25, 5), "lora", 1)
    unseen = WargameModel(scenario, seed=0, human_sides=("blue", "red"))
    verdict = unseen.submit("blue", strike)
    assert not verdict.accepted and "no known enemy at [25, 5]" in verdict.reason
    model = GameBuilder(scenario).spotted("blue", "r", identified=True).build()
    assert model.submit("blue", strike).accepted
    air = scenario.catalog.rules.air
    turns_to_stale = int(air.strike_contact_max_age_h // 3) + 1
    for _ in range(turns_to_stale):
        model.step()
    assert model.state.pictures["blue"].get("r") is not None
    assert not model.submit("blue", strike).accepted
    for _ in range(int(air.contact_drop_after_h // 3)):
        model.step()
    assert model.state.pictures["blue"].get("r") is None


def test_a_strike_at_a_contact_that_has_moved_hits_nothing(tmp_path):
    scenario = _scenario(
        tmp_path,
        "moved",
        [
            unit("lora", "blue", "lora_battery", [0, 5]),
            unit("r", "red", "infantry_battalion", [25, 5]),
        ],
    )
    model = GameBuilder(scenario).spotted("blue", "r", at=(24, 5)).build()
    assert model.submit("blue", Strike("lora", (24, 5), "lora", 1)).accepted
    model.step()
    results = _events(model, StrikeResult)
    assert len(results) == 1 and results[0].target is None and not results[0].hit


def test_drones_lose_their_datalink_under_jamming_at_the_catalog_hazard(tmp_path):
    scenario = _scenario(
        tmp_path,
        "link",
        [
            unit("b", "blue", "mech_battalion", [2, 5]),
            unit("j", "red", "ew_company_repellent", [15, 5]),
        ],
        [_base(tb2=1)],
    )
    hazard = scenario.catalog.equipment["ew_repellent"].jammer.datalink_loss_per_h
    lost = 0
    for seed in SEEDS:
        model = WargameModel(scenario, seed=seed, human_sides=("blue", "red"))
        model.submit("blue", Sortie("blue-base", "tb2", (15, 5), "isr", 1))
        model.step()
        lost += bool(_events(model, Jammed))
    # Over the jammer from about 5 km out: at 130 km/h it is inside the 30 km radius for the
    # whole 3-hour turn, so it is lost with probability 1 - exp(-hazard * 3).
    p = 1 - np.exp(-hazard * 3)
    assert abs(lost / len(SEEDS) - p) < 4 * np.sqrt(p * (1 - p) / len(SEEDS))


def test_ir_systems_engage_without_emitting_and_silent_radar_sams_cannot(tmp_path):
    scenario = _scenario(
        tmp_path,
        "ir",
        [
            unit("b", "blue", "mech_battalion", [2, 5]),
            unit("strela", "red", "strela10_battery", [15, 5], emitting=False),
            unit("osa", "red", "osa_battery", [16, 6], emitting=False),
        ],
        [_base(an2_decoy=1)],
    )
    shooters = set()
    for seed in range(40):
        model = WargameModel(scenario, seed=seed, human_sides=("blue", "red"))
        model.submit("blue", Sortie("blue-base", "an2_decoy", (15, 5), "decoy", 1))
        model.step()
        shooters |= {s.shooter for s in _events(model, Shot)}
    assert shooters == {"strela"}


def test_emcon_orders_switch_radars_and_are_logged(tmp_path):
    scenario = _scenario(
        tmp_path,
        "emcon",
        [unit("b", "blue", "mech_battalion", [2, 5]), unit("osa", "red", "osa_battery", [15, 5])],
    )
    model = WargameModel(scenario, seed=0, human_sides=("blue", "red"))
    assert model.submit("red", Emcon("osa", False)).accepted
    assert not model.unit("osa").emitting
    verdict = model.submit("blue", Emcon("b", False))
    assert not verdict.accepted and "no radar or jammer" in verdict.reason
    assert [e.kind for e in model.events][-2:] == ["emcon", "order_rejected"]


@pytest.mark.parametrize(
    ("order", "reason"),
    [
        (Sortie("nowhere", "tb2", (5, 5), "isr"), "no air base 'nowhere'"),
        (Sortie("blue-base", "tb2", (5, 5), "isr", 3), "has 1 tb2 ready, not 3"),
        (Sortie("blue-base", "tb2", (5, 5), "decoy"), "cannot fly a decoy mission"),
        (Sortie("blue-base", "tb2", (5, 5), "isr", 1, 9000.0), "altitude 9000 m is outside"),
        (Sortie("blue-base", "tb2", (50, 5), "isr"), "is not on the map"),
    ],
)
def test_bad_sorties_are_rejected_with_a_reason(tmp_path, order, reason):
    scenario = _scenario(
        tmp_path,
        "sorties",
        [
            unit("b", "blue", "mech_battalion", [2, 5]),
            unit("r", "red", "infantry_battalion", [25, 5]),
        ],
        [_base(tb2=1)],
    )
    model = WargameModel(scenario, seed=0, human_sides=("blue", "red"))
    verdict = model.submit("blue", order)
    assert not verdict.accepted and reason in verdict.reason
    assert model.state.air.bases["blue-base"].ready == {"tb2": 1}


def test_the_air_war_is_deterministic_by_seed(tmp_path):
    scenario = _scenario(
        tmp_path,
        "determinism",
        [
            unit("b", "blue", "mech_battalion", [2, 5]),
            unit("osa", "red", "osa_battery", [15, 5]),
            unit("ew", "red", "ew_radar_company", [20, 5]),
        ],
        [_base(tb2=2, harop=4, an2_decoy=2)],
    )

    def log(seed):
        model = WargameModel(scenario, seed=seed, human_sides=("blue",))
        model.submit("blue", Sortie("blue-base", "an2_decoy", (15, 5), "decoy", 2))
        model.submit("blue", Sortie("blue-base", "harop", (15, 5), "sead", 4))
        model.submit("blue", Sortie("blue-base", "tb2", (15, 5), "strike", 2))
        for _ in range(4):
            model.step()
        out = io.StringIO()
        model.events.write_jsonl(out)
        return out.getvalue()

    assert log(5) == log(5)
    assert log(5) != log(6)


def test_missile_defence_intercepts_ballistic_missiles_it_covers(tmp_path):
    def interceptions(defended):
        units = [
            unit("target", "blue", "infantry_battalion", [12, 5]),
            unit("isk", "red", "iskander_battery", [28, 5]),
        ]
        if defended:
            units.append(unit("barak", "blue", "barak8_battery", [10, 5]))
        scenario = _scenario(tmp_path, f"abm{defended}", units)
        count = 0
        for seed in range(60):
            model = GameBuilder(scenario, seed=seed).spotted("red", "target").build()
            assert model.submit("red", Strike("isk", (12, 5), "iskander_m", 1)).accepted
            model.step()
            count += model.state.air_stats["blue"].intercepted
        return count

    assert interceptions(defended=False) == 0
    # Seen with probability ~0.95 at ~10 km, crossing the envelope far slower than the 15 s
    # reaction time, two missiles at 0.6 each: about 0.8 of the rounds come down.
    assert 36 <= interceptions(defended=True) <= 57


def test_the_side_view_shows_only_what_the_picture_holds_and_the_referee_everything(tmp_path):
    scenario = _scenario(
        tmp_path,
        "views",
        [
            unit("b", "blue", "mech_battalion", [2, 5]),
            unit("near", "red", "infantry_battalion", [3, 5]),
            unit("far", "red", "infantry_battalion", [28, 5]),
        ],
    )
    model = WargameModel(scenario, seed=0, human_sides=("blue", "red"))
    blue = side_view(model, "blue")
    assert "near" in blue.ids() and "far" not in blue.ids()
    assert {"b", "near", "far"} <= referee_view(model).ids()
    assert all(not m.own for m in blue.marks if m.id == "near")


def test_the_air_war_tutorial_plays_to_its_end_with_both_ais():
    scenario = load_scenario(REPO / "scenarios" / "tutorial_drones_and_air_defence.yaml")
    kinds, shots, air_strikes_on_air_defence = set(), 0, 0
    for seed in range(3):
        model = WargameModel(scenario, seed=seed)
        model.run()
        assert model.outcome is not None
        kinds |= {e.kind for e in model.events}
        shots += model.state.air_stats["red"].sam_shots
        lost = model.state.air_stats["red"].equipment_lost_to_air
        air_strikes_on_air_defence += sum(
            n for k, n in lost.items() if k.startswith(("sam_", "radar", "ew_"))
        )
        assert not any(e.kind == "order_rejected" for e in model.events)
    assert {"sortie", "detection", "engagement", "shot", "kill", "strike", "emcon"} <= kinds
    assert shots > 0 and air_strikes_on_air_defence > 0


def test_fighters_on_air_patrol_hunt_drones_with_their_missiles(tmp_path):
    scenario = _scenario(
        tmp_path,
        "cap",
        [
            unit("b", "blue", "mech_battalion", [2, 5]),
            unit("r", "red", "infantry_battalion", [25, 5]),
        ],
        [_base(tb2=1), _base("red", at=(29, 5), mig29=2)],
    )
    kills = 0
    for seed in range(40):
        model = WargameModel(scenario, seed=seed, human_sides=("blue", "red"))
        model.submit("blue", Sortie("blue-base", "tb2", (20, 5), "isr", 1))
        model.submit("red", Sortie("red-base", "mig29", (20, 5), "cap", 2))
        model.step()
        fighter_shots = [s for s in _events(model, Shot) if s.shooter.startswith("red-mig29")]
        assert all(s.weapon in ("r_73", "r_27") for s in fighter_shots)
        kills += model.state.air_stats["blue"].air_losses["shot down"]
    assert kills >= 20


def test_gnss_jamming_degrades_gnss_guided_missiles_by_the_catalog_factor(tmp_path):
    def hit_rate(jammed):
        units = [
            unit("lora", "blue", "lora_battery", [0, 5]),
            unit("target", "red", "artillery_battalion", [20, 5]),
        ]
        if jammed:
            units.append(unit("jam", "red", "ew_company_repellent", [21, 5]))
        scenario = _scenario(tmp_path, f"gnss{jammed}", units)
        hits = shots = 0
        for seed in range(100):
            model = GameBuilder(scenario, seed=seed).spotted("blue", "target").build()
            model.submit("blue", Strike("lora", (20, 5), "lora", 4))
            model.step()
            results = _events(model, StrikeResult)
            shots += len(results)
            hits += sum(r.hit for r in results)
        return hits / shots, shots

    clear, n = hit_rate(False)
    jammed, _ = hit_rate(True)
    # The Repellent-class company carries Pole-21-class jammers (factor 0.5; the strongest
    # applies): the hit rate halves.
    assert jammed / clear == pytest.approx(0.5, abs=0.15)
    assert n == 400


def test_dug_in_units_and_night_hide_from_drones(tmp_path):
    def seen_rate(posture, hour):
        scenario = _scenario(
            tmp_path,
            f"eo{posture}{hour}",
            [
                unit("b", "blue", "mech_battalion", [0, 5]),
                unit("r", "red", "mech_battalion", [20, 5], posture=posture),
            ],
            [_base(orbiter_3=1)],
            environment={"sunrise_h": 6.0, "sunset_h": 18.0},
            start=f"2025-01-01T{hour:02d}:00:00",
        )
        seen = 0
        for seed in range(80):
            model = WargameModel(scenario, seed=seed, human_sides=("blue", "red"))
            model.submit("blue", Sortie("blue-base", "orbiter_3", (14, 5), "isr", 1))
            model.step()
            seen += any(
                e.target == "r" and e.sensor == "eo" for e in _events(model, ContactDetected)
            )
        return seen / 80

    moving_day, dug_day, moving_night = (
        seen_rate("move", 9),
        seen_rate("dig_in", 9),
        seen_rate("move", 21),
    )
    assert moving_day > dug_day + 0.2
    assert moving_day > moving_night + 0.2


def test_magazines_run_dry(tmp_path):
    scenario = _scenario(
        tmp_path,
        "dry",
        [unit("b", "blue", "mech_battalion", [2, 5]), unit("m", "red", "manpads_company", [15, 5])],
        [_base(an2_decoy=30)],
    )
    model = WargameModel(scenario, seed=0, human_sides=("blue", "red"))
    manpads = scenario.catalog.equipment["manpads_igla"].sam
    ready = (
        9 * manpads.missiles + scenario.catalog.unit_types["manpads_company"].stores["igla_missile"]
    )
    for _ in range(3):
        model.submit("blue", Sortie("blue-base", "an2_decoy", (15, 5), "decoy", 10))
        model.step()
    fired = len(_events(model, Shot))
    assert 0 < fired <= ready
    assert model.unit("m").stores["igla_missile"] == 0 or fired < ready


def test_a_hit_destroys_equipment_suppresses_and_cuts_supply(tmp_path):
    from sim.rules.strikes import apply_hit
    from sim.turn import TurnRecord

    scenario = _scenario(
        tmp_path,
        "hit",
        [
            unit("b", "blue", "mech_battalion", [2, 5]),
            unit("r", "red", "artillery_battalion", [20, 5]),
        ],
    )
    model = WargameModel(scenario, seed=0, human_sides=("blue", "red"))
    target = model.unit("r")
    bomb = scenario.catalog.munitions["mam_l"].model_copy(
        update={"prefers": ["truck"], "kills": 15, "suppression": 0.2}
    )
    losses = apply_hit(model.state, target, bomb, TurnRecord())
    assert losses.equipment == {"truck": 15}
    assert target.equipment["truck"] == 15
    assert target.supply == pytest.approx(0.5)
    assert target.readiness == pytest.approx(0.8)
    assert model.state.air_stats["red"].equipment_lost_to_air["truck"] == 15


def test_air_defence_that_fired_moves_away_when_its_doctrine_says_so(tmp_path):
    units = [
        unit("b", "blue", "mech_battalion", [2, 5]),
        unit("osa", "red", "osa_battery", [15, 5]),
    ]
    base = load_scenario(
        _scenario(tmp_path, "scoot", units, [_base(an2_decoy=4)]).path,
        {"sides.red.ai.air.relocate_after_firing": True},
    )
    moved = 0
    for seed in range(10):
        model = WargameModel(base, seed=seed, human_sides=("blue",))
        model.submit("blue", Sortie("blue-base", "an2_decoy", (15, 5), "decoy", 4))
        model.step()
        fired = any(shot.shooter == "osa" for shot in _events(model, Shot))
        model.step()
        if fired:
            moved += model.unit("osa").hex != (15, 5)
    assert moved >= 8


def test_the_run_summary_shows_the_air_war(tmp_path, capsys):
    from sim.cli import main

    out = tmp_path / "air"
    path = REPO / "scenarios" / "tutorial_drones_and_air_defence.yaml"
    assert main(["run", str(path), "--turns", "4", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Air war:" in printed and "airframes flown" in printed
    header = (out / "turns.csv").read_text().splitlines()[0]
    for column in (
        "blue_sorties",
        "red_sam_shots",
        "red_radars_lost",
        "blue_air_losses",
        "red_personnel_lost_to_air",
    ):
        assert column in header


def test_once_a_sam_type_is_seen_drones_that_can_climb_over_it_do_and_small_drones_stay_low(
    tmp_path,
):
    from sim.events import SortieLaunched

    path = write_scenario(
        tmp_path,
        WIDE,
        [
            unit("b", "blue", "mech_battalion", [2, 5]),
            unit("osa", "red", "osa_battery", [20, 5], emitting=False),
            unit("s300", "red", "s300_battalion", [28, 2], emitting=False),
            unit("r", "red", "infantry_battalion", [18, 5]),
        ],
        turn_length_h=3,
        air_bases=[_base(tb2=2, orbiter_2=2)],
    )
    scenario = load_scenario(path, {"sides.blue.ai.air.isr_orbits": 2})
    catalog = scenario.catalog
    osa = catalog.equipment["sam_osa_tel"].sam
    builder = GameBuilder(scenario, human_sides=("red",))
    model = builder.spotted("blue", "osa", "s300", identified=True).build()
    model.step()
    launched = {e.aircraft: e.altitude_m for e in _events(model, SortieLaunched)}
    assert launched["tb2"] == osa.max_altitude_m + 500  # over the Osa; the S-300 is out of reach
    assert launched["orbiter_2"] == catalog.air_types["orbiter_2"].cruise_altitude_m


@pytest.mark.parametrize("avoid", [False, True])
def test_a_cautious_air_arm_keeps_its_drones_out_of_a_known_sam_envelope_but_not_its_munitions(
    tmp_path, avoid
):
    from sim.events import SortieLaunched

    path = write_scenario(
        tmp_path,
        WIDE,
        [
            unit("b", "blue", "mech_battalion", [2, 5]),
            unit("s300", "red", "s300_battalion", [28, 2], emitting=False),
            unit("r", "red", "artillery_battalion", [18, 5]),
        ],
        turn_length_h=3,
        air_bases=[_base(tb2=2, harop=2)],
    )
    scenario = load_scenario(path, {"sides.blue.ai.air.avoid_sam_envelopes": avoid})
    model = WargameModel(scenario, seed=0, human_sides=("red",))
    picture = model.state.pictures["blue"]
    picture.observe(0, "s300", "ground", (28, 2), "air_defence", "eo", "s300_battalion")
    picture.observe(0, "r", "ground", (18, 5), "artillery", "eo", "artillery_battalion")
    model.step()
    flown = {e.aircraft for e in _events(model, SortieLaunched)}
    assert "harop" in flown
    assert ("tb2" in flown) is not avoid


def test_the_run_record_counts_reusable_aircraft_lost_apart_from_spent_munitions(tmp_path):
    from sim.batch.record import summarise
    from sim.events import AirKill

    scenario = _scenario(
        tmp_path,
        "lost",
        [
            unit("b", "blue", "mech_battalion", [2, 5]),
            unit("osa", "red", "osa_battery", [15, 5], emitting=True),
        ],
        [_base(tb2=2, harop=4)],
        turns=3,
    )
    drones_down = munitions_gone = 0
    for seed in range(20):
        model = WargameModel(scenario, seed=seed, human_sides=("blue", "red"))
        model.submit("blue", Sortie("blue-base", "tb2", (15, 5), "isr", 2, altitude_m=3000))
        model.submit("blue", Sortie("blue-base", "harop", (15, 5), "sead", 4))
        model.run()
        record = summarise(model)
        by_type = model.state.air_stats["blue"].losses_by_type
        tb2_kills = sum(1 for e in _events(model, AirKill) if e.air_type == "tb2")
        assert record["blue_aircraft_lost"] == by_type["tb2"] == tb2_kills
        assert record["blue_air_losses"] == by_type["tb2"] + by_type["harop"]
        drones_down += tb2_kills
        munitions_gone += by_type["harop"]
    assert drones_down > 0 and munitions_gone > 0
