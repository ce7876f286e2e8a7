"""The equipment catalog: merged from its YAML files, checked, and indexed for the rules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from sim.scenario.catalog_schema import (
    CatalogFile,
    EquipmentType,
    MobilityClass,
    Rules,
    TerrainClass,
    UnitType,
)
from sim.scenario.common import POSTURES
from sim.scenario.errors import InputError, Problem
from sim.scenario.overrides import apply_override, owner_of
from sim.scenario.sourcing import check_source_tags
from sim.scenario.validation import validate_document
from sim.scenario.yaml_source import YamlDocument, load_yaml

SECTIONS = ("terrain_classes", "mobility_classes", "equipment", "unit_types")


@dataclass(frozen=True)
class Catalog:
    """All equipment, unit and terrain types a scenario may use, and the rules' constants."""

    files: tuple[str, ...]
    sources: Mapping[str, str]
    terrain_classes: Mapping[str, TerrainClass]
    mobility_classes: Mapping[str, MobilityClass]
    equipment: Mapping[str, EquipmentType]
    unit_types: Mapping[str, UnitType]
    rules: Rules

    @cached_property
    def terrain_ids(self) -> tuple[str, ...]:
        """Terrain class ids in the order of their indices in terrain arrays."""
        return tuple(self.terrain_classes)

    @cached_property
    def terrain_symbols(self) -> dict[str, int]:
        return {tc.symbol: i for i, tc in enumerate(self.terrain_classes.values())}

    @cached_property
    def mobility_ids(self) -> tuple[str, ...]:
        return tuple(self.mobility_classes)


def load_catalog(paths: Sequence[Path], overrides: Mapping[str, Any] | None = None) -> Catalog:
    """Load, override and check the catalog files; raise :class:`InputError` with every problem."""
    problems: list[Problem] = []
    docs: list[YamlDocument] = []
    for path in paths:
        try:
            docs.append(load_yaml(path, what="catalog file"))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)

    for key, value in (overrides or {}).items():
        label = f"--set catalog.{key}={value}"
        doc = owner_of(docs, key)
        if doc is None:
            raise InputError.single(
                label, f"no catalog section or entry for '{key}' in {', '.join(map(str, paths))}"
            )
        apply_override(doc, key, value, label)

    files = [validate_document(CatalogFile, doc, problems) for doc in docs]
    if problems:
        raise InputError(problems)
    return _merge([f for f in files if f is not None], docs, problems)


def _merge(files: list[CatalogFile], docs: list[YamlDocument], problems: list[Problem]) -> Catalog:
    merged: dict[str, dict[str, Any]] = {name: {} for name in SECTIONS}
    origin: dict[tuple[str, str], YamlDocument] = {}
    sources: dict[str, str] = {}
    rules: Rules | None = None
    rules_doc: YamlDocument | None = None
    for file, doc in zip(files, docs, strict=True):
        check_source_tags(file, file.sources, doc, problems)
        sources.update(file.sources)
        for section in SECTIONS:
            for key, entry in getattr(file, section).items():
                if key in merged[section]:
                    _, line, _ = doc.locate((section, key))
                    problems.append(
                        Problem(
                            doc.source,
                            line,
                            f"{section}.{key}",
                            f"defined again (first in {origin[section, key].source})",
                        )
                    )
                    continue
                merged[section][key] = entry
                origin[section, key] = doc
        if file.rules is not None:
            if rules is not None:
                _, line, _ = doc.locate(("rules",))
                problems.append(
                    Problem(
                        doc.source,
                        line,
                        "rules",
                        f"rules defined again (first in {rules_doc.source})",
                    )
                )
            rules, rules_doc = file.rules, doc
    if rules is None:
        problems.append(
            Problem(
                docs[-1].source if docs else "catalog",
                None,
                "rules",
                "no catalog file defines the 'rules' section",
            )
        )
        raise InputError(problems)

    _check_references(merged, origin, rules, rules_doc, problems)
    if problems:
        raise InputError(problems)
    return Catalog(
        files=tuple(doc.source for doc in docs),
        sources=sources,
        terrain_classes=merged["terrain_classes"],
        mobility_classes=merged["mobility_classes"],
        equipment=merged["equipment"],
        unit_types=merged["unit_types"],
        rules=rules,
    )


def _check_references(
    merged: dict[str, dict[str, Any]],
    origin: dict[tuple[str, str], YamlDocument],
    rules: Rules,
    rules_doc: YamlDocument,
    problems: list[Problem],
) -> None:
    def report(section: str, key: str, path: tuple, message: str) -> None:
        doc = origin[section, key]
        source, line, _ = doc.locate((section, key, *path))
        field_path = ".".join([section, key, *map(str, path)])
        problems.append(Problem(source, line, field_path, message))

    mobility = merged["mobility_classes"]
    if not mobility:
        problems.append(
            Problem(
                rules_doc.source,
                None,
                "mobility_classes",
                "the catalog defines no mobility classes",
            )
        )
    seen_symbols: dict[str, str] = {}
    for key, terrain in merged["terrain_classes"].items():
        if terrain.symbol.isspace() or terrain.symbol == "#":
            report("terrain_classes", key, ("symbol",), "a symbol may not be blank or '#'")
        elif terrain.symbol in seen_symbols:
            report(
                "terrain_classes",
                key,
                ("symbol",),
                f"symbol '{terrain.symbol}' already used by '{seen_symbols[terrain.symbol]}'",
            )
        seen_symbols.setdefault(terrain.symbol, key)
        for name in terrain.movement_cost:
            if name not in mobility:
                report(
                    "terrain_classes",
                    key,
                    ("movement_cost", name),
                    f"unknown mobility class '{name}'; expected one of: {', '.join(mobility)}",
                )
        missing = [m for m in mobility if m not in terrain.movement_cost]
        if missing:
            report(
                "terrain_classes",
                key,
                ("movement_cost",),
                f"no cost given for mobility class(es): {', '.join(missing)}",
            )
    for key, unit_type in merged["unit_types"].items():
        if unit_type.mobility not in mobility:
            report(
                "unit_types",
                key,
                ("mobility",),
                f"unknown mobility class "
                f"'{unit_type.mobility}'; expected one of: {', '.join(mobility)}",
            )
        for name in unit_type.equipment:
            if name not in merged["equipment"]:
                report(
                    "unit_types",
                    key,
                    ("equipment", name),
                    f"unknown equipment '{name}'; expected one of: "
                    f"{', '.join(merged['equipment'])}",
                )
    for table in ("posture_defence", "posture_protection"):
        missing = [p for p in POSTURES if p not in getattr(rules.combat, table)]
        if missing:
            _, line, _ = rules_doc.locate(("rules", "combat", table))
            problems.append(
                Problem(
                    rules_doc.source,
                    line,
                    f"rules.combat.{table}",
                    f"no value for posture(s): {', '.join(missing)}",
                )
            )
    if rules.supply.trace_mobility not in mobility:
        _, line, _ = rules_doc.locate(("rules", "supply", "trace_mobility"))
        problems.append(
            Problem(
                rules_doc.source,
                line,
                "rules.supply.trace_mobility",
                f"unknown mobility class '{rules.supply.trace_mobility}'; "
                f"expected one of: {', '.join(mobility)}",
            )
        )
    missing_roads = [
        k for k in ("highway", "road", "track") if k not in rules.movement.road_speed_factor
    ]
    if missing_roads:
        _, line, _ = rules_doc.locate(("rules", "movement", "road_speed_factor"))
        problems.append(
            Problem(
                rules_doc.source,
                line,
                "rules.movement.road_speed_factor",
                f"no factor for road kind(s): {', '.join(missing_roads)}",
            )
        )
