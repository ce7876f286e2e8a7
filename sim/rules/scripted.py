"""Scripted, exogenous events: what the scenario says happens regardless of play.

Only things outside the two sides' decisions belong here (a third country's roadblock, a
ceasefire, reinforcements arriving from outside the map). An event fires at the start of the
turn it names, or of the turn whose period contains its time; an ``end`` event ends the game at
the start of its turn, so that turn is not played.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import numpy as np

from sim.closures import ActiveBlock, Closures
from sim.events import EventLog, Scripted
from sim.rules.objectives import EndState, end_by_time
from sim.scenario.schema import (
    BlockEvent,
    EndEvent,
    MessageEvent,
    ReinforcementEvent,
    ScriptedEvent,
    SupplySourceEvent,
    UnitSpec,
    WeatherEvent,
)

if TYPE_CHECKING:
    from sim.clock import Clock
    from sim.forces import Forces
    from sim.rules.supply import SupplyNet
    from sim.scenario.catalog import Catalog
    from sim.scenario.scenario import Scenario
    from sim.terrain.terrain import Terrain
    from sim.units.systems import Systems


@dataclass(frozen=True)
class ActiveWeather:
    """Weather that shortens EO/IR ranges until a given turn."""

    eo_factor: float
    until_turn: int


@dataclass
class Script:
    """Scripted events beyond the scenario's own, and reinforcements waiting to enter."""

    injected: list[ScriptedEvent] = field(default_factory=list)
    """Events an instructor injected during the game (:mod:`sim.game.instructor`)."""
    pending_reinforcements: list[UnitSpec] = field(default_factory=list)
    """Units that are due but whose hex the enemy holds: they enter once it is free."""


class ScriptState(Protocol):
    """What scripted events read and write at the start of a turn."""

    @property
    def scenario(self) -> Scenario: ...
    @property
    def catalog(self) -> Catalog: ...
    @property
    def systems(self) -> Systems: ...
    @property
    def terrain(self) -> Terrain: ...
    @property
    def clock(self) -> Clock: ...

    script: Script
    closures: Closures
    weather: list[ActiveWeather]
    supply: SupplyNet
    forces: Forces
    log: EventLog


class ScriptedEndState(EndState, Protocol):
    """What a scripted end (or the time limit) reads and writes."""

    @property
    def script(self) -> Script: ...


def all_events(scenario: Scenario, script: Script) -> list[ScriptedEvent]:
    """The scenario's scripted events and those an instructor injected during the game."""
    return [*scenario.spec.events, *script.injected]


def due_turn(scenario: Scenario, event: ScriptedEvent) -> int:
    return event.turn if event.turn is not None else scenario.turn_of(event.time)


def fire_due(state: ScriptState) -> None:
    """Fire the events due at the start of the current turn, and lift expired blocks."""
    turn, scenario = state.clock.turn, state.scenario
    state.closures.lift_expired(turn)
    state.weather = [w for w in state.weather if w.until_turn > turn]
    for event in all_events(scenario, state.script):
        if due_turn(scenario, event) != turn or isinstance(event, EndEvent):
            continue
        if isinstance(event, ReinforcementEvent):
            _reinforce(state, event)
        elif isinstance(event, BlockEvent):
            _block(state, event)
        elif isinstance(event, SupplySourceEvent):
            state.supply.sources[event.side][scenario.hex_of(event.at)] = event.active
            opens = "opens" if event.active else "closes"
            _announce(
                state.log,
                event,
                f"supply source at {list(scenario.hex_of(event.at))} {opens} for {event.side}",
                side=event.side,
            )
        elif isinstance(event, WeatherEvent):
            turns = max(1, int(np.ceil(event.duration_h / state.clock.turn_length_h)))
            state.weather.append(ActiveWeather(event.eo_factor, turn + turns))
            _announce(
                state.log,
                event,
                f"weather: EO/IR ranges x{event.eo_factor:g} for {event.duration_h:g} h",
            )
        elif isinstance(event, MessageEvent):
            _announce(state.log, event, event.text)
    for pending in list(state.script.pending_reinforcements):
        _place_if_free(state, pending)


def check_end(state: ScriptedEndState) -> None:
    """At the end of a turn that decided nothing: does the next one begin after a scripted
    end, or beyond the time limit?"""
    if state.outcome is None:
        check_end_before(state, turn=state.clock.turn + 1)


def check_end_before(state: ScriptedEndState, turn: int) -> None:
    """End the game now if a scripted end falls due at the start of ``turn``, or time is up."""
    for event in all_events(state.scenario, state.script):
        if isinstance(event, EndEvent) and due_turn(state.scenario, event) <= turn:
            _announce(state.log, event, event.text or "the scenario ends")
            end_by_time(state, event.text or "scripted end")
            return
    if turn > state.clock.last_turn:
        end_by_time(state, f"time limit of {state.clock.last_turn} turns reached")


def _announce(log: EventLog, event: ScriptedEvent, text: str, side: str | None = None) -> None:
    log.record(Scripted, side=side, event=event.kind, message=event.text or text)


def _reinforce(state: ScriptState, event: ReinforcementEvent) -> None:
    _announce(state.log, event, f"{len(event.units)} unit(s) arrive")
    state.script.pending_reinforcements.extend(event.units)


def _place_if_free(state: ScriptState, spec: UnitSpec) -> None:
    """Reinforcements arrive when their hex is not held by the enemy; until then they wait."""
    hex_ = state.scenario.hex_of(spec.at)
    if state.forces.enemies_at(spec.side, hex_):
        return
    state.script.pending_reinforcements.remove(spec)
    unit = state.forces.enlist(spec, hex_, state.catalog.unit_types[spec.type], state.systems)
    state.log.record(
        Scripted,
        side=unit.side,
        hex=hex_,
        event="reinforcements",
        message=f"{unit.name} ({unit.uid}) enters at {list(hex_)}",
    )


def _block(state: ScriptState, event: BlockEvent) -> None:
    hexes = [state.scenario.hex_of(p) for p in event.hexes]
    turns = max(1, int(np.ceil(event.duration_h / state.clock.turn_length_h)))
    state.closures.add(
        ActiveBlock(
            name=event.name,
            indices=frozenset(state.terrain.index(h) for h in hexes),
            sides=None if event.sides is None else frozenset(event.sides),
            until_turn=state.clock.turn + turns,
        )
    )
    who = "all sides" if event.sides is None else ", ".join(event.sides)
    _announce(
        state.log,
        event,
        f"{event.name}: {len(hexes)} hex(es) closed to {who} for {event.duration_h:g} h",
    )
