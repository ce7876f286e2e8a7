"""WargameModel: the turn loop, a pure function of (scenario, overrides, seed).

One call to :meth:`WargameModel.step` plays one turn:

1. scripted events due this turn (reinforcements, roadblocks, supply, weather, messages),
   and every side's picture ages;
2. orders: each AI side submits its orders; human sides have submitted theirs before the call;
3. the air war (sorties, jamming, detection, air defence, strikes), 4. missile fires,
5. movement, 6. ground combat, 7. morale, 8. supply, 9. what each side's observers saw,
10. objectives change hands, 11. victory check (and the time limit or a scripted end),
12. data collection.

Front ends and tests drive the model through :meth:`submit` and :meth:`step` only.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import mesa
import numpy as np

from sim import metrics
from sim.ai.baseline import BaselineAI
from sim.air_stats import AirStats
from sim.events import EmconChanged, Event, EventLog, GameStarted, OrderRejected, UnitEliminated
from sim.order_checks import check_order
from sim.orders import Defend, DigIn, Emcon, Move, Order, Sortie, Strike, Verdict, order_to_dict
from sim.picture import Contact, Picture
from sim.rules import (
    air_ops,
    combat,
    fires,
    morale,
    movement,
    objectives,
    observation,
    scripted,
    supply,
)
from sim.rules.objectives import ObjectiveState, Outcome
from sim.rules.power import PowerRatings
from sim.scenario.loader import load_scenario
from sim.scenario.scenario import Scenario
from sim.scenario.schema import ScriptedEvent, UnitSpec
from sim.terrain.data import Hex
from sim.terrain.terrain import Terrain
from sim.units.air import AirBase, AirTrack, hex_km
from sim.units.ground import GroundUnit
from sim.units.systems import Systems

FOREVER = 10**9
"""A turn no game reaches: restricted areas are closed for the whole game."""


@dataclass
class SideLosses:
    """What a side has lost so far, by cause."""

    personnel: int = 0
    captured: int = 0
    dispersed: int = 0
    """People of units that broke up (disbanded, or scattered in a surrender): out of the
    fight, not casualties."""
    units_eliminated: int = 0
    equipment: dict[str, int] = field(default_factory=dict)

    def add_equipment(self, losses: Mapping[str, int]) -> None:
        for key, n in losses.items():
            if n:
                self.equipment[key] = self.equipment.get(key, 0) + n


class WargameModel(mesa.Model):
    """A scenario in play.

    Args:
        scenario: a scenario file, or a :class:`Scenario` already loaded.
        seed: seeds the model's numpy ``Generator``, the only source of randomness.
        overrides: ``{"dotted.key": value}`` applied to the scenario file before validation
            (only with a path; see :mod:`sim.scenario.overrides`).
        human_sides: sides whose orders come from outside; the AI plays the others.
    """

    def __init__(
        self,
        scenario: str | Path | Scenario,
        seed: int | None = None,
        overrides: Mapping[str, Any] | None = None,
        human_sides: Iterable[str] = (),
    ):
        if not isinstance(scenario, Scenario):
            scenario = load_scenario(scenario, overrides)
        elif overrides:
            raise ValueError("overrides are applied when loading: pass the scenario's path")
        super().__init__(seed=seed)
        self.scenario = scenario
        self.seed = seed
        self.catalog = scenario.catalog
        self.rules = scenario.catalog.rules
        self.turn = 0
        self._in_step = False
        self.events = EventLog()
        self.terrain = Terrain(scenario.terrain, self.catalog, self.random)
        self.ratings = PowerRatings(self.catalog)
        self.systems = Systems(self.catalog)

        self.side_ids: tuple[str, ...] = tuple(scenario.spec.sides)
        self.side_index = {side: i for i, side in enumerate(self.side_ids)}
        self.neutral_sides = frozenset(s for s, spec in scenario.spec.sides.items() if spec.neutral)
        self.hostile = np.array(
            [
                [
                    a != b and a not in self.neutral_sides and b not in self.neutral_sides
                    for b in self.side_ids
                ]
                for a in self.side_ids
            ]
        )
        """``hostile[i, j]``: sides i and j fight each other (neutral sides fight no one)."""
        self._enemy_indices = {
            side: [self.side_index[s] for s in self.enemies_of(side)] for side in self.side_ids
        }
        shape = (len(self.side_ids), self.terrain.size)
        self.occupancy = np.zeros(shape, dtype=np.int32)
        self.zoc_sources = np.zeros(shape, dtype=np.int32)
        self.stack_points = np.zeros(shape)
        self._occupancy_version = 0
        self._obstacle_cache: dict[str, tuple[tuple, np.ndarray]] = {}
        self._known_cache: dict[str, tuple] = {}

        self._units: dict[str, GroundUnit] = {}
        self.losses = {side: SideLosses() for side in self.side_ids}
        self.committed_personnel = dict.fromkeys(self.side_ids, 0)
        self.supply_sources = {
            side: {scenario.hex_of(p): True for p in spec.supply_sources}
            for side, spec in scenario.spec.sides.items()
        }
        self.blocks: list[scripted.ActiveBlock] = [
            scripted.ActiveBlock(area.name, area.indices, area.sides, until_turn=FOREVER)
            for area in scenario.terrain.restricted
        ]
        self.pending_reinforcements: list[UnitSpec] = []
        self.injected_events: list[ScriptedEvent] = []
        """Events an instructor injected during the game (sim.game.instructor)."""
        self.objectives = [
            ObjectiveState(
                o.id,
                scenario.spec.places[o.place].name,
                scenario.place_hexes[o.place],
                o.points,
                o.owner,
            )
            for o in scenario.spec.objectives
        ]
        self.outcome: Outcome | None = None
        self.engagements: list[combat.Engagement] = []
        self.victory = objectives.VictoryTracker(scenario.spec.victory)
        air = self.rules.air
        self.pictures = {
            side: Picture(
                side, air.contact_half_life_h, air.contact_drop_after_h, scenario.spec.turn_length_h
            )
            for side in self.side_ids
        }
        self.air_stats = {side: AirStats() for side in self.side_ids}
        self.bases = {
            b.id: AirBase(
                b.id,
                b.name,
                b.side,
                scenario.hex_of(b.at),
                hex_km(scenario.hex_of(b.at), self.terrain.hex_size_km),
                b.offmap_distance_km,
                dict(b.aircraft),
                dict(b.munitions),
            )
            for b in scenario.spec.air_bases
        }
        self.tracks: dict[str, AirTrack] = {}
        self.track_serials: Counter[str] = Counter()
        self.pending_sorties: list[Sortie] = []
        self.pending_strikes: list[Strike] = []
        self.weather: list[scripted.ActiveWeather] = []

        for spec in scenario.spec.units:
            self.add_unit(spec)
        self.start_power = {side: self.side_power(side) for side in self.side_ids}
        self.start_radar_air_defence = {
            side: sum(
                n
                for u in self.units(side)
                for k, n in u.equipment.items()
                if self.systems.is_radar_air_defence(k)
            )
            for side in self.side_ids
        }
        self.supply_fields = {side: supply.trace(self, side) for side in self.side_ids}
        limit = self.rules.supply.trace_range_h
        for unit in self.units():
            unit.in_supply = bool(
                self.supply_fields[unit.side][self.terrain.index(unit.hex)] <= limit
            )
        humans = set(human_sides)
        if humans - set(self.side_ids):
            raise ValueError(
                f"no side(s) {', '.join(sorted(humans - set(self.side_ids)))} in "
                f"this scenario; its sides are {', '.join(self.side_ids)}"
            )
        self.controllers: dict[str, BaselineAI | None] = {
            side: None if side in humans or side in self.neutral_sides else BaselineAI(self, side)
            for side in self.side_ids
        }
        self.datacollector = mesa.DataCollector(model_reporters=self._reporters())
        self.record(GameStarted, title=scenario.spec.title, seed=seed)
        observation.run(self)
        scripted.check_end_before(self, turn=1)

    # --- time and the event log -------------------------------------------------------------

    @property
    def time(self) -> dt.datetime:
        """Start of the current turn (of turn 1 before the first step)."""
        return self.scenario.turn_start(max(self.turn, 1))

    @property
    def last_turn(self) -> int:
        return self.scenario.spec.turns

    def record(self, kind: type[Event], **fields: Any) -> None:
        """Append an event stamped with the current turn and time."""
        self.events.append(kind(turn=self.turn, time=self.time.isoformat(), **fields))

    # --- units and where they stand ---------------------------------------------------------

    def add_unit(self, spec: UnitSpec) -> GroundUnit:
        unit = GroundUnit(
            self, spec, self.catalog.unit_types[spec.type], self.scenario.hex_of(spec.at)
        )
        self._units[unit.uid] = unit
        self.committed_personnel[unit.side] += unit.personnel
        return unit

    def unit(self, uid: str) -> GroundUnit | None:
        """The unit in play with this id, or None."""
        return self._units.get(uid)

    def units(self, side: str | None = None) -> list[GroundUnit]:
        """Units in play (of one side), in the order they entered the game."""
        return [u for u in self._units.values() if side is None or u.side == side]

    def place_unit(self, unit: GroundUnit, hex_: Hex) -> None:
        """Put a unit on a hex (or move it there), keeping occupancy counts in step."""
        s = self.side_index[unit.side]
        if unit.cell is not None:
            self._count(unit, s, self.terrain.index(unit.hex), -1)
        unit.cell = self.terrain.cell(hex_)
        self._count(unit, s, self.terrain.index(hex_), +1)

    def set_status(self, unit: GroundUnit, status: str) -> None:
        """Routed units exert no zone of control; keep that count right."""
        if status == unit.status:
            return
        index = self.terrain.index(unit.hex)
        self.zoc_sources[self.side_index[unit.side], index] += 1 if status == "active" else -1
        unit.status = status
        self._occupancy_version += 1

    def _count(self, unit: GroundUnit, side: int, index: int, sign: int) -> None:
        self.occupancy[side, index] += sign
        self.stack_points[side, index] += sign * unit.stacking_points
        if unit.status == "active":
            self.zoc_sources[side, index] += sign
        self._occupancy_version += 1

    def eliminate(self, unit: GroundUnit, cause: str, captured_share: float) -> None:
        """Take a unit out of the game. In a surrender (``captured_share`` > 0) that share of
        its people is taken and all its equipment is lost; everyone else scatters."""
        losses = self.losses[unit.side]
        losses.units_eliminated += 1
        captured = int(self.rng.binomial(unit.personnel, captured_share)) if captured_share else 0
        losses.captured += captured
        losses.dispersed += unit.personnel - captured
        if captured_share:
            losses.add_equipment(unit.equipment)
        self.record(
            UnitEliminated,
            side=unit.side,
            hex=unit.hex,
            unit=unit.uid,
            cause=cause,
            personnel=unit.personnel,
            captured=captured,
            equipment={k: n for k, n in unit.equipment.items() if n},
        )
        self._count(unit, self.side_index[unit.side], self.terrain.index(unit.hex), -1)
        del self._units[unit.uid]
        unit.remove()

    def enemies_of(self, side: str) -> list[str]:
        return [s for s in self.side_ids if self.hostile[self.side_index[side], self.side_index[s]]]

    def neutral_at(self, index: int) -> bool:
        """Does a neutral unit (a peacekeeper) stand in this hex?"""
        return any(self.occupancy[self.side_index[s], index] for s in self.neutral_sides)

    def neutral_present(self) -> np.ndarray:
        """Flat mask of hexes held by neutral units: no side may enter or fire on them."""
        indices = [self.side_index[s] for s in self.neutral_sides]
        return self.occupancy[indices].sum(axis=0) > 0

    def enemy_indices(self, side: str) -> list[int]:
        return self._enemy_indices[side]

    def enemy_units_at(self, side: str, hex_: Hex) -> list[GroundUnit]:
        enemies = set(self.enemies_of(side))
        return [
            a
            for a in self.terrain.cell(hex_).agents
            if isinstance(a, GroundUnit) and a.side in enemies
        ]

    def friendly_units_at(self, side: str, hex_: Hex) -> list[GroundUnit]:
        return [
            a
            for a in self.terrain.cell(hex_).agents
            if isinstance(a, GroundUnit) and a.side == side
        ]

    def enemy_present(self, side: str) -> np.ndarray:
        """Flat mask of hexes holding enemy units."""
        return self.occupancy[self.enemy_indices(side)].sum(axis=0) > 0

    def enemy_zoc(self, side: str) -> np.ndarray:
        """Flat mask of hexes next to an enemy unit that exerts a zone of control."""
        exerting = self.zoc_sources[self.enemy_indices(side)].sum(axis=0) > 0
        padded = np.append(exerting, False)
        return padded[self.terrain.neighbours].any(axis=1)

    def in_enemy_zoc(self, side: str, index: int) -> bool:
        """Live check for one hex, as units move."""
        sources = self.zoc_sources
        return any(
            sources[e, n]
            for e in self.enemy_indices(side)
            for n in self.terrain.neighbour_lists[index]
        )

    def enemy_at(self, side: str, index: int) -> bool:
        """Live check: does an enemy unit stand in this hex?"""
        return any(self.occupancy[e, index] for e in self.enemy_indices(side))

    def closed_to(self, side: str, index: int) -> bool:
        """Live check: can a unit of ``side`` not enter this hex (enemy-held or blocked)?"""
        if self.enemy_at(side, index) or self.neutral_at(index):
            return True
        return any(block.applies_to(side) and index in block.indices for block in self.blocks)

    def blocked_for(self, side: str) -> np.ndarray:
        """Flat mask of hexes closed to this side by scripted events (roadblocks)."""
        mask = np.zeros(self.terrain.size, dtype=bool)
        for block in self.blocks:
            if block.applies_to(side):
                mask[sorted(block.indices)] = True
        return mask

    def movement_obstacles(self, side: str) -> np.ndarray:
        """Hexes a unit of ``side`` cannot enter: held by the enemy or closed to it."""
        key = (self._occupancy_version, tuple((b.name, b.until_turn) for b in self.blocks))
        cached = self._obstacle_cache.get(side)
        if cached is None or cached[0] != key:
            cached = (
                key,
                self.enemy_present(side) | self.neutral_present() | self.blocked_for(side),
            )
            self._obstacle_cache[side] = cached
        return cached[1]

    @property
    def current_turn(self) -> int:
        """The turn being played, or, between steps, the turn orders are being given for."""
        return self.turn if self._in_step else self.turn + 1

    def known_enemies(self, side: str) -> list[Contact]:
        """Ground and emitter contacts of ``side`` recent enough to attack, strike or avoid."""
        return self._known(side)[0]

    def current_contacts_at(self, side: str, hex_: Hex) -> list[Contact]:
        """Known enemies of ``side`` at a hex: what an attack or a strike may be aimed at."""
        return self._known(side)[1].get(hex_, [])

    def _known(self, side: str) -> tuple[list[Contact], dict[Hex, list[Contact]]]:
        picture = self.pictures[side]
        key = (self.current_turn, picture.version)
        cached = self._known_cache.get(side)
        if cached is None or cached[0] != key:
            max_age = self.rules.air.strike_contact_max_age_h
            contacts = [c for c in picture.current(self.current_turn, max_age) if c.kind != "air"]
            by_hex: dict[Hex, list[Contact]] = {}
            for contact in contacts:
                by_hex.setdefault(contact.hex, []).append(contact)
            cached = (key, contacts, by_hex)
            self._known_cache[side] = cached
        return cached[1], cached[2]

    def known_obstacles(self, side: str) -> np.ndarray:
        """Hexes ``side`` believes it cannot enter: known enemy positions and closed hexes."""
        mask = self.blocked_for(side) | self.neutral_present()
        for contact in self.known_enemies(side):
            mask[self.terrain.index(contact.hex)] = True
        return mask

    def side_power(self, side: str) -> float:
        return float(sum(self.ratings.power(u) for u in self.units(side)))

    # --- orders -----------------------------------------------------------------------------

    def submit(self, side: str, order: Order | object) -> Verdict:
        """Give an order to one of ``side``'s units; a bad order is rejected, never raised."""
        reason, checked = check_order(self, side, order)
        if reason is not None:
            unit = getattr(order, "unit", None)
            as_data = order_to_dict(order) if isinstance(order, Order) else {"repr": repr(order)}
            hex_ = self._units[unit].hex if isinstance(unit, str) and unit in self._units else None
            self.record(
                OrderRejected,
                side=side if side in self.side_index else None,
                hex=hex_,
                unit=unit if isinstance(unit, str) else None,
                order=as_data,
                reason=reason,
            )
            return Verdict(False, reason)
        if isinstance(checked, Sortie):
            self.bases[checked.base].ready[checked.aircraft] -= checked.count
            self.pending_sorties.append(checked)
            return Verdict(True)
        unit = self._units[checked.unit]
        if isinstance(checked, Emcon):
            if unit.emitting != checked.emit:
                unit.emitting = checked.emit
                self.record(
                    EmconChanged, side=side, hex=unit.hex, unit=unit.uid, emitting=checked.emit
                )
            return Verdict(True)
        if isinstance(checked, Strike):
            unit.stores[checked.munition] -= checked.rounds
            self.pending_strikes.append(checked)
            return Verdict(True)
        route = list(checked.via) if isinstance(checked, Move) else []
        if not route or not unit.route or route[0] != unit.route[0]:
            unit.move_progress_h = 0.0
        unit.order, unit.route = checked, route
        if isinstance(checked, Defend | DigIn):
            unit.posture = "defend" if isinstance(checked, Defend) else "dig_in"
            unit.order = None
        return Verdict(True)

    # --- the turn ---------------------------------------------------------------------------

    def step(self) -> None:
        """Play one turn."""
        if self.outcome is not None:
            return
        self.turn += 1
        self._in_step = True
        for unit in self.units():
            unit.start_turn()
        scripted.fire_due(self)
        observation.age_pictures(self)
        for controller in self.controllers.values():
            if controller is not None:
                controller.give_orders()
        air_ops.run(self)
        fires.run(self)
        movement.run(self)
        self.engagements = combat.run(self)
        morale.run(self)
        supply.run(self)
        observation.run(self)
        objectives.update_control(self)
        objectives.check_victory(self)
        if self.outcome is None:
            scripted.check_end_before(self, turn=self.turn + 1)
        self.datacollector.collect(self)
        self._in_step = False

    def run(self, max_turns: int | None = None) -> Outcome:
        """Play until the game ends (or ``max_turns`` more turns); return the outcome so far."""
        played = 0
        while self.running and (max_turns is None or played < max_turns):
            self.step()
            played += 1
        return self.outcome

    def release(self) -> None:
        """Let the garbage collector have this finished game.

        Mesa 3.3 keeps every model reachable for the life of the process: ``Agent._ids`` maps
        each model to its id counter, and each grid's cell class is registered with ``copyreg``
        (mesa issue 3179, fixed after 3.3). A process that plays thousands of games, a batch
        worker, calls this after each one so that its memory stays flat. The model must not be
        stepped afterwards.
        """
        ids = getattr(mesa.Agent, "_ids", None)
        if isinstance(ids, dict):
            ids.pop(self, None)
        self.terrain.release()

    def finish(self, outcome: Outcome) -> None:
        """End the game with ``outcome``; called by the victory and scripted-event rules."""
        self.outcome = outcome
        self.running = False

    def _reporters(self) -> dict[str, Any]:
        reporters: dict[str, Any] = {"turn": "turn", "time": partial(metrics.time_of)}
        for side in self.side_ids:
            for name, fn in metrics.SIDE_METRICS.items():
                reporters[f"{side}_{name}"] = partial(fn, side=side)
        return reporters
