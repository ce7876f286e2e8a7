"""The equipment catalog: merged from its YAML files, checked, and indexed for the rules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from sim.errors import InputError, Problem
from sim.scenario.air_schema import AirType, Munition
from sim.scenario.catalog_checks import check_catalog
from sim.scenario.catalog_schema import (
    CatalogFile,
    EquipmentType,
    MobilityClass,
    Rules,
    TerrainClass,
    UnitType,
)
from sim.scenario.overrides import Override, apply_override, owner_of
from sim.scenario.sourcing import check_source_tags
from sim.scenario.validation import validate_document
from sim.scenario.yaml_source import YamlDocument, load_yaml

SECTIONS = (
    "terrain_classes",
    "mobility_classes",
    "equipment",
    "unit_types",
    "munitions",
    "air_types",
)


@dataclass(frozen=True)
class Catalog:
    """All equipment, unit and terrain types a scenario may use, and the rules' constants."""

    files: tuple[str, ...]
    sources: Mapping[str, str]
    terrain_classes: Mapping[str, TerrainClass]
    mobility_classes: Mapping[str, MobilityClass]
    equipment: Mapping[str, EquipmentType]
    unit_types: Mapping[str, UnitType]
    munitions: Mapping[str, Munition]
    air_types: Mapping[str, AirType]
    rules: Rules

    @cached_property
    def terrain_ids(self) -> tuple[str, ...]:
        """Terrain class ids in the order of their indices in terrain arrays."""
        return tuple(self.terrain_classes)

    @cached_property
    def terrain_symbols(self) -> dict[str, int]:
        return {tc.symbol: i for i, tc in enumerate(self.terrain_classes.values())}

    @property
    def road_speed_factor(self) -> Mapping[str, float]:
        """Speed on each kind of road relative to a highway (``rules.movement``)."""
        return self.rules.movement.road_speed_factor

    @cached_property
    def mobility_ids(self) -> tuple[str, ...]:
        return tuple(self.mobility_classes)


def load_catalog(paths: Sequence[Path], overrides: Sequence[Override] = ()) -> Catalog:
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

    for override in overrides:
        doc = owner_of(docs, override.key)
        if doc is None:
            raise InputError.single(
                override.label,
                f"no catalog section or entry for '{override.key}' in {', '.join(map(str, paths))}",
            )
        apply_override(doc, override.key, override.value, override.label)

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

    problems.extend(check_catalog(merged, origin, rules, rules_doc))
    if problems:
        raise InputError(problems)
    return Catalog(
        files=tuple(doc.source for doc in docs),
        sources=sources,
        terrain_classes=merged["terrain_classes"],
        mobility_classes=merged["mobility_classes"],
        equipment=merged["equipment"],
        unit_types=merged["unit_types"],
        munitions=merged["munitions"],
        air_types=merged["air_types"],
        rules=rules,
    )
