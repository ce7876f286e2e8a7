"""Ground combat, statistically over many seeds.

One 24-hour turn of one assault on a hex of open plain. Losses are binomial draws around the rate
of docs/scenario-format.md ("Ground combat"); the log-normal intensity (sigma 0.4 in the catalog)
spreads each fight's losses by about 40%, so the mean of N = 150 seeds has a relative standard
error of about 0.4 / sqrt(150) = 3.3%. Each comparison below expects an effect of 40% or more
(worked out from the catalog's numbers in its comment) and asserts a bound at most half as
large, more than five standard errors of the ratio of two such means away from the expectation.
"""

import math

import numpy as np
import pytest
from builders import GameBuilder, unit, write_scenario

from sim.model import WargameModel
from sim.orders import Attack
from sim.scenario.loader import load_scenario

SEEDS = range(150)


def _fights(tmp_path, name, terrain="...", attackers=1, defender=None, overrides=None, seeds=SEEDS):
    """Run one turn of a blue assault on (1, 0) per seed; return the Combat events."""
    units = [unit(f"a{i}", "blue", "tank_battalion", [0, 0]) for i in range(attackers)]
    units.append(unit("d", "red", "infantry_battalion", [1, 0], **(defender or {})))
    path = write_scenario(
        tmp_path, [terrain], units, name=f"{name}.yaml", sources={"blue": [[0, 0]], "red": [[2, 0]]}
    )
    scenario = load_scenario(path, overrides)
    fights = []
    for seed in seeds:
        model = WargameModel(scenario, seed=seed, human_sides=("blue", "red"))
        for i in range(attackers):
            assert model.submit("blue", Attack(f"a{i}", (1, 0))).accepted
        model.step()
        fights.append(next(e for e in model.events if e.kind == "combat"))
    return fights


def _defender_losses(fights):
    return np.array([sum(x.personnel for x in f.defender_losses) for f in fights], dtype=float)


def _attacker_losses(fights):
    return np.array([sum(x.personnel for x in f.attacker_losses) for f in fights], dtype=float)


def test_losses_follow_the_documented_rate_without_noise(tmp_path):
    fights = _fights(
        tmp_path,
        "exact",
        defender={"posture": "defend"},
        overrides={"catalog.rules.combat.noise_sigma": 0.0},
    )
    catalog = load_scenario(tmp_path / "exact.yaml").catalog
    combat, equipment = catalog.rules.combat, catalog.equipment
    tank, infantry = catalog.unit_types["tank_battalion"], catalog.unit_types["infantry_battalion"]

    def raw(unit_type):
        weapons = sum(equipment[k].firepower * n for k, n in unit_type.equipment.items())
        return weapons + combat.personnel_firepower * unit_type.personnel

    morale = combat.morale_power_floor + (1 - combat.morale_power_floor) * 0.7
    ratio = (raw(tank) * morale) / (raw(infantry) * morale * combat.posture_defence["defend"])
    assert fights[0].force_ratio == pytest.approx(ratio, rel=1e-3)
    share = (
        combat.defender_loss_rate_per_day
        * ratio**combat.defender_ratio_exponent
        * (1 - catalog.terrain_classes["plain"].cover)
        * (1 - combat.posture_protection["defend"])
    )
    losses = _defender_losses(fights)
    # Binomial(500, share): the mean of 150 draws lies within 4 standard errors of 500 * share.
    standard_error = math.sqrt(500 * share * (1 - share) / len(losses))
    assert abs(losses.mean() - 500 * share) < 4 * standard_error


def test_more_attackers_inflict_more_losses(tmp_path):
    one = _defender_losses(_fights(tmp_path, "one", attackers=1)).mean()
    two = _defender_losses(_fights(tmp_path, "two", attackers=2)).mean()
    # Twice the power raises the ratio twofold and losses by 2 ** 0.8 = 1.74.
    assert two / one > 1.4


def test_better_cover_saves_the_defender(tmp_path):
    open_ground = _defender_losses(_fights(tmp_path, "plain", terrain="...")).mean()
    town = _defender_losses(_fights(tmp_path, "town", terrain=".u.")).mean()
    # Cover 0.5 in towns against 0.1 on the plain: (1 - 0.5) / (1 - 0.1) = 0.56.
    assert town / open_ground < 0.75


def test_the_ground_multiplies_the_defender_s_combat_power(tmp_path):
    exact = {"catalog.rules.combat.noise_sigma": 0.0}
    seeds = range(1)
    plain = _fights(tmp_path, "flat", terrain="...", overrides=exact, seeds=seeds)[0]
    hills = _fights(tmp_path, "hills", terrain=".h.", overrides=exact, seeds=seeds)[0]
    catalog = load_scenario(tmp_path / "hills.yaml").catalog.terrain_classes
    factor = catalog["hills"].defence / catalog["plain"].defence
    assert factor > 1
    assert hills.defender_power == pytest.approx(plain.defender_power * factor, rel=1e-3)
    assert hills.force_ratio == pytest.approx(plain.force_ratio / factor, rel=1e-3)


def test_digging_in_saves_the_defender_and_costs_the_attacker(tmp_path):
    exact = {"catalog.rules.combat.noise_sigma": 0.0}
    exposed = _fights(
        tmp_path, "exposed", defender={"posture": "defend", "entrenchment": 0.0}, overrides=exact
    )
    dug_in = _fights(
        tmp_path, "dug", defender={"posture": "dig_in", "entrenchment": 1.0}, overrides=exact
    )
    combat = load_scenario(tmp_path / "dug.yaml").catalog.rules.combat
    # The defence multiplier rises by dig_in (1.5) * (1 + 0.5) over defend (1.2): the ratio
    # falls by 1.875, so the defender's losses fall to 1.875 ** -0.8 * (0.7 * 0.7) / 0.85 = 0.35
    # of the exposed defender's and the attacker's rise by 1.875 ** 0.3 = 1.21.
    fall = exposed[0].force_ratio / dug_in[0].force_ratio
    assert fall == pytest.approx(
        combat.posture_defence["dig_in"]
        * (1 + combat.entrenchment_defence)
        / combat.posture_defence["defend"],
        rel=1e-3,
    )
    assert _defender_losses(dug_in).mean() / _defender_losses(exposed).mean() < 0.55
    # Binomial draws only: each mean is within 4 standard errors of its expectation, so their
    # ratio is within about 4 * sqrt(2) relative standard errors of fall ** 0.3.
    losses = [_attacker_losses(dug_in), _attacker_losses(exposed)]
    spread = np.hypot(*(x.std() / np.sqrt(len(x)) / x.mean() for x in losses))
    rise = losses[0].mean() / losses[1].mean()
    expected = fall**combat.attacker_ratio_exponent
    assert rise > 1 and abs(rise / expected - 1) < 4 * spread


def test_supply_keeps_a_defender_fighting(tmp_path):
    dug_in = {"posture": "dig_in", "entrenchment": 1.0}
    supplied = _fights(tmp_path, "fed", defender={"supply": 1.0, **dug_in})
    starving = _fights(tmp_path, "starved", defender={"supply": 0.0, **dug_in})
    # With no supply a unit fights at 30% of its power: the ratio rises 3.3-fold (from 1.7 to
    # 5.8, below the cap of 10), defender losses by 3.3 ** 0.8 = 2.6 and attacker losses fall
    # to 3.3 ** -0.6 = 0.49.
    assert _defender_losses(starving).mean() / _defender_losses(supplied).mean() > 1.8
    assert _attacker_losses(starving).mean() / _attacker_losses(supplied).mean() < 0.7


def test_dug_in_defenders_hold_their_ground_more_often(tmp_path):
    exposed = _outcomes(tmp_path, "exposed_hold", {"posture": "move"})
    dug_in = _outcomes(tmp_path, "dug_hold", {"posture": "dig_in", "entrenchment": 1.0})
    # Breaking is a morale test driven by losses and odds, both far lower when dug in.
    assert dug_in["held"] > exposed["held"] + 15


def _outcomes(tmp_path, name, defender, seeds=range(120)):
    units = [unit(f"a{i}", "blue", "tank_battalion", [0, 0]) for i in range(2)]
    units.append(unit("d", "red", "infantry_battalion", [1, 0], **defender))
    scenario = load_scenario(
        write_scenario(
            tmp_path,
            ["..."],
            units,
            name=f"{name}.yaml",
            sources={"blue": [[0, 0]], "red": [[2, 0]]},
        )
    )
    counts = {"held": 0, "gave ground": 0}
    for seed in seeds:
        model = WargameModel(scenario, seed=seed, human_sides=("blue", "red"))
        for i in range(2):
            model.submit("blue", Attack(f"a{i}", (1, 0)))
        model.step()
        d = model.unit("d")
        counts["held" if d is not None and d.hex == (1, 0) else "gave ground"] += 1
    return counts


def test_turn_length_scales_the_loss_rate(tmp_path):
    def first_turn_losses(name, hours):
        units = [
            unit("a0", "blue", "tank_battalion", [0, 0]),
            unit("d", "red", "infantry_battalion", [1, 0], posture="defend"),
        ]
        path = write_scenario(
            tmp_path,
            ["..."],
            units,
            name=f"{name}.yaml",
            turn_length_h=hours,
            sources={"blue": [[0, 0]], "red": [[2, 0]]},
        )
        scenario = load_scenario(path, {"catalog.rules.combat.noise_sigma": 0.0})
        losses = []
        for seed in SEEDS:
            model = WargameModel(scenario, seed=seed, human_sides=("blue", "red"))
            model.submit("blue", Attack("a0", (1, 0)))
            model.step()
            fight = next(e for e in model.events if e.kind == "combat")
            losses.append(sum(x.personnel for x in fight.defender_losses))
        return np.mean(losses)

    day, six_hours = first_turn_losses("day", 24.0), first_turn_losses("quarter", 6.0)
    # The same fight for a quarter of the time: a quarter of the loss share (binomial means of
    # about 60 and 15 of 500 men; 150 seeds put each within a few per cent).
    assert six_hours / day == pytest.approx(0.25, rel=0.1)


def test_a_bombardment_alone_inflicts_its_documented_share_and_costs_the_guns_nothing(tmp_path):
    path = write_scenario(
        tmp_path,
        ["....."],
        [
            unit("guns", "blue", "artillery_battalion", [0, 0]),
            unit("d", "red", "infantry_battalion", [3, 0], posture="defend"),
        ],
        sources={"blue": [[0, 0]], "red": [[4, 0]]},
    )
    scenario = load_scenario(path, {"catalog.rules.combat.noise_sigma": 0.0})
    combat = scenario.catalog.rules.combat
    fights = []
    for seed in SEEDS:
        model = GameBuilder(scenario, seed=seed).spotted("blue", "d").build()
        assert model.submit("blue", Attack("guns", (3, 0))).accepted
        model.step()
        fights.append(next(e for e in model.events if e.kind == "combat"))
    ratio = fights[0].force_ratio
    share = (
        combat.defender_loss_rate_per_day
        * ratio**combat.defender_ratio_exponent
        * combat.bombardment_factor
        * (1 - scenario.catalog.terrain_classes["plain"].cover)
        * (1 - combat.posture_protection["defend"])
    )
    losses = _defender_losses(fights)
    # Binomial(500, share): the mean of 150 draws lies within 4 standard errors of 500 * share.
    standard_error = math.sqrt(500 * share * (1 - share) / len(losses))
    assert abs(losses.mean() - 500 * share) < 4 * standard_error
    assert combat.bombardment_factor < 1 and _attacker_losses(fights).sum() == 0
    assert all(not f.attackers for f in fights)


def test_guns_count_for_at_most_their_multiple_of_the_assaulting_units_power(tmp_path):
    units = [unit("scouts", "blue", "recon_company", [2, 0])]
    units += [unit(f"guns{i}", "blue", "artillery_battalion", [0, i]) for i in range(3)]
    units.append(unit("d", "red", "infantry_battalion", [3, 0]))
    path = write_scenario(
        tmp_path, ["....."] * 3, units, sources={"blue": [[0, 0]], "red": [[4, 0]]}
    )
    model = GameBuilder(path).spotted("blue", "d").build()
    for uid in ("scouts", "guns0", "guns1", "guns2"):
        assert model.submit("blue", Attack(uid, (3, 0))).accepted
    ratings = model.state.ratings
    own = ratings.power(model.unit("scouts"))
    guns = sum(ratings.support(model.unit(f"guns{i}"))[0] for i in range(3))
    multiple = model.state.rules.combat.max_support_multiple
    assert guns > multiple * own
    model.step()
    fight = next(e for e in model.events if e.kind == "combat")
    assert fight.attacker_power == pytest.approx((1 + multiple) * own, rel=1e-3)
