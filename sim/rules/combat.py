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

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from sim.events import Combat, Losses
from sim.orders import Attack
from sim.terrain.data import Hex
from sim.terrain.geometry import hex_distance

if TYPE_CHECKING:
    from sim.model import WargameModel
    from sim.units.ground import GroundUnit


@dataclass
class Engagement:
    target: Hex
    attacker_side: str
    attackers: list[GroundUnit]
    defenders: list[GroundUnit] = field(default_factory=list)
    attacker_support: list[tuple[GroundUnit, float]] = field(default_factory=list)
    defender_support: list[tuple[GroundUnit, float]] = field(default_factory=list)

    @property
    def defender_side(self) -> str:
        return self.defenders[0].side


def run(model: WargameModel) -> list[Engagement]:
    """Resolve every attack of the turn; return the fights for the morale phase."""
    engagements = gather(model)
    for engagement in engagements:
        for unit in engagement.attackers + engagement.defenders:
            unit.engaged = True
    _assign_defensive_fire(model, engagements)
    for engagement in engagements:
        resolve(model, engagement)
    for unit in model.units():
        if isinstance(unit.order, Attack):
            unit.order = None
    return engagements


def gather(model: WargameModel) -> list[Engagement]:
    """Group this turn's attack orders by target hex and attacking side."""
    by_target: dict[tuple[Hex, str], Engagement] = {}
    for unit in model.units():
        order = unit.order
        if not isinstance(order, Attack) or unit.status != "active":
            continue
        key = (order.target, unit.side)
        if key not in by_target:
            by_target[key] = Engagement(order.target, unit.side, [])
        if model.terrain.distance(unit.hex, order.target) == 1:
            by_target[key].attackers.append(unit)
            unit.posture = "attack"
        else:
            power, _ = model.ratings.support(unit)
            by_target[key].attacker_support.append((unit, power))
            unit.fired_support = True
    engagements = []
    for engagement in by_target.values():
        engagement.defenders = model.enemy_units_at(engagement.attacker_side, engagement.target)
        if engagement.defenders:
            engagements.append(engagement)
    return engagements


def _assign_defensive_fire(model: WargameModel, engagements: list[Engagement]) -> None:
    """Idle guns of the defending side fire into the nearest fight they can reach."""
    if not engagements:
        return
    hex_km = model.terrain.hex_size_km
    target_cols = np.array([e.target[0] for e in engagements])
    target_rows = np.array([e.target[1] for e in engagements])
    for side in model.side_ids:
        # Guns answer assaults; a bombardment alone draws no defensive fire.
        defending = np.array([e.defender_side == side and bool(e.attackers) for e in engagements])
        if not defending.any():
            continue
        for unit in model.units(side):
            if unit.engaged or unit.fired_support or unit.order is not None:
                continue
            if unit.status != "active":
                continue
            power, reach = model.ratings.support(unit)
            if power <= 0 or reach <= 0:
                continue
            distance_km = hex_distance(target_cols, target_rows, *unit.hex) * hex_km
            distance_km = np.where(defending & (distance_km <= reach), distance_km, np.inf)
            nearest = int(np.argmin(distance_km))
            if np.isfinite(distance_km[nearest]):
                unit.fired_support = True
                engagements[nearest].defender_support.append((unit, power))


def defence_multiplier(model: WargameModel, unit: GroundUnit) -> float:
    """Posture, entrenchment and the ground: what a defender's combat power is multiplied by."""
    return defence_factor(model, unit.posture, entrenchment(model, unit), unit.hex)


def defence_factor(model: WargameModel, posture: str, entrenched: float, hex_: Hex) -> float:
    """The defence multiplier of a posture and an entrenchment level on a hex: shared by the
    combat itself and by the AI's estimates of it."""
    combat = model.rules.combat
    return (
        combat.posture_defence[posture]
        * (1.0 + combat.entrenchment_defence * entrenched)
        * float(model.terrain.layer("defence")[hex_])
    )


def entrenchment(model: WargameModel, unit: GroundUnit) -> float:
    """A unit's own digging, or the prepared positions of its hex, whichever is better."""
    return max(unit.entrenchment, float(model.terrain.layer("fortification")[unit.hex]))


def defender_power(model: WargameModel, defenders: list[GroundUnit]) -> float:
    """Defenders' combat power as an attacker meets it: multiplied by posture and entrenchment."""
    return sum(model.ratings.power(d) * defence_multiplier(model, d) for d in defenders)


def supported(model: WargameModel, own: float, fire: float) -> float:
    """The fire support that counts in a fight where the units in it have power ``own``."""
    return min(fire, model.rules.combat.max_support_multiple * own)


def resolve(model: WargameModel, engagement: Engagement) -> None:
    combat = model.rules.combat
    attack = sum(model.ratings.power(a) for a in engagement.attackers)
    fire = sum(p for _, p in engagement.attacker_support)
    attack += supported(model, attack, fire) if engagement.attackers else fire
    defence = defender_power(model, engagement.defenders)
    defence += supported(model, defence, sum(p for _, p in engagement.defender_support))
    if defence <= 0:
        ratio = combat.max_force_ratio
    else:
        ratio = float(
            np.clip(attack / defence, 1.0 / combat.max_force_ratio, combat.max_force_ratio)
        )
    sigma = combat.noise_sigma
    intensity = (
        model.scenario.spec.turn_length_h
        / 24.0
        * float(model.rng.lognormal(-sigma * sigma / 2.0, sigma))
    )
    defender_share = combat.defender_loss_rate_per_day * ratio**combat.defender_ratio_exponent
    if not engagement.attackers:
        defender_share *= combat.bombardment_factor
    attacker_share = combat.attacker_loss_rate_per_day * ratio**-combat.attacker_ratio_exponent
    cover = model.terrain.layer("cover")
    if engagement.attackers:
        for defender in engagement.defenders:
            defender.faced_ratio = max(defender.faced_ratio, ratio)
    defender_losses = [
        apply_losses(
            model,
            d,
            intensity * defender_share * (1.0 - float(cover[d.hex])) * _protection(model, d),
        )
        for d in engagement.defenders
    ]
    attacker_losses = [
        apply_losses(
            model,
            a,
            intensity
            * attacker_share
            * (1.0 - combat.attacker_cover_share * float(cover[a.hex]))
            * _protection(model, a),
        )
        for a in engagement.attackers
    ]
    model.record(
        Combat,
        side=engagement.attacker_side,
        hex=engagement.target,
        defender_side=engagement.defender_side,
        attackers=[a.uid for a in engagement.attackers],
        defenders=[d.uid for d in engagement.defenders],
        attacker_fire=[u.uid for u, _ in engagement.attacker_support],
        defender_fire=[u.uid for u, _ in engagement.defender_support],
        attacker_power=round(attack, 3),
        defender_power=round(defence, 3),
        force_ratio=round(ratio, 3),
        intensity=round(intensity, 4),
        attacker_losses=attacker_losses,
        defender_losses=defender_losses,
    )


def _protection(model: WargameModel, unit: GroundUnit) -> float:
    """Share of the incoming loss rate a unit still suffers after posture and entrenchment."""
    combat = model.rules.combat
    return (1.0 - combat.posture_protection[unit.posture]) * (
        1.0 - combat.entrenchment_protection * entrenchment(model, unit)
    )


def apply_losses(model: WargameModel, unit: GroundUnit, share: float) -> Losses:
    """Remove people and equipment, each lost with probability ``share`` (less protection)."""
    share = min(max(share, 0.0), 1.0)
    before = model.ratings.raw_power(unit)
    personnel = int(model.rng.binomial(unit.personnel, share))
    unit.personnel -= personnel
    equipment: dict[str, int] = {}
    for key, count in unit.equipment.items():
        survive = model.catalog.equipment[key].protection
        lost = int(model.rng.binomial(count, share * (1.0 - survive))) if count else 0
        if lost:
            equipment[key] = lost
            unit.equipment[key] = count - lost
    if before > 0:
        unit.loss_share += (before - model.ratings.raw_power(unit)) / before
    side_losses = model.losses[unit.side]
    side_losses.personnel += personnel
    side_losses.add_equipment(equipment)
    return Losses(unit=unit.uid, personnel=personnel, equipment=equipment)
