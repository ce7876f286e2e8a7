"""Scripted, exogenous events: what the scenario says happens regardless of play.

Only things outside the two sides' decisions belong here (a third country's roadblock, a
ceasefire, reinforcements arriving from outside the map). An event fires at the start of the
turn it names, or of the turn whose period contains its time; an ``end`` event ends the game at
the start of its turn, so that turn is not played.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.events import Scripted
from sim.rules.objectives import end_by_time
from sim.scenario.schema import (
    BlockEvent,
    EndEvent,
    MessageEvent,
    ReinforcementEvent,
    SupplySourceEvent,
    WeatherEvent,
)

if TYPE_CHECKING:
    from sim.model import WargameModel
    from sim.scenario.schema import ScriptedEvent


@dataclass(frozen=True)
class ActiveBlock:
    """Hexes closed to some sides until a given turn."""

    name: str
    indices: frozenset[int]
    sides: frozenset[str] | None
    until_turn: int

    def applies_to(self, side: str) -> bool:
        return self.sides is None or side in self.sides


@dataclass(frozen=True)
class ActiveWeather:
    """Weather that shortens EO/IR ranges until a given turn."""

    eo_factor: float
    until_turn: int


def all_events(model: WargameModel) -> list[ScriptedEvent]:
    """The scenario's scripted events and those an instructor injected during the game."""
    return [*model.scenario.spec.events, *model.injected_events]


def due_turn(model: WargameModel, event: ScriptedEvent) -> int:
    return event.turn if event.turn is not None else model.scenario.turn_of(event.time)


def fire_due(model: WargameModel) -> None:
    """Fire the events due at the start of the current turn, and lift expired blocks."""
    model.blocks = [b for b in model.blocks if b.until_turn > model.turn]
    model.weather = [w for w in model.weather if w.until_turn > model.turn]
    for event in all_events(model):
        if due_turn(model, event) != model.turn or isinstance(event, EndEvent):
            continue
        if isinstance(event, ReinforcementEvent):
            _reinforce(model, event)
        elif isinstance(event, BlockEvent):
            _block(model, event)
        elif isinstance(event, SupplySourceEvent):
            model.supply_sources[event.side][model.scenario.hex_of(event.at)] = event.active
            state = "opens" if event.active else "closes"
            _announce(
                model,
                event,
                f"supply source at {list(model.scenario.hex_of(event.at))} "
                f"{state} for {event.side}",
                side=event.side,
            )
        elif isinstance(event, WeatherEvent):
            turns = max(1, int(np.ceil(event.duration_h / model.scenario.spec.turn_length_h)))
            model.weather.append(ActiveWeather(event.eo_factor, model.turn + turns))
            _announce(
                model,
                event,
                f"weather: EO/IR ranges x{event.eo_factor:g} for {event.duration_h:g} h",
            )
        elif isinstance(event, MessageEvent):
            _announce(model, event, event.text)
    for pending in list(model.pending_reinforcements):
        _place_if_free(model, pending)


def check_end_before(model: WargameModel, turn: int) -> None:
    """End the game now if a scripted end falls due at the start of ``turn``, or time is up."""
    for event in all_events(model):
        if isinstance(event, EndEvent) and due_turn(model, event) <= turn:
            _announce(model, event, event.text or "the scenario ends")
            end_by_time(model, event.text or "scripted end")
            return
    if turn > model.last_turn:
        end_by_time(model, f"time limit of {model.last_turn} turns reached")


def _announce(
    model: WargameModel, event: ScriptedEvent, text: str, side: str | None = None
) -> None:
    model.record(Scripted, side=side, event=event.kind, message=event.text or text)


def _reinforce(model: WargameModel, event: ReinforcementEvent) -> None:
    _announce(model, event, f"{len(event.units)} unit(s) arrive")
    model.pending_reinforcements.extend(event.units)


def _place_if_free(model: WargameModel, spec) -> None:
    """Reinforcements arrive when their hex is not held by the enemy; until then they wait."""
    hex_ = model.scenario.hex_of(spec.at)
    if model.enemy_units_at(spec.side, hex_):
        return
    model.pending_reinforcements.remove(spec)
    unit = model.add_unit(spec)
    model.record(
        Scripted,
        side=unit.side,
        hex=hex_,
        event="reinforcements",
        message=f"{unit.name} ({unit.uid}) enters at {list(hex_)}",
    )


def _block(model: WargameModel, event: BlockEvent) -> None:
    hexes = [model.scenario.hex_of(p) for p in event.hexes]
    turns = max(1, int(np.ceil(event.duration_h / model.scenario.spec.turn_length_h)))
    model.blocks.append(
        ActiveBlock(
            name=event.name,
            indices=frozenset(model.terrain.index(h) for h in hexes),
            sides=None if event.sides is None else frozenset(event.sides),
            until_turn=model.turn + turns,
        )
    )
    who = "all sides" if event.sides is None else ", ".join(event.sides)
    _announce(
        model,
        event,
        f"{event.name}: {len(hexes)} hex(es) closed to {who} for {event.duration_h:g} h",
    )
