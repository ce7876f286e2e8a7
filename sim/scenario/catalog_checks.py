"""Checks across the merged sections of a catalog: every id a section names must exist."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sim.errors import Problem
from sim.scenario.air_schema import TARGET_CLASSES
from sim.scenario.catalog_schema import EQUIPMENT_CATEGORIES, Rules
from sim.scenario.common import POSTURES
from sim.scenario.yaml_source import YamlDocument


class _Report:
    """Collects problems, each located in the file that defines the entry."""

    def __init__(self, origin: dict[tuple[str, str], YamlDocument], rules_doc: YamlDocument):
        self.origin, self.rules_doc = origin, rules_doc
        self.problems: list[Problem] = []

    def entry(self, section: str, key: str, path: tuple, message: str) -> None:
        doc = self.origin[section, key]
        source, line, _ = doc.locate((section, key, *path))
        self.problems.append(
            Problem(source, line, ".".join([section, key, *map(str, path)]), message)
        )

    def rules(self, path: tuple[str, ...], message: str) -> None:
        _, line, _ = self.rules_doc.locate(("rules", *path))
        self.problems.append(
            Problem(self.rules_doc.source, line, ".".join(("rules", *path)), message)
        )

    def unknown(
        self, section: str, key: str, path: tuple, what: str, name: str, known: Iterable[str]
    ) -> None:
        self.entry(
            section,
            key,
            path,
            f"unknown {what} '{name}'; expected one of: {', '.join(known) or '(none)'}",
        )


def check_catalog(
    merged: dict[str, dict[str, Any]],
    origin: dict[tuple[str, str], YamlDocument],
    rules: Rules,
    rules_doc: YamlDocument,
) -> list[Problem]:
    """Every problem with references between the merged sections of a catalog."""
    report = _Report(origin, rules_doc)
    _check_terrain(merged, report)
    _check_units(merged, report)
    _check_air(merged, report)
    _check_rules(merged, rules, report)
    return report.problems


def _check_terrain(merged: dict[str, dict[str, Any]], report: _Report) -> None:
    mobility = merged["mobility_classes"]
    if not mobility:
        report.problems.append(
            Problem(
                report.rules_doc.source,
                None,
                "mobility_classes",
                "the catalog defines no mobility classes",
            )
        )
    seen_symbols: dict[str, str] = {}
    for key, terrain in merged["terrain_classes"].items():
        if terrain.symbol.isspace() or terrain.symbol == "#":
            report.entry("terrain_classes", key, ("symbol",), "a symbol may not be blank or '#'")
        elif terrain.symbol in seen_symbols:
            report.entry(
                "terrain_classes",
                key,
                ("symbol",),
                f"symbol '{terrain.symbol}' already used by '{seen_symbols[terrain.symbol]}'",
            )
        seen_symbols.setdefault(terrain.symbol, key)
        for name in terrain.movement_cost:
            if name not in mobility:
                report.unknown(
                    "terrain_classes",
                    key,
                    ("movement_cost", name),
                    "mobility class",
                    name,
                    mobility,
                )
        missing = [m for m in mobility if m not in terrain.movement_cost]
        if missing:
            report.entry(
                "terrain_classes",
                key,
                ("movement_cost",),
                f"no cost given for mobility class(es): {', '.join(missing)}",
            )


def _check_units(merged: dict[str, dict[str, Any]], report: _Report) -> None:
    mobility, equipment, munitions = (
        merged["mobility_classes"],
        merged["equipment"],
        merged["munitions"],
    )
    for key, unit_type in merged["unit_types"].items():
        if unit_type.mobility not in mobility:
            report.unknown(
                "unit_types", key, ("mobility",), "mobility class", unit_type.mobility, mobility
            )
        for name in unit_type.equipment:
            if name not in equipment:
                report.unknown("unit_types", key, ("equipment", name), "equipment", name, equipment)
        for name in unit_type.stores:
            if name not in munitions:
                report.unknown("unit_types", key, ("stores", name), "munition", name, munitions)
    for key, item in equipment.items():
        if item.sam is not None and item.sam.munition not in munitions:
            report.unknown(
                "equipment", key, ("sam", "munition"), "munition", item.sam.munition, munitions
            )


def _check_air(merged: dict[str, dict[str, Any]], report: _Report) -> None:
    munitions = merged["munitions"]
    pk_keys = (*EQUIPMENT_CATEGORIES, *TARGET_CLASSES)
    for key, munition in munitions.items():
        for name in munition.pk:
            if name not in pk_keys:
                report.unknown("munitions", key, ("pk", name), "target category", name, pk_keys)
        for i, name in enumerate(munition.prefers):
            if name not in EQUIPMENT_CATEGORIES:
                report.unknown(
                    "munitions",
                    key,
                    ("prefers", i),
                    "equipment category",
                    name,
                    EQUIPMENT_CATEGORIES,
                )
    for key, air_type in merged["air_types"].items():
        for name in air_type.weapons:
            if name not in munitions:
                report.unknown("air_types", key, ("weapons", name), "munition", name, munitions)
        if air_type.warhead is not None and air_type.warhead not in munitions:
            report.unknown("air_types", key, ("warhead",), "munition", air_type.warhead, munitions)


def _check_rules(merged: dict[str, dict[str, Any]], rules: Rules, report: _Report) -> None:
    for path, table in (
        (("combat", "posture_defence"), rules.combat.posture_defence),
        (("combat", "posture_protection"), rules.combat.posture_protection),
        (("air", "posture_signature"), rules.air.posture_signature),
    ):
        missing = [p for p in POSTURES if p not in table]
        if missing:
            report.rules(path, f"no value for posture(s): {', '.join(missing)}")
    mobility = merged["mobility_classes"]
    if rules.supply.trace_mobility not in mobility:
        report.rules(
            ("supply", "trace_mobility"),
            f"unknown mobility class "
            f"'{rules.supply.trace_mobility}'; expected one of: {', '.join(mobility)}",
        )
    missing_roads = [
        k for k in ("highway", "road", "track") if k not in rules.movement.road_speed_factor
    ]
    if missing_roads:
        report.rules(
            ("movement", "road_speed_factor"),
            f"no factor for road kind(s): {', '.join(missing_roads)}",
        )
    missing_sensors = [
        k for k in ("eo", "radar", "elint", "ground") if k not in rules.air.identify_probability
    ]
    if missing_sensors:
        report.rules(
            ("air", "identify_probability"), f"no value for sensor(s): {', '.join(missing_sensors)}"
        )
