"""What a player's clicks and keys mean: selection, the order being given, the engine's answer.

This holds no pygame: the window turns mouse and keyboard events into calls here, and draws
what it holds (the selection, the move preview, the sortie being planned, the last message).
Every order goes through :meth:`GameSession.submit`, the door the AI uses too, so a refused
order shows the engine's own reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sim.game.preview import MovePreview, preview_move
from sim.game.session import GameSession
from sim.order_table import MISSION_ROLES
from sim.orders import Attack, Defend, DigIn, Emcon, Move, Order, Sortie
from sim.terrain.geometry import Hex
from sim.units.air import AirBase

Mode = Literal["select", "move", "attack", "sortie"]
MISSIONS = ("isr", "strike", "sead", "decoy", "cap")
ALTITUDES_M = (None, 500.0, 1500.0, 3000.0, 5000.0, 7000.0)
"""Sortie altitudes to pick from; None lets the engine choose (above the SAMs it knows)."""


@dataclass
class SortiePlan:
    """A sortie being planned: which base, airframes, mission, how many, how high."""

    base: str
    aircraft: str
    mission: str = "isr"
    count: int = 1
    altitude_m: float | None = None


@dataclass
class Controller:
    session: GameSession
    side: str
    """The side giving orders at the window now."""
    selected: str | None = None
    mode: Mode = "select"
    preview: MovePreview | None = None
    sortie: SortiePlan | None = None
    message: str = ""
    history: list[str] = field(default_factory=list)

    # --- selection ---------------------------------------------------------------------------

    def own_units_at(self, hex_: Hex) -> list[str]:
        return sorted(u.uid for u in self.session.model.units(self.side) if u.hex == hex_)

    def select_at(self, hex_: Hex) -> bool:
        """Select this side's unit at ``hex_``; clicking a stack again picks the next one."""
        here = self.own_units_at(hex_)
        if not here:
            return False
        if self.selected in here:
            self.selected = here[(here.index(self.selected) + 1) % len(here)]
        else:
            self.selected = here[0]
        self.mode, self.preview = "move", None
        return True

    def select_next(self) -> None:
        """Cycle through this side's units (Tab)."""
        units = sorted(u.uid for u in self.session.model.units(self.side))
        if not units:
            return
        index = units.index(self.selected) + 1 if self.selected in units else 0
        self.selected, self.mode, self.preview = units[index % len(units)], "move", None

    def cancel(self) -> None:
        """Back out of the current mode, then of the selection (Esc, right click)."""
        if self.mode in ("attack", "sortie"):
            self.mode, self.sortie = ("move" if self.selected else "select"), None
        else:
            self.selected, self.mode, self.preview = None, "select", None

    # --- the mouse over the map --------------------------------------------------------------

    def hover(self, hex_: Hex | None) -> None:
        """Keep the move preview up to date under the cursor."""
        if self.mode != "move" or self.selected is None or hex_ is None:
            self.preview = None
            return
        if self.preview is None or not self.preview.path or self.preview.path[-1] != hex_:
            self.preview = preview_move(self.session.model, self.side, self.selected, hex_)

    def click(self, hex_: Hex, move_onto_friends: bool = False) -> None:
        """A left click on the map: select this side's unit there, or order the selected unit
        there; ``move_onto_friends`` (Shift) moves into a hex of one's own units instead of
        selecting them."""
        if self.mode == "sortie" and self.sortie is not None:
            self._send_sortie(hex_)
        elif self.mode == "attack" and self.selected is not None:
            self._give(Attack(self.selected, hex_))
            self.mode = "move"
        elif self.own_units_at(hex_) and not (move_onto_friends and self.selected):
            self.select_at(hex_)
        elif self.mode == "move" and self.selected is not None:
            self._give(Move(self.selected, hex_))
            self.preview = None

    # --- orders from keys ----------------------------------------------------------------------

    def start_attack(self) -> None:
        if self.selected is not None:
            self.mode, self.preview = "attack", None
            self.message = "Attack: click the enemy hex to assault or fire on (Esc cancels)"

    def dig_in(self) -> None:
        if self.selected is not None:
            self._give(DigIn(self.selected))

    def defend(self) -> None:
        if self.selected is not None:
            self._give(Defend(self.selected))

    def toggle_emcon(self) -> None:
        """Radars and jammers of the selected unit on or off."""
        unit = self.session.model.unit(self.selected) if self.selected else None
        if unit is not None:
            self._give(Emcon(unit.uid, emit=not unit.emitting))

    # --- sorties ---------------------------------------------------------------------------------

    def start_sortie(self) -> None:
        """Plan a sortie from this side's first base with airframes ready."""
        bases = self._bases_with_aircraft()
        if not bases:
            self.message = "No air base of this side has airframes ready"
            return
        base, aircraft = bases[0], self._ready(bases[0])[0]
        plan = SortiePlan(base, aircraft, self._missions(aircraft)[0])
        self.sortie, self.mode, self.preview = plan, "sortie", None
        self.message = (
            "Sortie: click the target area (B base, T type, I mission, +/- count, H height)"
        )

    def cycle_sortie(self, what: Literal["base", "aircraft", "mission", "altitude"]) -> None:
        plan = self.sortie
        if plan is None:
            return
        if what == "base":
            bases = self._bases_with_aircraft()
            plan.base = _next(bases, plan.base)
            plan.aircraft = self._ready(plan.base)[0]
        elif what == "aircraft":
            plan.aircraft = _next(self._ready(plan.base), plan.aircraft)
        elif what == "mission":
            plan.mission = _next(self._missions(plan.aircraft), plan.mission)
        else:
            plan.altitude_m = _next(list(ALTITUDES_M), plan.altitude_m)
        if plan.mission not in self._missions(plan.aircraft):
            plan.mission = self._missions(plan.aircraft)[0]

    def change_sortie_count(self, delta: int) -> None:
        if self.sortie is not None:
            ready = self._bases[self.sortie.base].ready.get(self.sortie.aircraft, 0)
            self.sortie.count = max(1, min(ready, self.sortie.count + delta))

    def _send_sortie(self, target: Hex) -> None:
        plan = self.sortie
        assert plan is not None
        order = Sortie(plan.base, plan.aircraft, target, plan.mission, plan.count, plan.altitude_m)  # type: ignore[arg-type]
        self._give(order)
        ready = self._ready(plan.base)
        if not self._bases_with_aircraft():
            self.cancel()
        elif not ready:
            self.cycle_sortie("base")
        elif plan.aircraft not in ready:
            plan.aircraft = ready[0]
        if self.sortie is not None:
            available = self._bases[self.sortie.base].ready[self.sortie.aircraft]
            self.sortie.count = min(self.sortie.count, available)

    def _missions(self, aircraft: str) -> list[str]:
        """The missions this aircraft type can fly (a decoy decoys, a fighter flies CAP)."""
        role = self.session.model.state.catalog.air_types[aircraft].role
        return [m for m in MISSIONS if role in MISSION_ROLES[m]] or list(MISSIONS)

    def _bases_with_aircraft(self) -> list[str]:
        return sorted(
            b.id for b in self._bases.values() if b.side == self.side and self._ready(b.id)
        )

    def _ready(self, base: str) -> list[str]:
        return sorted(k for k, n in self._bases[base].ready.items() if n > 0)

    @property
    def _bases(self) -> dict[str, AirBase]:
        return self.session.model.state.air.bases

    # --- submitting ------------------------------------------------------------------------------

    def _give(self, order: Order) -> bool:
        verdict = self.session.submit(self.side, order)
        what = order.kind.replace("_", " ")
        self.message = (
            f"{what}: accepted" if verdict.accepted else f"{what} refused: {verdict.reason}"
        )
        self.history.append(self.message)
        return verdict.accepted


def _next(options: list, current: object) -> object:
    if not options:
        return current
    return (
        options[(options.index(current) + 1) % len(options)] if current in options else options[0]
    )
