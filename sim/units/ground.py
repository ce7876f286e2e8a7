"""Ground units: the Mesa agents that hold, take and lose ground."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import mesa
from mesa.discrete_space import CellAgent

from sim.scenario.catalog_schema import UnitType
from sim.scenario.common import Posture
from sim.scenario.schema import UnitSpec
from sim.terrain.geometry import Hex

if TYPE_CHECKING:
    from sim.orders import Order

Status = Literal["active", "routed"]


@dataclass(frozen=True)
class Strength:
    """A unit's people, equipment and state at one moment (as it entered the game, as an enemy
    last saw it), rated by :class:`~sim.rules.power.PowerRatings` like a unit in play."""

    side: str
    personnel: int
    equipment: Mapping[str, int]
    readiness: float
    supply: float
    morale: float


class GroundUnit(CellAgent):
    """A battalion, company or similar, with its people, equipment and state of mind.

    Strength is counted, not abstracted: personnel and items of each equipment type, so that
    losses can be reported by type. Readiness, morale and supply are shares in 0..1. What the
    unit did this turn (fought, fired, lost) is not kept here: the turn's
    :class:`~sim.turn.TurnRecord` holds it. :meth:`sim.forces.Forces.enlist` brings a unit into
    play, placed on its hex, its launchers loaded.
    """

    def __init__(self, model: mesa.Model, spec: UnitSpec, unit_type: UnitType):
        super().__init__(model)
        self.uid = spec.id
        self.name = spec.name
        self.side = spec.side
        self.type_id = spec.type
        self.unit_type = unit_type
        self.mobility = unit_type.mobility
        self.personnel = round(unit_type.personnel * spec.strength)
        self.equipment = {k: round(n * spec.strength) for k, n in unit_type.equipment.items()}
        self.readiness = spec.readiness
        self.morale = unit_type.morale if spec.morale is None else spec.morale
        self.base_morale = self.morale
        self.supply = spec.supply
        self.posture: Posture = spec.posture
        self.entrenchment = spec.entrenchment
        self.status: Status = "active"
        self.in_supply = True
        self.order: Order | None = None
        self.route: list[Hex] = []
        self.move_progress_h = 0.0
        self.entered = self.strength()
        """The unit as it entered the game."""
        self.emitting = spec.emitting
        self.hold = spec.hold
        self.axis = tuple(spec.axis)
        self.stores = {k: round(n * spec.strength) for k, n in unit_type.stores.items()}
        self.sam_ready: dict[str, int] = {}
        """Missiles on the launchers, by launcher equipment."""

    def strength(self) -> Strength:
        """What the unit is now: its people, equipment and state (a copy)."""
        return Strength(
            self.side,
            self.personnel,
            dict(self.equipment),
            self.readiness,
            self.supply,
            self.morale,
        )

    @property
    def hex(self) -> Hex:
        return self.cell.coordinate

    @property
    def stacking_points(self) -> float:
        return self.unit_type.stacking_points

    def __repr__(self) -> str:
        return f"GroundUnit({self.uid}, {self.side}, {self.hex})"
