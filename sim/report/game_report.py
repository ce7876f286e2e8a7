"""The review of one game (a headless run or a saved game), section by section.

Every section reads the plain record (summary, event log, per-turn rows) and, where it can,
the scenario for names, texts and colours; with no scenario it falls back to the ids the
files hold. The words are the engine's, and neutral: the page reports what the simulation
did, not what anyone should think of it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from sim.report import charts, timeline
from sim.report.charts import SideStyle
from sim.report.page import (
    Markup,
    el,
    facts,
    figure,
    join,
    note,
    paragraphs,
    source_anchor,
    swatch,
    table,
)
from sim.report.snapshots import Snapshot
from sim.report.sources import GameRecord

FALLBACK_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b")
"""Side colours when the scenario (which has its own) could not be loaded."""

SECTIONS = (
    ("scenario", "Scenario"),
    ("outcome", "Outcome"),
    ("timeline", "Timeline of key events"),
    ("snapshots", "Map snapshots"),
    ("losses", "Losses over time"),
    ("air-war", "The air war"),
)
"""The ids and headings of a game's sections, in order."""


SENSORS = {
    "eo": "EO/IR (drones' cameras, observers' optics)",
    "radar": "radar",
    "elint": "passive RF (ELINT: emitting radars found)",
    "ground": "ground contact (observers, units in combat)",
}
"""Words for the sensor ids of detection events."""


class Names:
    """Names for the ids in a record: sides, equipment, air and unit types (from the scenario
    when it loaded; the ids themselves otherwise)."""

    def __init__(self, record: GameRecord):
        self.record = record
        scenario = record.scenario
        self.catalog = scenario.catalog if scenario is not None else None
        spec = scenario.spec if scenario is not None else None
        self.styles: list[SideStyle] = []
        for i, (side, data) in enumerate(record.summary["sides"].items()):
            colour = FALLBACK_COLOURS[i % len(FALLBACK_COLOURS)]
            if spec is not None and side in spec.sides:
                colour = spec.sides[side].colour
            self.styles.append(SideStyle(side, str(data.get("name", side)), colour))
        self.side_names = {s.id: s.name for s in self.styles}

    def side(self, side: str | None) -> str:
        if side is None:
            return "no one"
        return self.side_names.get(side, side)

    def short(self, side: str | None) -> str:
        """A side's name for a crowded table: its abbreviation when the name ends with one in
        brackets (``Artsakh Defence Army (ADA)`` -> ``ADA``), else the name."""
        name = self.side(side)
        match = re.fullmatch(r".*\(([^()]{1,12})\)", name)
        return match.group(1) if match else name

    def colour(self, side: str | None) -> str | None:
        return next((s.colour for s in self.styles if s.id == side), None)

    def equipment(self, key: str) -> str:
        item = self.catalog.equipment.get(key) if self.catalog is not None else None
        return item.name if item is not None else key

    def air_type(self, key: str) -> str:
        item = self.catalog.air_types.get(key) if self.catalog is not None else None
        return item.name if item is not None else key

    def unit_type(self, key: str) -> str:
        item = self.catalog.unit_types.get(key) if self.catalog is not None else None
        return item.name if item is not None else key

    def munition(self, key: str) -> str:
        item = self.catalog.munitions.get(key) if self.catalog is not None else None
        return item.name if item is not None else key

    def one_way_types(self) -> set[str]:
        if self.catalog is None:
            return set()
        return {key for key, air in self.catalog.air_types.items() if air.one_way}

    def air_defence_items(self) -> set[str]:
        """Radars and SAM launchers: what a strike on air defence destroys."""
        if self.catalog is None:
            return set()
        return {
            key
            for key, item in self.catalog.equipment.items()
            if item.radar is not None or item.sam is not None
        }


def game_sections(
    record: GameRecord, snapshots: Sequence[Snapshot], snapshot_turns: Sequence[int]
) -> list[tuple[str, str, Markup]]:
    """(id, heading, body) of every section of a game's review."""
    names = Names(record)
    bodies = {
        "scenario": scenario_section(record, names),
        "outcome": outcome_section(record, names),
        "timeline": timeline_section(record, names),
        "snapshots": snapshots_section(record, snapshots, snapshot_turns, names),
        "losses": losses_section(record, names),
        "air-war": air_section(record, names),
    }
    return [(id_, title, bodies[id_]) for id_, title in SECTIONS]


# -- scenario ----------------------------------------------------------------------------------


def scenario_section(record: GameRecord, names: Names) -> Markup:
    summary = record.summary
    scenario = record.scenario
    # Notes on what the page lacks go here, but those only about snapshots go with them.
    notes = [note(text) for text in record.notes if not text.startswith("No map snapshots")]
    if scenario is None:
        return join([*notes, el("p", el("strong", summary["scenario"]), f" ({summary['file']})")])
    spec = scenario.spec
    sources = list(spec.sources)
    details = [
        ("File", str(scenario.path)),
        ("Starts", when(spec.start.isoformat())),
        ("Scheduled end", when(spec.end.isoformat())),
        ("Turns", f"{spec.turns} of {spec.turn_length_h:g} hours"),
        (
            "Map",
            f"{scenario.terrain.cols} x {scenario.terrain.rows} hexes of "
            f"{scenario.terrain.geo.hex_size_km:g} km",
        ),
    ]
    if summary.get("what_ifs"):
        details.append(("What-ifs in force", ", ".join(summary["what_ifs"])))
    if summary.get("overrides"):
        details.append(("Overrides", settings(summary["overrides"])))
    parts: list[Any] = [*notes, el("h3", spec.title), facts(details)]
    parts += [el("h3", "Sides"), _sides_table(record, names)]
    parts += [el("h3", "Briefing"), paragraphs(spec.briefing, sources)]
    for side, text in spec.side_briefings.items():
        parts += [el("h4", f"Briefing for {names.side(side)}"), paragraphs(text, sources)]
    if spec.instructor_notes.strip():
        parts.append(
            el(
                "details",
                el("summary", "Instructor's notes"),
                paragraphs(spec.instructor_notes, sources),
            )
        )
    parts += [_order_of_battle(record, names)]
    parts += [el("h3", "Sources"), _sources(spec.sources)]
    return join(parts)


def _sides_table(record: GameRecord, names: Names) -> Markup:
    assert record.scenario is not None
    spec = record.scenario.spec
    summary_sides = record.summary["sides"]
    rows = []
    for style in names.styles:
        side = spec.sides.get(style.id)
        units = sum(1 for u in spec.units if u.side == style.id)
        if side is None:
            played = ""
        elif side.neutral:
            played = "neutral: fires on no one, is fired on by no one"
        elif style.id in record.human_sides:
            played = "played by a person"
        else:
            played = f"played by the AI ({side.ai.doctrine})" if side.ai else "played by the AI"
        rows.append(
            [
                join([swatch(style.colour), style.name]),
                style.id,
                played,
                number(units),
                number(summary_sides[style.id].get("personnel_committed")),
            ]
        )
    headers = ["side", "id", "played", "units at the start", "personnel committed"]
    return table(headers, rows, numeric=(3, 4))


def _order_of_battle(record: GameRecord, names: Names) -> Markup:
    assert record.scenario is not None
    units = record.scenario.spec.units
    rows = [[u.id, u.name, names.side(u.side), names.unit_type(u.type)] for u in units]
    return el(
        "details",
        el("summary", f"Order of battle at the start ({len(units)} units)"),
        table(["id", "name", "side", "type"], rows),
    )


def _sources(sources: Mapping[str, str]) -> Markup:
    entries = []
    for key, text in sources.items():
        entries.append(el("dt", key, id=source_anchor(key)))
        entries.append(el("dd", " ".join(text.split())))
    return el("dl", entries, class_="sources")


# -- outcome -----------------------------------------------------------------------------------


def outcome_section(record: GameRecord, names: Names) -> Markup:
    summary = record.summary
    outcome = summary.get("outcome")
    played = summary["turns_played"]
    scheduled = summary.get("turns_scheduled", played)
    if outcome is None:
        verdict = el(
            "p",
            el("strong", "Undecided:"),
            f" the game was saved after turn {played} of {scheduled}, before it ended.",
        )
    elif outcome.get("winner") is None:
        verdict = el("p", el("strong", "Draw."), f" {outcome.get('reason', '')}")
    else:
        verdict = el(
            "p",
            el("strong", f"{names.side(outcome['winner'])} wins"),
            f" on turn {outcome.get('turn', played)}: {outcome.get('reason', '')}",
        )
    span = el(
        "p",
        f"{played} of {scheduled} turns played, from {when(summary['start'])} to "
        f"{when(summary['end'])}.",
    )
    parts: list[Any] = [verdict, span]
    if summary.get("objectives"):
        rows = [
            [
                o.get("name", o.get("id")),
                number(o.get("points")),
                names.side(o.get("owner")),
                o.get("captured_turn") if o.get("captured_turn") else "-",
            ]
            for o in summary["objectives"]
        ]
        parts += [
            el("h3", "Objectives at the end"),
            table(["objective", "points", "held by", "last taken on turn"], rows, numeric=(1, 3)),
        ]
    parts += [el("h3", "The sides at the end"), _sides_at_end(record, names)]
    return join(parts)


def _sides_at_end(record: GameRecord, names: Names) -> Markup:
    headers = [""] + [join([swatch(s.colour), s.name]) for s in names.styles]
    measures: list[tuple[str, Any]] = [
        ("personnel committed", lambda d: d.get("personnel_committed")),
        ("casualties", lambda d: d["losses"].get("personnel_casualties")),
        ("taken prisoner", lambda d: d["losses"].get("personnel_captured")),
        ("scattered (of units eliminated)", lambda d: d["losses"].get("personnel_dispersed")),
        ("equipment items lost", lambda d: sum(d["losses"].get("equipment", {}).values())),
        ("units eliminated", lambda d: len(d["losses"].get("units_eliminated", []))),
        ("units at the end", lambda d: d.get("at_end", {}).get("units")),
        ("personnel at the end", lambda d: d.get("at_end", {}).get("personnel")),
        ("combat power at the start", lambda d: d.get("start_combat_power")),
        ("combat power at the end", lambda d: d.get("at_end", {}).get("combat_power")),
        ("objective points held", lambda d: d.get("objective_points")),
    ]
    sides = record.summary["sides"]
    rows = [
        [label, *(number(value(sides[s.id])) for s in names.styles)] for label, value in measures
    ]
    return table(headers, rows, numeric=range(1, len(headers)), classes={0: "label"})


# -- timeline ----------------------------------------------------------------------------------


def timeline_section(record: GameRecord, names: Names) -> Markup:
    entries = timeline.key_events(record.events, names.one_way_types(), names.air_defence_items())
    start = _start(record)
    counts = timeline.kind_counts(record.events)
    parts: list[Any] = [
        el("p", timeline.SELECTION),
        el(
            "p",
            f"The log holds {number(len(record.events))} events: "
            + ", ".join(f"{number(n)} {kind.replace('_', ' ')}" for kind, n in counts.items())
            + f"; {len(entries)} are listed here.",
            class_="dim",
        ),
    ]
    for day in timeline.by_day(entries, start):
        date = f"{day.date.strftime('%A')} {day.date.day} {day.date.strftime('%B %Y')}"
        parts.append(el("h3", f"Day {day.number}: {date}"))
        rows = [[e.time[11:16] or e.time, e.turn, e.label, e.text] for e in day.entries]
        headers = ["time", "turn", "what", "event"]
        classes = {0: "when", 2: "label"}
        parts.append(table(headers, rows, numeric=(1,), classes=classes, class_="timeline"))
    return join(parts)


# -- snapshots ---------------------------------------------------------------------------------


def snapshots_section(
    record: GameRecord,
    snapshots: Sequence[Snapshot],
    turns: Sequence[int],
    names: Names,
) -> Markup:
    if not snapshots:
        reasons = [note(text) for text in record.notes if "snapshots" in text]
        if not reasons:
            reasons = [note("No map snapshots were made for this report.")]
        return join(reasons)
    parts: list[Any] = [
        el(
            "p",
            "The whole map with every unit and aircraft where it was (the referee's view, not "
            f"what any side knew), at turns {', '.join(map(str, turns))}. "
            + _frames(record, names)
            + " The bar under a symbol is the strength the unit has left. Objectives are "
            "ringed in the colour of the side holding them.",
        )
    ]
    for shot in snapshots:
        label = "The start" if shot.turn == 0 else f"After turn {shot.turn}"
        parts.append(figure(shot.png, f"Map: {label.lower()}", f"{label} ({when(shot.time)})."))
    objectives = list(snapshots[0].holders)
    if objectives:
        headers = ["objective", *(f"turn {s.turn}" for s in snapshots)]
        rows = [[o, *(_holder(names, s.holders.get(o)) for s in snapshots)] for o in objectives]
        classes = {i: "label" for i in range(1, len(headers))}
        parts += [
            el("h3", "Who held each objective at each snapshot"),
            table(headers, rows, classes=classes),
        ]
    return join(parts)


def _holder(names: Names, side: str | None) -> Markup:
    colour = names.colour(side)
    return join([swatch(colour) if colour else None, names.short(side)])


def _frames(record: GameRecord, names: Names) -> str:
    """How the snapshots draw each side (as :mod:`sim.render.snapshot` does: the first side's
    frames are rectangles, neutrals' squares, every other side's diamonds)."""
    spec = record.scenario.spec if record.scenario is not None else None
    shapes = []
    for i, style in enumerate(names.styles):
        neutral = spec is not None and style.id in spec.sides and spec.sides[style.id].neutral
        shape = (
            "green squares" if neutral else "light-blue rectangles" if i == 0 else "red diamonds"
        )
        shapes.append(f"{style.name}: {shape}")
    return "Symbols: " + "; ".join(shapes) + "."


# -- losses ------------------------------------------------------------------------------------


def losses_section(record: GameRecord, names: Names) -> Markup:
    sides = record.summary["sides"]
    fighting = [s for s in names.styles if _has_columns(record, s.id, "personnel_lost")]
    parts: list[Any] = []
    lost_any = any(
        row.get(f"{s.id}_{metric}")
        for row in record.turns
        for s in fighting
        for metric in ("personnel_lost", "equipment_lost")
    )
    if record.turns and fighting and not lost_any:
        parts.append(el("p", "No side lost personnel or equipment."))
    elif record.turns and fighting:
        parts.append(
            figure(
                charts.losses_over_time(record.turns, fighting),
                "Personnel and equipment lost by side, turn by turn",
                "Cumulative losses after each turn (turns.csv): personnel are casualties and "
                "prisoners; equipment counts every item (vehicle, weapon, radar, truck) lost.",
            )
        )
    by_type = {
        s.id: {names.equipment(k): n for k, n in sides[s.id]["losses"].get("equipment", {}).items()}
        for s in names.styles
    }
    chart = charts.equipment_by_type(by_type, names.styles)
    parts.append(el("h3", "Equipment lost by type, at the end"))
    if chart is None:
        parts.append(el("p", "No side lost any equipment."))
        return join(parts)
    parts.append(figure(chart, "Equipment lost by type and side", None))
    keys = sorted(
        {k for s in names.styles for k in sides[s.id]["losses"].get("equipment", {})},
        key=names.equipment,
    )
    rows = [
        [
            names.equipment(k),
            *(number(sides[s.id]["losses"].get("equipment", {}).get(k, 0)) for s in names.styles),
        ]
        for k in keys
    ]
    rows.append(
        [
            "all equipment",
            *(
                number(sum(sides[s.id]["losses"].get("equipment", {}).values()))
                for s in names.styles
            ),
        ]
    )
    headers = ["equipment", *(s.name for s in names.styles)]
    parts.append(table(headers, rows, numeric=range(1, len(headers))))
    return join(parts)


# -- the air war -------------------------------------------------------------------------------


def air_section(record: GameRecord, names: Names) -> Markup:
    sides = record.summary["sides"]
    air = {s.id: sides[s.id].get("air_war") or {} for s in names.styles}
    events = record.events
    detections = Counter(
        (e.get("side"), e.get("sensor")) for e in events if e.get("kind") == "detection"
    )
    active = [
        s
        for s in names.styles
        if sum(air[s.id].get("sorties", {}).values())
        or air[s.id].get("sam_shots")
        or air[s.id].get("strikes")
        or air[s.id].get("personnel_lost_to_air")
    ]
    if not active and not detections:
        return el("p", "No aircraft flew, no missile was fired and no air defence engaged.")
    styles = names.styles
    headers = ["", *(join([swatch(s.colour), s.name]) for s in styles)]
    numeric = range(1, len(headers))

    def total(s: SideStyle, key: str) -> int:
        return sum((air[s.id].get(key) or {}).values())

    key_rows = [
        ["airframes launched", *(number(total(s, "sorties")) for s in styles)],
        ["airframes lost", *(number(total(s, "air_losses")) for s in styles)],
        ["SAM and air-to-air shots", *(number(air[s.id].get("sam_shots")) for s in styles)],
        ["... hits", *(number(air[s.id].get("sam_hits")) for s in styles)],
        ["strikes (precision weapons aimed)", *(number(air[s.id].get("strikes")) for s in styles)],
        ["... hits", *(number(air[s.id].get("strike_hits")) for s in styles)],
        [
            "enemy missiles intercepted",
            *(number(air[s.id].get("missiles_intercepted")) for s in styles),
        ],
        [
            "personnel lost to air and missile strikes",
            *(number(air[s.id].get("personnel_lost_to_air")) for s in styles),
        ],
        [
            "equipment lost to air and missile strikes",
            *(number(total(s, "equipment_lost_to_air")) for s in styles),
        ],
    ]
    parts: list[Any] = [table(headers, key_rows, numeric=numeric, classes={0: "label"})]
    if record.turns and any(_has_columns(record, s.id, "sorties") for s in active):
        parts.append(
            figure(
                charts.air_over_time(record.turns, [s for s in styles if s in active]),
                "Airframes launched and lost by side, turn by turn",
                "Cumulative, after each turn. Loitering munitions and decoys are spent by "
                "design, so they count as lost airframes too.",
            )
        )
    parts += _breakdown(
        "Sorties by aircraft type", "airframes launched", air, styles, "sorties", names.air_type
    )
    parts += _breakdown("Airframes lost by cause", "airframes", air, styles, "air_losses", str)
    parts += _breakdown(
        "Airframes lost by type", "airframes", air, styles, "losses_by_type", names.air_type
    )
    parts += _event_breakdown(
        "Air-defence and air-to-air fire by weapon", "engagement", "weapon", events, styles,
        lambda e: (int(e.get("shots", 0)), int(e.get("hits", 0))), ("shots", "hits"),
        names.munition,
    )  # fmt: skip
    parts += _event_breakdown(
        "Strikes by weapon", "strike", "weapon", events, styles,
        lambda e: (1, 1 if e.get("hit") else 0), ("strikes", "hits"), str,
    )  # fmt: skip
    if detections:
        sensors = sorted({sensor for _, sensor in detections}, key=str)
        rows = [
            [
                SENSORS.get(str(sensor), str(sensor)),
                *(number(detections.get((s.id, sensor), 0)) for s in styles),
            ]
            for sensor in sensors
        ]
        parts += [
            el("h3", "Detections by sensor"),
            el(
                "p",
                "Contacts gained (a first sighting, or one found again after it was lost), by "
                "the sensor that made them.",
                class_="dim",
            ),
            table(["sensor", *(s.name for s in styles)], rows, numeric=numeric),
        ]
    return join(parts)


def _breakdown(
    title: str,
    what: str,
    air: Mapping[str, Mapping[str, Any]],
    styles: Sequence[SideStyle],
    key: str,
    name: Any,
) -> list[Markup]:
    """A table of one of the summary's counters (by type, by cause), one column per side."""
    keys = sorted({k for s in styles for k in (air[s.id].get(key) or {})}, key=str)
    if not keys:
        return []
    rows = [
        [name(k), *(number((air[s.id].get(key) or {}).get(k, 0)) for s in styles)] for k in keys
    ]
    headers = [what, *(s.name for s in styles)]
    return [el("h3", title), table(headers, rows, numeric=range(1, len(headers)))]


def _event_breakdown(
    title: str,
    kind: str,
    field: str,
    events: Sequence[Mapping[str, Any]],
    styles: Sequence[SideStyle],
    count: Any,
    labels: tuple[str, str],
    name: Any,
) -> list[Markup]:
    """Totals of events of one kind by side and ``field`` (weapon): two numbers each."""
    totals: dict[tuple[str, str], list[int]] = {}
    for event in events:
        if event.get("kind") != kind:
            continue
        cell = totals.setdefault((str(event.get(field)), str(event.get("side"))), [0, 0])
        a, b = count(event)
        cell[0] += a
        cell[1] += b
    if not totals:
        return []
    weapons = sorted({weapon for weapon, _ in totals}, key=name)
    rows = []
    for weapon in weapons:
        row: list[Any] = [name(weapon)]
        for s in styles:
            a, b = totals.get((weapon, s.id), [0, 0])
            row += [number(a), number(b)]
        rows.append(row)
    headers = [field]
    for s in styles:
        headers += [f"{s.name}: {labels[0]}", labels[1]]
    return [el("h3", title), table(headers, rows, numeric=range(1, len(headers)))]


# -- helpers -----------------------------------------------------------------------------------


def _has_columns(record: GameRecord, side: str, metric: str) -> bool:
    return bool(record.turns) and f"{side}_{metric}" in record.turns[0]


def _start(record: GameRecord) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(str(record.summary["start"]))
    except ValueError:
        return dt.datetime(1970, 1, 1)


def when(iso: str) -> str:
    """``2020-09-27T06:00:00`` as ``27 September 2020, 06:00``."""
    try:
        moment = dt.datetime.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    return f"{moment.day} {moment.strftime('%B %Y, %H:%M')}"


def number(value: Any) -> str:
    """Whole numbers with thousands separated; others to two decimals; '-' for nothing."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return f"{int(value):,}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def settings(values: Mapping[str, Any]) -> str:
    return ", ".join(f"{key} = {value}" for key, value in values.items())
