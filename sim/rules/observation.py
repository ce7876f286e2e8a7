"""What each side's ground observers see at the end of a turn, and how pictures age.

Every ground unit watches with its own observers (``sensor_range_km`` of its type, from
``ground_observer_height_m``): the same EO/IR detection as drones use, with the terrain's
concealment, the target's posture and whether it fired. Beyond that, units in contact always
know it: enemies in the hexes next to a side's units, and units they fought this turn, are in
its picture.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import numpy as np

from sim.rules import sensing

if TYPE_CHECKING:
    from sim.clock import Clock
    from sim.picture import Pictures
    from sim.turn import TurnRecord


class AgeingState(Protocol):
    """What ageing the pictures reads and writes."""

    @property
    def clock(self) -> Clock: ...

    pictures: Pictures


def age_pictures(state: AgeingState) -> None:
    """Contacts lose confidence with time, and old ones are dropped."""
    for picture in state.pictures:
        picture.age(state.clock.turn)


def run(state: sensing.SensingState, turn: TurnRecord) -> None:
    """Each side's observers look; units in contact, and units that fought, know it."""
    height = state.rules.air.ground_observer_height_m
    for side in state.sides.ids:
        observers = [u for u in state.forces.units(side) if u.unit_type.sensor_range_km > 0]
        if not observers:
            continue
        points = sensing.ground_points(state.terrain, observers, height)
        ranges = np.array([u.unit_type.sensor_range_km for u in observers])
        found = sensing.eo_sees_ground(
            state,
            turn,
            [u.uid for u in observers],
            [side] * len(observers),
            points,
            ranges,
            slant=False,
        )
        sensing.report(state, side, found, "ground")
    _contact(state)
    forces = state.forces
    for fight in turn.fights:
        attackers = [a.uid for a in fight.attackers if a in forces]
        defenders = [d.uid for d in fight.defenders if d in forces]
        if attackers and defenders:
            sensing.report(state, fight.attacker_side, {"combat": defenders}, "ground")
            sensing.report(state, fight.defender_side, {"combat": attackers}, "ground")


def _contact(state: sensing.SensingState) -> None:
    """Enemies next to a side's units are in its picture."""
    neighbours = state.terrain.neighbours
    occupancy = state.forces.occupancy
    for side in state.sides.ids:
        own = np.append(occupancy.own_present(side), False)
        touching = own[neighbours].any(axis=1)
        enemies = set(state.sides.enemies_of(side))
        found = [
            u.uid
            for u in state.forces.units()
            if u.side in enemies and touching[state.terrain.index(u.hex)]
        ]
        if found:
            sensing.report(state, side, {"contact": found}, "ground")
