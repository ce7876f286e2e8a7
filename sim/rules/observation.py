"""What each side's ground observers see at the end of a turn, and how pictures age.

Every ground unit watches with its own observers (``sensor_range_km`` of its type, from
``ground_observer_height_m``): the same EO/IR detection as drones use, with the terrain's
concealment, the target's posture and whether it fired. Beyond that, units in contact always
know it: enemies in the hexes next to a side's units, and units they fought this turn, are in
its picture.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.rules import sensing

if TYPE_CHECKING:
    from sim.model import WargameModel


def age_pictures(model: WargameModel) -> None:
    for picture in model.pictures.values():
        picture.age(model.turn)


def run(model: WargameModel) -> None:
    height = model.rules.air.ground_observer_height_m
    for side in model.side_ids:
        observers = [u for u in model.units(side) if u.unit_type.sensor_range_km > 0]
        if not observers:
            continue
        points = sensing.ground_points(model, observers, height)
        ranges = np.array([u.unit_type.sensor_range_km for u in observers])
        found = sensing.eo_sees_ground(
            model, [u.uid for u in observers], [side] * len(observers), points, ranges, slant=False
        )
        sensing.report(model, side, found, "ground")
    _contact(model)
    for engagement in model.engagements:
        attackers = [a.uid for a in engagement.attackers if model.unit(a.uid) is a]
        defenders = [d.uid for d in engagement.defenders if model.unit(d.uid) is d]
        if attackers and defenders:
            sensing.report(model, engagement.attacker_side, {"combat": defenders}, "ground")
            sensing.report(model, engagement.defender_side, {"combat": attackers}, "ground")


def _contact(model: WargameModel) -> None:
    """Enemies next to a side's units are in its picture."""
    neighbours = model.terrain.neighbours
    for side in model.side_ids:
        own = np.append(model.occupancy[model.side_index[side]] > 0, False)
        touching = own[neighbours].any(axis=1)
        enemies = set(model.enemies_of(side))
        found = [
            u.uid
            for u in model.units()
            if u.side in enemies and touching[model.terrain.index(u.hex)]
        ]
        if found:
            sensing.report(model, side, {"contact": found}, "ground")
