"""The AI's air arm and air defence, by the side's air doctrine.

Each turn, from what the side knows (its picture, never the truth):

* **EMCON**: surveillance radars and jammers stay on; the radars of SAM units stay silent until
  an enemy air track is known within ``wake_radius_km`` (``on_threat``), or are always on.
* **Shoot and scoot**: SAM units that fired last turn move a couple of hexes
  (``relocate_after_firing``), so a radar that gave itself away is not where it was found.
* **Reconnaissance**: keep ``isr_orbits`` reconnaissance sorties over the enemy: first over
  the objectives the side is after, then over where its known enemies are.
* **SEAD first** (``sead_first``): every known enemy air defence gets ``decoys_per_target``
  decoys (``decoys_ahead``) and ``loitering_per_target`` anti-radiation loitering munitions,
  and armed drones are sent after it, before anything else is struck.
* **Strikes**: armed drones fly strike sorties over the known enemies most wanted by
  ``strike_priorities``; loitering munitions hunt the same targets; at most
  ``loitering_per_turn`` loitering munitions a turn.
* **Missiles** (``missile_strikes``): missile units fire one round a turn at the most wanted
  known enemy in reach.
* **Risk** (``avoid_sam_envelopes``): reusable aircraft are not sent where known SAMs they
  cannot fly above reach; expendables are.
* **Air patrols** (``cap``): fighters go after enemy aircraft known over the side's own units.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np

from sim.ai.knowledge import AIState, Knowledge
from sim.order_table import submit
from sim.orders import Emcon, Move, Order, Sortie, Strike, Verdict
from sim.picture import Contact
from sim.terrain.geometry import Hex, hex_distance

if TYPE_CHECKING:
    from sim.scenario.air_schema import AirType, SamSpec
    from sim.scenario.schema import AirDoctrine
    from sim.units.air import AirBase
    from sim.units.ground import GroundUnit

RELOCATION_HEXES = 2
"""How far a SAM unit moves after firing: out of the hex it was found in and its neighbours."""
ALTITUDE_MARGIN_M = 500.0
"""How far above a known SAM ceiling drones climb to fly out of its reach."""
SEARCH_HEIGHT_SHARE = 0.5
"""Drones climb no higher than this share of their EO range: looking down from higher, a
sensor sweeps too little ground to search (and decoys, with no sensor, stay low on purpose)."""
FIGHTERS_PER_PATROL = 2
"""Fighters patrol in pairs, the smallest element that can cover itself."""


class AirPlanner:
    def __init__(self, side: str, state: AIState):
        self.side = side
        self.state = state
        self.sam_ceilings: set[float] = set()
        """Ceilings of every enemy SAM type identified so far: once seen, assumed anywhere."""

    @property
    def doctrine(self) -> AirDoctrine | None:
        """The side's air doctrine as the scenario now says (a what-if may change it)."""
        ai = self.state.scenario.spec.sides[self.side].ai
        return ai.air if ai is not None else None

    def give_orders(
        self, state: AIState, known: Knowledge, targets: list[Hex], fired: frozenset[str]
    ) -> None:
        """Orders for this turn; ``targets`` are the hexes the ground forces are after,
        ``fired`` the side's air-defence units that fired last turn."""
        self.state = state
        if self.doctrine is None:
            return
        self.known = known
        self.fired_last_turn = fired
        self.launched_loitering = 0
        self._learn_sam_ceilings()
        self._emcon()
        self._relocate()
        bases = state.air.bases_of(self.side)
        if bases:
            self._air_patrols(bases)
            air_defences = self._known_air_defences()
            if self.doctrine.sead_first and air_defences:
                self._suppress(bases, air_defences)
            self._strikes(bases, [c for c in self._ranked_targets() if c not in air_defences])
            self._reconnaissance(bases, targets)
        if self.doctrine.missile_strikes:
            self._missiles()

    def _submit(self, order: Order) -> Verdict:
        return submit(self.state, self.side, order)

    # --- air defence --------------------------------------------------------------------------

    def _emcon(self) -> None:
        state, doctrine = self.state, self.doctrine
        threats = [
            c
            for c in state.pictures[self.side].current(
                state.clock.current_turn, state.rules.air.contact_half_life_h
            )
            if c.kind == "air"
        ]
        cols = np.array([c.hex[0] for c in threats], dtype=np.int64)
        rows = np.array([c.hex[1] for c in threats], dtype=np.int64)
        wake = doctrine.wake_radius_km / state.terrain.hex_size_km
        for unit in state.forces.units(self.side):
            if not state.systems.emitter(unit) or unit.status != "active":
                continue
            is_sam = bool(state.systems.launchers(unit))
            if not is_sam or doctrine.emcon == "always_on":
                emit = True
            else:
                emit = bool(cols.size) and bool((hex_distance(cols, rows, *unit.hex) <= wake).any())
            if emit != unit.emitting:
                self._submit(Emcon(unit.uid, emit))

    def _relocate(self) -> None:
        if not self.doctrine.relocate_after_firing:
            return
        state = self.state
        for unit in state.forces.units(self.side):
            if unit.uid not in self.fired_last_turn or unit.status != "active":
                continue
            spot = self._new_position(unit)
            if spot is not None:
                self._submit(Move(unit.uid, spot))

    def _new_position(self, unit: GroundUnit) -> Hex | None:
        """A hex ``RELOCATION_HEXES`` away, not next to a known enemy, with room to stand."""
        state, terrain = self.state, self.state.terrain
        limit = state.rules.movement.stacking_limit_points
        occupancy = state.forces.occupancy
        ring = []
        for col in range(unit.hex[0] - RELOCATION_HEXES, unit.hex[0] + RELOCATION_HEXES + 1):
            for row in range(unit.hex[1] - RELOCATION_HEXES, unit.hex[1] + RELOCATION_HEXES + 1):
                hex_ = (col, row)
                if (
                    terrain.contains(hex_)
                    and terrain.distance(hex_, unit.hex) == RELOCATION_HEXES
                    and terrain.passable(unit.mobility, hex_)
                    and not self.known.obstacles[terrain.index(hex_)]
                    and occupancy.has_room(
                        self.side, terrain.index(hex_), unit.stacking_points, limit
                    )
                    and not any(
                        self.known.at(terrain.hex_at(n))
                        for n in terrain.neighbour_lists[terrain.index(hex_)]
                    )
                ):
                    ring.append(hex_)
        if not ring:
            return None
        return ring[int(state.rng.integers(len(ring)))]

    # --- what to strike -------------------------------------------------------------------------

    def _category_rank(self, contact: Contact) -> int:
        """Rank of a contact by the doctrine's strike priorities (unidentified ones last)."""
        priorities = self.doctrine.strike_priorities
        if contact.type_id is None:
            return len(priorities) + (0 if contact.kind == "emitter" else 1)
        unit_type = self.state.catalog.unit_types[contact.type_id]
        categories = {self.state.catalog.equipment[k].category for k in unit_type.equipment}
        ranks = [priorities.index(c) for c in categories if c in priorities]
        return min(ranks) if ranks else len(priorities)

    def _ranked_targets(self) -> list[Contact]:
        ranked = [
            c
            for c in self.known.contacts
            if self._category_rank(c) < len(self.doctrine.strike_priorities)
        ]
        return sorted(ranked, key=lambda c: (self._category_rank(c), c.last_seen * -1, c.target))

    def _known_air_defences(self) -> list[Contact]:
        """Known enemy air defences: identified as such, or emitting radars."""
        found = [
            c for c in self.known.contacts if c.kind == "emitter" or c.category == "air_defence"
        ]
        return sorted(found, key=lambda c: (c.kind != "emitter", c.target))

    # --- sorties --------------------------------------------------------------------------------

    def _ready(
        self, bases: list[AirBase], roles: tuple[str, ...], seeker: bool = False
    ) -> list[tuple[AirBase, str]]:
        """(base, air type) pairs with airframes ready, in a fixed order."""
        found = []
        for base in bases:
            for type_id, n in sorted(base.ready.items()):
                air_type = self.state.catalog.air_types[type_id]
                if n > 0 and air_type.role in roles and (not seeker or air_type.elint_range_km > 0):
                    found.append((base, type_id))
        return found

    def _fly(self, base: AirBase, type_id: str, target: Hex, mission: str, count: int) -> int:
        """Order a sortie of up to ``count``; return how many took off."""
        count = min(count, base.ready.get(type_id, 0))
        air_type = self.state.catalog.air_types[type_id]
        armed = (air_type.role == "ucav" and mission in ("strike", "sead")) or mission == "cap"
        if armed and not any(base.munitions.get(m, 0) for m in air_type.weapons):
            return 0
        loitering = air_type.role == "loitering"
        if loitering:
            count = min(count, self.doctrine.loitering_per_turn - self.launched_loitering)
        if count <= 0:
            return 0
        altitude = self._altitude(type_id, target)
        if self._too_dangerous(air_type, target, altitude):
            return 0
        order = Sortie(base.id, type_id, target, mission, count, altitude)
        verdict = self._submit(order)
        if not verdict.accepted:
            return 0
        if loitering:
            self.launched_loitering += count
        return count

    def _too_dangerous(self, air_type: AirType, target: Hex, altitude_m: float) -> bool:
        """Reusable aircraft stay out of the reach of the known SAMs they cannot fly above
        (``avoid_sam_envelopes``). Only the target's surroundings count, not the way there."""
        if not self.doctrine.avoid_sam_envelopes or air_type.one_way or air_type.role == "decoy":
            return False
        terrain = self.state.terrain
        return any(
            sam.max_altitude_m >= altitude_m
            and terrain.distance(hex_, target) * terrain.hex_size_km <= sam.max_range_km
            for hex_, sam in self._known_sams()
        )

    def _learn_sam_ceilings(self) -> None:
        self.sam_ceilings.update(sam.max_altitude_m for _, sam in self._known_sams())

    def _known_sams(self) -> Iterator[tuple[Hex, SamSpec]]:
        """(where, what) of every SAM system among the identified enemy contacts."""
        catalog = self.state.catalog
        for contact in self.known.contacts:
            if contact.type_id is None:
                continue
            for key in catalog.unit_types[contact.type_id].equipment:
                sam = catalog.equipment[key].sam
                if sam is not None:
                    yield contact.hex, sam

    def _altitude(self, type_id: str, target: Hex) -> float:
        """Cruise height, or higher: above the ceiling of every enemy SAM type seen so far
        that the aircraft can climb over (what TB2s did over Karabakh). SAMs that reach higher
        are left to suppression."""
        air_type = self.state.catalog.air_types[type_id]
        highest = min(air_type.ceiling_m, air_type.eo_range_km * 1000.0 * SEARCH_HEIGHT_SHARE)
        clearable = [
            c + ALTITUDE_MARGIN_M for c in self.sam_ceilings if c + ALTITUDE_MARGIN_M <= highest
        ]
        return max([air_type.cruise_altitude_m, *clearable])

    def _suppress(self, bases: list[AirBase], air_defences: list[Contact]) -> None:
        """Radars get decoys and anti-radiation munitions; infrared systems, armed drones
        (which fly above them) and EO loitering munitions. Everything known gets a drone."""
        for contact in air_defences:
            mission = "sead" if self._has_radar(contact) else "strike"
            if mission == "sead" and self.doctrine.decoys_ahead:
                self._send(bases, ("decoy",), contact.hex, "decoy", self.doctrine.decoys_per_target)
            self._send(
                bases,
                ("loitering",),
                contact.hex,
                mission,
                self.doctrine.loitering_per_target,
                seeker=mission == "sead",
            )
            self._send(bases, ("ucav",), contact.hex, "strike", 1)

    def _has_radar(self, contact: Contact) -> bool:
        """An emitter, or a type known to carry radars or jammers."""
        if contact.kind == "emitter":
            return True
        if contact.type_id is None:
            return False
        catalog = self.state.catalog
        return any(
            catalog.equipment[k].radar is not None or catalog.equipment[k].jammer is not None
            for k in catalog.unit_types[contact.type_id].equipment
        )

    def _send(
        self,
        bases: list[AirBase],
        roles: tuple[str, ...],
        target: Hex,
        mission: str,
        count: int,
        seeker: bool = False,
    ) -> int:
        sent = 0
        for base, type_id in self._ready(bases, roles, seeker):
            if sent >= count:
                break
            sent += self._fly(base, type_id, target, mission, count - sent)
        return sent

    def _strikes(self, bases: list[AirBase], targets: list[Contact]) -> None:
        busy = {
            t.station
            for t in self.state.air.tracks.values()
            if t.side == self.side and t.mission == "strike"
        }
        for contact in targets:
            if contact.hex in busy:
                continue
            sent = self._send(bases, ("ucav",), contact.hex, "strike", 1)
            sent += self._send(
                bases, ("loitering",), contact.hex, "strike", self.doctrine.loitering_per_target
            )
            if sent:
                busy.add(contact.hex)

    def _reconnaissance(self, bases: list[AirBase], targets: list[Hex]) -> None:
        state = self.state
        flying = [
            t
            for t in state.air.tracks.values()
            if t.side == self.side and t.mission == "isr" and not t.spent
        ]
        wanted = self.doctrine.isr_orbits - len(flying)
        if wanted <= 0:
            return
        covered = [(t.station, t.air_type.eo_range_km) for t in flying]
        areas = list(targets) + [c.hex for c in self.known.contacts]
        hex_size = state.terrain.hex_size_km
        for area in areas:
            if wanted <= 0:
                break
            if any(state.terrain.distance(area, c) * hex_size <= reach for c, reach in covered):
                continue
            if self._send(bases, ("isr",), area, "isr", 1) or self._send(
                bases, ("ucav",), area, "isr", 1
            ):
                covered.append((area, 0.0))
                wanted -= 1

    def _air_patrols(self, bases: list[AirBase]) -> None:
        if not self.doctrine.cap:
            return
        state = self.state
        ours = state.forces.units(self.side)
        intruders = [
            c
            for c in state.pictures[self.side].current(state.clock.current_turn, 0.0)
            if c.kind == "air"
        ]
        patrolling = {
            t.station
            for t in state.air.tracks.values()
            if t.side == self.side and t.mission == "cap"
        }
        near = self.doctrine.wake_radius_km / state.terrain.hex_size_km
        for contact in intruders:
            over_ours = any(state.terrain.distance(u.hex, contact.hex) <= near for u in ours)
            covered = any(state.terrain.distance(p, contact.hex) <= near for p in patrolling)
            if (
                over_ours
                and not covered
                and self._send(bases, ("fighter",), contact.hex, "cap", FIGHTERS_PER_PATROL)
            ):
                patrolling.add(contact.hex)

    # --- missiles -------------------------------------------------------------------------------

    def _missiles(self) -> None:
        state = self.state
        targets = self._known_air_defences() + self._ranked_targets()
        for unit in state.forces.units(self.side):
            if unit.status != "active" or not state.systems.can_launch_missiles(unit):
                continue
            for munition_id, stock in sorted(unit.stores.items()):
                munition = state.catalog.munitions[munition_id]
                if stock <= 0 or munition.kind != "missile":
                    continue
                reach = munition.range_km / state.terrain.hex_size_km
                for contact in targets:
                    if state.terrain.distance(unit.hex, contact.hex) <= reach:
                        self._submit(Strike(unit.uid, contact.hex, munition_id, 1))
                        break
                break
