"""Small scenarios written on the fly, so each test shows one mechanism on a map it controls."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import numpy as np
import yaml

REPO = Path(__file__).resolve().parents[1]
CATALOG = REPO / "scenarios" / "catalog"
TUTORIAL = REPO / "scenarios" / "tutorial_river_crossing.yaml"

AIR = {
    "isr_orbits": 0,
    "sead_first": True,
    "decoys_ahead": True,
    "strike_priorities": ["sam_launcher", "radar", "artillery", "tank"],
    "loitering_per_target": 1,
    "loitering_per_turn": 4,
    "decoys_per_target": 1,
    "missile_strikes": False,
    "emcon": "always_on",
    "wake_radius_km": 20,
    "relocate_after_firing": False,
    "cap": False,
}
AI = {
    "doctrine": "defend",
    "attack_odds": 1.5,
    "garrison": 1,
    "withdraw_below_supply": 0.3,
    "threat_radius_km": 5,
    "artillery_standoff": 0.6,
    "air": AIR,
}


def unit(uid: str, side: str, type_: str, at: Any, **extra: Any) -> dict[str, Any]:
    return {
        "id": uid,
        "name": uid,
        "side": side,
        "type": type_,
        "at": at,
        "source": "TEST",
        **extra,
    }


def write_scenario(
    directory: Path,
    terrain: list[str],
    units: list[dict[str, Any]],
    elevation: float | np.ndarray = 100.0,
    *,
    name: str = "test.yaml",
    turn_length_h: float = 24.0,
    turns: int = 5,
    roads: list[dict[str, Any]] | None = None,
    sources: dict[str, list] | None = None,
    map_extra: dict[str, Any] | None = None,
    **extra: Any,
) -> Path:
    """Write a scenario (and its terrain files) into ``directory``; return its path.

    ``terrain`` is the terrain-class map, one string per row (north first). Sides are ``blue``
    and ``red``, supplied from the west and east edges unless ``sources`` says otherwise.
    """
    rows, cols = len(terrain), len(terrain[0])
    heights = np.broadcast_to(np.asarray(elevation, dtype=float), (cols, rows))
    stem = Path(name).stem
    (directory / f"{stem}_terrain.txt").write_text("\n".join(terrain) + "\n")
    (directory / f"{stem}_elevation.txt").write_text(
        "\n".join(" ".join(f"{v:g}" for v in heights[:, r]) for r in range(rows)) + "\n"
    )
    sources = sources or {"blue": [[0, rows // 2]], "red": [[cols - 1, rows // 2]]}
    data: dict[str, Any] = {
        "title": "Test",
        "briefing": "A scenario written by a test.",
        "start": "2025-01-01T06:00:00",
        "turn_length_h": turn_length_h,
        "turns": turns,
        "catalog": [
            str(CATALOG / f) for f in ("terrain.yaml", "ground.yaml", "air.yaml", "rules.yaml")
        ],
        "map": {
            "size": [cols, rows],
            "hex_size_km": 1.0,
            "origin": {"lat": 40.0, "lon": 45.0},
            "elevation": f"{stem}_elevation.txt",
            "terrain": f"{stem}_terrain.txt",
            "roads": roads or [],
            "source": "TEST",
        },
        "sides": {
            side: {
                "name": side.title(),
                "colour": colour,
                "ai": copy.deepcopy(AI),
                "supply_sources": sources[side],
            }
            for side, colour in (("blue", "#0000ff"), ("red", "#ff0000"))
        },
        "units": units,
        "sources": {"TEST": "written by a test"},
    }
    data["map"].update(map_extra or {})
    data.update(extra)
    path = directory / name
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


class GameBuilder:
    """A game for a test, in a state its scenario file cannot give: units already shaken or
    routed, enemies already spotted. Each step names the situation it sets up, so tests say
    what they start from instead of reaching into the model::

        model = GameBuilder(path).shaken(r=0.2).spotted("blue", "r").build()
    """

    def __init__(
        self,
        scenario: Path | Any,
        *,
        seed: int = 0,
        human_sides: tuple[str, ...] = ("blue", "red"),
        overrides: dict[str, Any] | None = None,
    ):
        self.scenario = scenario
        self.seed = seed
        self.human_sides = human_sides
        self.overrides = overrides
        self._steps: list[Any] = []

    def shaken(self, **morale: float) -> GameBuilder:
        """These units' morale has fallen to the levels given; the morale they recover toward
        (their type's or scenario's) stays as it was."""

        def apply(model: Any) -> None:
            for uid, value in morale.items():
                model.unit(uid).morale = value

        self._steps.append(apply)
        return self

    def routed(self, *uids: str) -> GameBuilder:
        """These units have broken and run: they take no orders until they rally."""

        def apply(model: Any) -> None:
            for uid in uids:
                model.state.forces.set_status(model.unit(uid), "routed")

        self._steps.append(apply)
        return self

    def spotted(
        self,
        side: str,
        *uids: str,
        at: tuple[int, int] | None = None,
        identified: bool = False,
    ) -> GameBuilder:
        """``side``'s drones saw these enemy units just before the first turn: where they
        stand (or at ``at``, a sighting that has gone stale), their type known if
        ``identified``, as a sensor's report would put them in its picture."""

        def apply(model: Any) -> None:
            picture = model.state.pictures[side]
            for uid in uids:
                unit = model.unit(uid)
                picture.observe(
                    0,
                    uid,
                    "ground",
                    unit.hex if at is None else at,
                    unit.unit_type.role if identified else "ground unit",
                    "eo",
                    type_id=unit.type_id if identified else None,
                    seen=unit.strength(),
                )

        self._steps.append(apply)
        return self

    def build(self) -> Any:
        from sim.model import WargameModel

        if isinstance(self.scenario, Path):
            model = WargameModel(
                self.scenario, self.seed, self.overrides, human_sides=self.human_sides
            )
        else:
            model = WargameModel(self.scenario, self.seed, human_sides=self.human_sides)
        for step in self._steps:
            step(model)
        return model
