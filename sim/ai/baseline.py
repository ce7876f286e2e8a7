"""The baseline AI: every side can be played by it, so every scenario runs headless to its end.

Each turn, for its side, it

1. keeps units the scenario marks ``hold`` in their positions, digging in, and ``garrison``
   units on every objective the side holds (they dig in there);
2. pulls cut-off units short of supply back toward their sources;
3. keeps artillery behind the line, within reach of the fight but out of contact;
4. with the ``attack`` doctrine, sends the rest along their ``axis`` (the scenario's plan: the
   objectives not yet held and the waypoints not yet passed, in order), or else toward the
   enemy objective they reach soonest.
   An enemy-held hex in the way becomes the point of concentration: units gather on the free
   hexes next to it and attack together once their force ratio (with the artillery in reach)
   reaches ``attack_odds``;
5. with the ``defend`` doctrine (or nothing left to take), moves the rest toward the objective
   most threatened by enemies within ``threat_radius_km``, counter-attacking at ``attack_odds``;
6. gives the artillery its fire missions: first the attacks it was counted in, then the enemy
   in contact with its own side (and, attacking, any enemy in reach); guns left idle fire in
   defence of whatever fight comes within reach.

It plans with travel-time fields (one Dijkstra per goal and mobility class, cached), so the work
grows with the number of units, not their square. It knows its enemies only by its side's
picture (:class:`~sim.ai.knowledge.AIState`), and gives orders through the same door as a player,
:func:`sim.order_table.submit`.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Protocol

import numpy as np

from sim.ai.air import AirPlanner
from sim.ai.knowledge import AIState, Knowledge
from sim.ai.routes import RoutePlanner
from sim.order_table import submit
from sim.orders import Attack, Defend, DigIn, Move, Order
from sim.rules.combat import supported
from sim.terrain.geometry import Hex, hex_distance

if TYPE_CHECKING:
    from sim.rules.objectives import ObjectiveState
    from sim.scenario.schema import AIConfig
    from sim.turn import TurnRecord
    from sim.units.ground import GroundUnit


WAYPOINT_REACHED = 1
"""A unit has passed a waypoint of its axis once it has come this many hexes from it."""
GARRISON_WINDOW = 4
"""Hexes beyond the nearest unit within which the weakest is picked to garrison an objective."""
GUN_CONTACT_MARGIN = 2
"""Guns moving up stop short of hexes this close to a known enemy: out of direct fire."""


class BaselineAI:
    """The AI of one side, and what it remembers from turn to turn (its route fields, the
    waypoints its units have passed, the enemy SAM ceilings it has learnt)."""

    def __init__(self, side: str, state: AIState):
        self.side = side
        self.state = state
        """The game as the AI last read it (each turn's orders are given from the state then)."""
        self.routes = RoutePlanner(side)
        self.air = AirPlanner(side, state)
        self.passed: dict[str, set[str]] = {}
        """Waypoints (places) of its axis each unit has passed."""

    @property
    def config(self) -> AIConfig:
        """The side's AI doctrine as the scenario now says (a what-if may change it)."""
        return self.state.scenario.spec.sides[self.side].ai

    def give_orders(self, state: AIState, fired_last_turn: frozenset[str]) -> None:
        """This turn's orders for every unit and air base of the side (``fired_last_turn``:
        its air-defence units that fired in the turn before, for shoot and scoot)."""
        self.state = state
        self.known = Knowledge(state, self.side)
        self.routes.new_turn(state, self.known)
        units = [
            u
            for u in state.forces.units(self.side)
            if u.status == "active" and not self._is_air_asset(u)
        ]
        self._odds: dict[Hex, float] = {}
        self._commitments: dict[Hex, list[GroundUnit]] = {}
        self._guns = [u for u in units if self._is_artillery(u)]
        self._gun_table = self._positions(self._guns)
        self._gun_reach = np.array(
            [self.state.ratings.support(g)[1] / state.terrain.hex_size_km for g in self._guns]
        )
        self._gun_free = np.ones(len(self._guns), dtype=bool)
        self._enemy_table = self.known.hexes
        targets = [o for o in state.objectives if o.owner != self.side]
        attacking = self.config.doctrine == "attack" and bool(targets)
        focus = None if attacking else self._most_threatened()
        holding = [u for u in units if u.hold and not self._is_artillery(u)]
        for unit in holding:
            self._hold(unit, dig=True)
        free = self._post_garrisons([u for u in units if not u.hold or u in self._guns], holding)
        free = self._withdraw_unsupplied(free)
        free = self._position_artillery(free, targets if attacking else [], focus)
        if attacking:
            for unit in free:
                self._advance(unit, self._goal(unit, targets))
        else:
            self._defend(free, focus)
        self._fire_missions()
        aims = [o.hex for o in targets] if attacking else ([focus.hex] if focus else [])
        self.air.give_orders(state, self.known, aims, fired_last_turn)

    # --- small helpers ----------------------------------------------------------------------

    def _submit(self, order: Order) -> None:
        submit(self.state, self.side, order)

    def _move_along(self, unit: GroundUnit, path: list[Hex]) -> bool:
        if len(path) < 2:
            return False
        self._submit(Move(unit.uid, path[-1], tuple(path[1:])))
        return True

    def _hold(self, unit: GroundUnit, dig: bool) -> None:
        """Stop where it stands; dig in if asked (an entrenched unit never stops digging)."""
        if dig and unit.posture != "dig_in":
            self._submit(DigIn(unit.uid))
        elif not dig and unit.posture not in ("defend", "dig_in"):
            self._submit(Defend(unit.uid))
        elif unit.order is not None:
            self._submit(DigIn(unit.uid) if unit.posture == "dig_in" else Defend(unit.uid))

    def _is_air_asset(self, unit: GroundUnit) -> bool:
        """Air defence, radars, jammers, ELINT and missile units: the air planner moves them."""
        systems = self.state.systems
        return (
            unit.unit_type.role == "air_defence"
            or systems.emitter(unit)
            or systems.can_launch_missiles(unit)
            or systems.elint_range_km(unit) > 0
        )

    def _is_artillery(self, unit: GroundUnit) -> bool:
        support, _ = self.state.ratings.support(unit)
        return unit.unit_type.role == "artillery" and support > 0

    # --- garrisons, supply, artillery -------------------------------------------------------

    def _post_garrisons(
        self, units: list[GroundUnit], holding: list[GroundUnit]
    ) -> list[GroundUnit]:
        """Station units on each held objective (units holding there count): those already
        there, else the weakest within ``GARRISON_WINDOW`` hexes of the nearest, so the strong
        go on with the advance. Return the others."""
        if self.config.garrison == 0:
            return units
        already = Counter(unit.hex for unit in holding)
        cols = np.array([u.hex[0] for u in units])
        rows = np.array([u.hex[1] for u in units])
        taken = np.array([self._is_artillery(u) for u in units])
        power = [self.state.ratings.power(u) for u in units]
        held = sorted(
            (o for o in self.state.objectives if o.owner == self.side),
            key=lambda o: (-o.points, o.id),
        )
        assigned = np.zeros(len(units), dtype=bool)
        for objective in held:
            distance = hex_distance(cols, rows, *objective.hex).astype(float)
            distance[taken | assigned] = np.inf
            needed = max(0, self.config.garrison - already.get(objective.hex, 0))
            candidates = np.flatnonzero(np.isfinite(distance))
            if not needed or not candidates.size:
                continue
            window = distance[candidates].min() + GARRISON_WINDOW
            ranked = sorted(
                candidates,
                key=lambda i: (distance[i] > 0, distance[i] > window, power[i], distance[i], i),
            )
            for i in ranked[:needed]:
                assigned[i] = True
                self._garrison(units[i], objective)
        return [u for u, a in zip(units, assigned, strict=True) if not a]

    def _garrison(self, unit: GroundUnit, objective: ObjectiveState) -> None:
        if unit.hex == objective.hex:
            self._hold(unit, dig=True)
            return
        path, _ = self.routes.toward(unit, objective.hex)
        if not self._move_along(unit, path):
            self._hold(unit, dig=False)

    def _withdraw_unsupplied(self, units: list[GroundUnit]) -> list[GroundUnit]:
        remaining = []
        for unit in units:
            if unit.in_supply or unit.supply >= self.config.withdraw_below_supply:
                remaining.append(unit)
            elif not self._move_along(unit, self.routes.toward_supply(unit)):
                self._hold(unit, dig=True)
        return remaining

    def _position_artillery(
        self,
        units: list[GroundUnit],
        targets: list[ObjectiveState],
        focus: ObjectiveState | None,
    ) -> list[GroundUnit]:
        """Artillery follows the advance (or goes to the threatened objective) until that goal is
        within ``artillery_standoff`` of its reach, and keeps out of contact on the way."""
        cols, rows = self._enemy_table
        if cols.size == 0:
            return units
        hex_km = self.state.terrain.hex_size_km
        remaining = []
        for unit in units:
            if not self._is_artillery(unit):
                remaining.append(unit)
                continue
            _, reach_km = self.state.ratings.support(unit)
            standoff = max(2, int(self.config.artillery_standoff * reach_km / hex_km))
            nearest = int(hex_distance(cols, rows, *unit.hex).min())
            goal = self._goal(unit, targets) if targets else (focus.hex if focus else None)
            if nearest <= 1:
                if not self._move_along(unit, self.routes.toward_supply(unit)):
                    self._hold(unit, dig=False)
            elif goal is None or self.state.terrain.distance(unit.hex, goal) <= standoff:
                self._hold(unit, dig=False)
            else:
                path, _ = self.routes.toward(unit, goal)
                steps = np.array(path)
                enemy = hex_distance(cols, rows, steps[:, :1], steps[:, 1:]).min(axis=1)
                to_goal = hex_distance(steps[:, 0], steps[:, 1], *goal)
                close = np.flatnonzero((enemy <= GUN_CONTACT_MARGIN) | (to_goal <= standoff))
                stop = int(close[0]) + 1 if close.size else len(path)
                if enemy[stop - 1] <= GUN_CONTACT_MARGIN:
                    stop -= 1
                if not self._move_along(unit, path[:stop]):
                    self._hold(unit, dig=False)
        return remaining

    # --- attack -----------------------------------------------------------------------------

    def _goal(self, unit: GroundUnit, targets: list[ObjectiveState]) -> Hex:
        """Where the unit advances to: the next step of its axis (an objective not yet held, or
        a place it has not yet passed within ``WAYPOINT_REACHED`` hexes), or else the objective
        it reaches soonest, weighing richer prizes a little higher."""
        wanted = {t.id: t for t in targets}
        objectives = {o.id for o in self.state.objectives}
        places = self.state.scenario.place_hexes
        passed = self.passed.setdefault(unit.uid, set())
        for step in unit.axis:
            if step in objectives:
                if step in wanted:
                    return wanted[step].hex
            elif step not in passed:
                if self.state.terrain.distance(unit.hex, places[step]) > WAYPOINT_REACHED:
                    return places[step]
                passed.add(step)
        scores = [self.routes.hours_to(unit, t.hex) / (1.0 + t.points / 10.0) for t in targets]
        return targets[int(np.argmin(scores))].hex

    def _advance(self, unit: GroundUnit, goal: Hex) -> None:
        blocking = self.routes.enemy_in_the_way(unit, goal)
        if blocking is not None:
            if not self._attack_if_favourable(unit, blocking):
                self._hold(unit, dig=False)
            return
        path, obstacle = self.routes.toward(unit, goal)
        if obstacle is not None and self.known.at(obstacle):
            # Gather next to the enemy hex that bars the way rather than queue behind the front.
            path = self.routes.toward_any(unit, self._assault_positions(unit, obstacle)) or path
        if not self._move_along(unit, path):
            self._hold(unit, dig=False)

    def _assault_positions(self, unit: GroundUnit, target: Hex) -> list[Hex]:
        """Hexes next to ``target`` this unit could stand in to attack it."""
        state, terrain = self.state, self.state.terrain
        limit = state.rules.movement.stacking_limit_points
        occupancy = state.forces.occupancy
        obstacles = self.known.obstacles
        positions = []
        for n in terrain.neighbours[terrain.index(target)]:
            if n < 0 or obstacles[n] or not terrain.passable_mask[unit.mobility][n]:
                continue
            if occupancy.has_room(self.side, n, unit.stacking_points, limit):
                positions.append(terrain.hex_at(n))
        return positions

    @staticmethod
    def _positions(units: list[GroundUnit]) -> tuple[np.ndarray, np.ndarray]:
        return (
            np.array([u.hex[0] for u in units], dtype=np.int64),
            np.array([u.hex[1] for u in units], dtype=np.int64),
        )

    def _guns_in_reach(self, target: Hex) -> np.ndarray:
        """Indices of our uncommitted guns that can fire on ``target`` from where they stand."""
        distance = hex_distance(*self._gun_table, *target)
        return np.flatnonzero(self._gun_free & (distance > 1) & (distance <= self._gun_reach))

    def local_odds(self, target: Hex) -> float:
        """Force ratio our units next to ``target``, and artillery in reach, would have."""
        if target in self._odds:
            return self._odds[target]
        state = self.state
        if not self.known.at(target):
            return np.inf
        adjacent = [
            u
            for n in state.terrain.neighbours[state.terrain.index(target)]
            if n >= 0
            for u in state.forces.friends_at(self.side, state.terrain.hex_at(n))
            if u.status == "active" and not self._is_artillery(u)
        ]
        guns = self._guns_in_reach(target)
        attack = sum(state.ratings.power(u) for u in adjacent)
        fire = sum(state.ratings.support(self._guns[g])[0] for g in guns)
        attack += supported(state.rules.combat, attack, fire)
        odds = attack / max(self.known.defence_at(target), 1e-9)
        self._odds[target] = odds
        if odds >= self.config.attack_odds:
            self._commitments[target] = [self._guns[g] for g in guns]
            self._gun_free[guns] = False
        return odds

    def _attack_if_favourable(self, unit: GroundUnit, target: Hex) -> bool:
        if self.local_odds(target) < self.config.attack_odds:
            return False
        self._submit(Attack(unit.uid, target))
        return True

    # --- artillery ---------------------------------------------------------------------------

    def _fire_missions(self) -> None:
        """Guns fire for the attacks they were counted in, then at the enemy in contact."""
        for target, guns in self._commitments.items():
            for gun in guns:
                self._submit(Attack(gun.uid, target))
        contact = self._contact_hexes()
        contact_table = (
            np.array([h[0] for h in contact], dtype=np.int64),
            np.array([h[1] for h in contact], dtype=np.int64),
        )
        for i in np.flatnonzero(self._gun_free):
            gun = self._guns[i]
            target = self._nearest_in_reach(gun.hex, self._gun_reach[i], contact_table)
            if target is None and self.config.doctrine == "attack":
                target = self._nearest_in_reach(gun.hex, self._gun_reach[i], self._enemy_table)
            if target is not None:
                self._submit(Attack(gun.uid, target))

    def _contact_hexes(self) -> list[Hex]:
        """Enemy-held hexes next to our units, in a fixed order."""
        hexes: dict[Hex, None] = {}
        for unit in self.state.forces.units(self.side):
            for hex_ in self.routes.adjacent_enemy_hexes(unit):
                hexes[hex_] = None
        return list(hexes)

    @staticmethod
    def _nearest_in_reach(
        origin: Hex, reach: float, table: tuple[np.ndarray, np.ndarray]
    ) -> Hex | None:
        """The nearest of ``table``'s hexes a gun at ``origin`` can fire on (ties: lowest hex)."""
        distance = hex_distance(*table, *origin)
        candidates = np.flatnonzero((distance > 1) & (distance <= reach))
        if candidates.size == 0:
            return None
        best = min(candidates, key=lambda i: (distance[i], table[0][i], table[1][i]))
        return int(table[0][best]), int(table[1][best])

    # --- defence ----------------------------------------------------------------------------

    def _defend(self, units: list[GroundUnit], focus: ObjectiveState | None) -> None:
        """Reserves go where the threat is greatest, and counter-attack when they can."""
        for unit in units:
            enemy_hexes = self.routes.adjacent_enemy_hexes(unit)
            if any(self._attack_if_favourable(unit, h) for h in enemy_hexes):
                continue
            if focus is None or self.state.terrain.distance(unit.hex, focus.hex) <= 1:
                self._hold(unit, dig=not enemy_hexes)
                continue
            path, _ = self.routes.toward(unit, focus.hex)
            if enemy_hexes or not self._move_along(unit, path):
                self._hold(unit, dig=False)

    def _most_threatened(self) -> ObjectiveState | None:
        """The objective with the most known enemy power near it, relative to our own there."""
        state = self.state
        ours = state.forces.units(self.side)
        if not state.objectives or not self.known.contacts:
            return None
        radius = self.config.threat_radius_km / state.terrain.hex_size_km
        own_cols, own_rows = self._positions(ours)
        own_power = np.array([state.ratings.power(u) for u in ours])

        def near(cols: np.ndarray, rows: np.ndarray, power: np.ndarray, hex_: Hex) -> float:
            return float(power[hex_distance(cols, rows, *hex_) <= radius].sum())

        scores = [
            (1.0 + o.points / 10.0)
            * near(*self.known.hexes, self.known.strength, o.hex)
            / (1.0 + near(own_cols, own_rows, own_power, o.hex))
            for o in state.objectives
        ]
        best = int(np.argmax(scores))
        return state.objectives[best] if scores[best] > 0 else None


class PlayersState(AIState, Protocol):
    """What the AI players of a game read, and write: their orders, and their own memory."""

    players: dict[str, BaselineAI | None]


def give_ai_orders(state: PlayersState, turn: TurnRecord) -> None:
    """Every side the AI plays gives its orders for the turn, in the scenario's order of sides."""
    for player in state.players.values():
        if player is not None:
            player.give_orders(state, turn.fired_sam_before)
