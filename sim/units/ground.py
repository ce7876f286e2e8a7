"""Ground units: the Mesa agents that hold, take and lose ground."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from mesa.discrete_space import CellAgent

from sim.scenario.catalog_schema import UnitType
from sim.scenario.common import Posture
from sim.scenario.schema import UnitSpec
from sim.terrain.data import Hex

if TYPE_CHECKING:
    from sim.model import WargameModel
    from sim.orders import Order

Status = Literal["active", "routed"]


class GroundUnit(CellAgent):
    """A battalion, company or similar, with its people, equipment and state of mind.

    Strength is counted, not abstracted: personnel and items of each equipment type, so that
    losses can be reported by type. Readiness, morale and supply are shares in 0..1.
    """

    def __init__(self, model: WargameModel, spec: UnitSpec, unit_type: UnitType, hex_: Hex):
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
        self.start_personnel = self.personnel
        self.start_equipment = dict(self.equipment)
        self.start_power = model.ratings.raw_power(self)
        self.emitting = spec.emitting
        self.hold = spec.hold
        self.axis = tuple(spec.axis)
        self.axis_passed: set[str] = set()
        """Waypoints (places) of its axis the unit has passed."""
        self.stores = {k: round(n * spec.strength) for k, n in unit_type.stores.items()}
        self.sam_ready = {
            launchers.equipment: launchers.count * launchers.spec.missiles
            for launchers in model.systems.launchers(self)
        }
        self.fired_sam = False
        self.fired_sam_last_turn = False
        self.engaged = False
        self.fired_support = False
        self.loss_share = 0.0
        self.faced_ratio = 0.0
        model.place_unit(self, hex_)

    def start_turn(self) -> None:
        """Forget what happened to the unit last turn: fights, fire, losses."""
        self.fired_sam_last_turn = self.fired_sam
        self.engaged = self.fired_support = self.fired_sam = False
        self.loss_share = 0.0
        self.faced_ratio = 0.0

    @property
    def hex(self) -> Hex:
        return self.cell.coordinate

    @property
    def stacking_points(self) -> float:
        return self.unit_type.stacking_points

    def __repr__(self) -> str:
        return f"GroundUnit({self.uid}, {self.side}, {self.hex})"
