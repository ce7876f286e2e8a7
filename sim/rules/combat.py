"""Ground combat: stochastic attrition for every hex that is attacked this turn.

An attack order on a neighbouring hex commits a unit to the assault; an attack order on a hex
further away, within reach of the unit's indirect-fire weapons, is a fire mission into that hex
(a bombardment if nobody assaults it). For each attacked hex the assaulting units' combat power
plus the fire missions' is set against the defenders' (multiplied by their posture and
entrenchment), plus defensive fire: every unit of the defending side with indirect-fire
weapons that has no orders of its own and is not fighting fires into the nearest such fight in
its reach. The force ratio ``r`` sets the day's loss shares at battalion scale,

    defender: ``defender_loss_rate_per_day * r ** defender_ratio_exponent * intensity``
    attacker: ``attacker_loss_rate_per_day * r ** -attacker_ratio_exponent * intensity``

where ``intensity`` is the turn's share of a day times a log-normal draw with mean 1 (how the
fight happened to go). Fire support counts for at most ``max_support_multiple`` times the
power of the units fighting (guns alone do not take ground). A bombardment (fire with no
assault) inflicts only ``bombardment_factor`` of the defender's share, costs the guns nothing,
and puts no pressure on the defenders' morale beyond their losses. Each unit's share is reduced
by its hex's cover (attackers keep only part of theirs), its posture and its entrenchment, and
then every soldier and every item of equipment is lost with that probability (items shrug off a
further ``protection`` share), drawn binomially from the model's generator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import numpy as np

from sim.events import Combat, EventLog, Losses
from sim.orders import Attack
from sim.terrain.geometry import Hex, hex_distance
from sim.turn import Fight, TurnRecord

if TYPE_CHECKING:
    from sim.clock import Clock
    from sim.forces import Forces
    from sim.losses import SideLosses
    from sim.rules.power import PowerRatings
    from sim.scenario.catalog import Catalog
    from sim.scenario.catalog_schema import CombatRules, Rules
    from sim.sides import Sides
    from sim.terrain.terrain import Terrain
    from sim.units.ground import GroundUnit


class LossState(Protocol):
    """What taking losses reads and writes (ground combat, strikes)."""

    @property
    def catalog(self) -> Catalog: ...
    @property
    def ratings(self) -> PowerRatings: ...

    rng: np.random.Generator
    losses: dict[str, SideLosses]


class CombatState(LossState, Protocol):
    """What ground combat reads and writes."""

    @property
    def rules(self) -> Rules: ...
    @property
    def terrain(self) -> Terrain: ...
    @property
    def sides(self) -> Sides: ...
    @property
    def clock(self) -> Clock: ...

    forces: Forces
    log: EventLog


def run(state: CombatState, turn: TurnRecord) -> None:
    """Resolve every attack of the turn; the fights go into ``turn`` for morale and
    observation."""
    fights = gather(state, turn)
    for fight in fights:
        for unit in fight.attackers + fight.defenders:
            turn.engaged.add(unit.uid)
    _assign_defensive_fire(state, fights, turn)
    for fight in fights:
        resolve(state, fight, turn)
    for unit in state.forces.units():
        if isinstance(unit.order, Attack):
            unit.order = None
    turn.fights = fights


def gather(state: CombatState, turn: TurnRecord) -> list[Fight]:
    """Group this turn's attack orders by target hex and attacking side."""
    by_target: dict[tuple[Hex, str], Fight] = {}
    for unit in state.forces.units():
        order = unit.order
        if not isinstance(order, Attack) or unit.status != "active":
            continue
        key = (order.target, unit.side)
        if key not in by_target:
            by_target[key] = Fight(order.target, unit.side, [])
        if state.terrain.distance(unit.hex, order.target) == 1:
            by_target[key].attackers.append(unit)
            unit.posture = "attack"
        else:
            power, _ = state.ratings.support(unit)
            by_target[key].attacker_support.append((unit, power))
            turn.fired_support.add(unit.uid)
    fights = []
    for fight in by_target.values():
        fight.defenders = state.forces.enemies_at(fight.attacker_side, fight.target)
        if fight.defenders:
            fights.append(fight)
    return fights


def _assign_defensive_fire(state: CombatState, fights: list[Fight], turn: TurnRecord) -> None:
    """Idle guns of the defending side fire into the nearest fight they can reach."""
    if not fights:
        return
    hex_km = state.terrain.hex_size_km
    target_cols = np.array([f.target[0] for f in fights])
    target_rows = np.array([f.target[1] for f in fights])
    for side in state.sides.ids:
        # Guns answer assaults; a bombardment alone draws no defensive fire.
        defending = np.array([f.defender_side == side and bool(f.attackers) for f in fights])
        if not defending.any():
            continue
        for unit in state.forces.units(side):
            if unit.uid in turn.engaged or unit.uid in turn.fired_support:
                continue
            if unit.order is not None or unit.status != "active":
                continue
            power, reach = state.ratings.support(unit)
            if power <= 0 or reach <= 0:
                continue
            distance_km = hex_distance(target_cols, target_rows, *unit.hex) * hex_km
            distance_km = np.where(defending & (distance_km <= reach), distance_km, np.inf)
            nearest = int(np.argmin(distance_km))
            if np.isfinite(distance_km[nearest]):
                turn.fired_support.add(unit.uid)
                fights[nearest].defender_support.append((unit, power))


def defence_multiplier(rules: CombatRules, terrain: Terrain, unit: GroundUnit) -> float:
    """Posture, entrenchment and the ground: what a defender's combat power is multiplied by."""
    return defence_factor(rules, terrain, unit.posture, entrenchment(terrain, unit), unit.hex)


def defence_factor(
    rules: CombatRules, terrain: Terrain, posture: str, entrenched: float, hex_: Hex
) -> float:
    """The defence multiplier of a posture and an entrenchment level on a hex: shared by the
    combat itself and by the AI's estimates of it."""
    return (
        rules.posture_defence[posture]
        * (1.0 + rules.entrenchment_defence * entrenched)
        * float(terrain.layer("defence")[hex_])
    )


def entrenchment(terrain: Terrain, unit: GroundUnit) -> float:
    """A unit's own digging, or the prepared positions of its hex, whichever is better."""
    return max(unit.entrenchment, float(terrain.layer("fortification")[unit.hex]))


def defender_power(
    ratings: PowerRatings, rules: CombatRules, terrain: Terrain, defenders: list[GroundUnit]
) -> float:
    """Defenders' combat power as an attacker meets it: multiplied by posture and entrenchment."""
    return sum(ratings.power(d) * defence_multiplier(rules, terrain, d) for d in defenders)


def supported(rules: CombatRules, own: float, fire: float) -> float:
    """The fire support that counts in a fight where the units in it have power ``own``."""
    return min(fire, rules.max_support_multiple * own)


def resolve(state: CombatState, fight: Fight, turn: TurnRecord) -> None:
    combat, terrain, ratings = state.rules.combat, state.terrain, state.ratings
    attack = sum(ratings.power(a) for a in fight.attackers)
    fire = sum(p for _, p in fight.attacker_support)
    attack += supported(combat, attack, fire) if fight.attackers else fire
    defence = defender_power(ratings, combat, terrain, fight.defenders)
    defence += supported(combat, defence, sum(p for _, p in fight.defender_support))
    if defence <= 0:
        ratio = combat.max_force_ratio
    else:
        ratio = float(
            np.clip(attack / defence, 1.0 / combat.max_force_ratio, combat.max_force_ratio)
        )
    sigma = combat.noise_sigma
    intensity = state.clock.days_per_turn * float(state.rng.lognormal(-sigma * sigma / 2.0, sigma))
    defender_share = combat.defender_loss_rate_per_day * ratio**combat.defender_ratio_exponent
    if not fight.attackers:
        defender_share *= combat.bombardment_factor
    attacker_share = combat.attacker_loss_rate_per_day * ratio**-combat.attacker_ratio_exponent
    cover = terrain.layer("cover")
    if fight.attackers:
        for defender in fight.defenders:
            turn.odds_faced[defender.uid] = max(turn.odds_faced.get(defender.uid, 0.0), ratio)
    defender_losses = [
        apply_losses(
            state,
            d,
            intensity
            * defender_share
            * (1.0 - float(cover[d.hex]))
            * _protection(combat, terrain, d),
            turn,
        )
        for d in fight.defenders
    ]
    attacker_losses = [
        apply_losses(
            state,
            a,
            intensity
            * attacker_share
            * (1.0 - combat.attacker_cover_share * float(cover[a.hex]))
            * _protection(combat, terrain, a),
            turn,
        )
        for a in fight.attackers
    ]
    state.log.record(
        Combat,
        side=fight.attacker_side,
        hex=fight.target,
        defender_side=fight.defender_side,
        attackers=[a.uid for a in fight.attackers],
        defenders=[d.uid for d in fight.defenders],
        attacker_fire=[u.uid for u, _ in fight.attacker_support],
        defender_fire=[u.uid for u, _ in fight.defender_support],
        attacker_power=round(attack, 3),
        defender_power=round(defence, 3),
        force_ratio=round(ratio, 3),
        intensity=round(intensity, 4),
        attacker_losses=attacker_losses,
        defender_losses=defender_losses,
    )


def _protection(rules: CombatRules, terrain: Terrain, unit: GroundUnit) -> float:
    """Share of the incoming loss rate a unit still suffers after posture and entrenchment."""
    return (1.0 - rules.posture_protection[unit.posture]) * (
        1.0 - rules.entrenchment_protection * entrenchment(terrain, unit)
    )


def apply_losses(state: LossState, unit: GroundUnit, share: float, turn: TurnRecord) -> Losses:
    """Remove people and equipment, each lost with probability ``share`` (less protection);
    the share of power lost goes into ``turn`` for the unit's morale test."""
    share = min(max(share, 0.0), 1.0)
    before = state.ratings.raw_power(unit)
    personnel = int(state.rng.binomial(unit.personnel, share))
    unit.personnel -= personnel
    equipment: dict[str, int] = {}
    for key, count in unit.equipment.items():
        survive = state.catalog.equipment[key].protection
        lost = int(state.rng.binomial(count, share * (1.0 - survive))) if count else 0
        if lost:
            equipment[key] = lost
            unit.equipment[key] = count - lost
    if before > 0:
        turn.add_power_lost(unit.uid, (before - state.ratings.raw_power(unit)) / before)
    side_losses = state.losses[unit.side]
    side_losses.personnel += personnel
    side_losses.add_equipment(equipment)
    return Losses(unit=unit.uid, personnel=personnel, equipment=equipment)
