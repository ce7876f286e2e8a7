"""Finding every ``source:`` tag in a validated document, to check each names a known source."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel

from sim.errors import FieldPath, Problem, format_field_path
from sim.scenario.yaml_source import YamlDocument


def iter_source_tags(value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Yield (field path, tag) for every ``source`` field found anywhere inside ``value``."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            child = getattr(value, name)
            if name == "source" and isinstance(child, list):
                for i, tag in enumerate(child):
                    yield (*path, "source", i) if len(child) > 1 else (*path, "source"), tag
            else:
                yield from iter_source_tags(child, (*path, name))
    elif isinstance(value, Mapping):
        for key, child in value.items():
            yield from iter_source_tags(child, (*path, key))
    elif isinstance(value, list | tuple):
        for i, child in enumerate(value):
            yield from iter_source_tags(child, (*path, i))


def check_source_tags(
    document: BaseModel, known: Mapping[str, str], doc: YamlDocument, problems: list[Problem]
) -> None:
    """Report each tag in ``document`` that is not a key of its ``sources:`` block."""
    for path, tag in iter_source_tags(document):
        if tag not in known:
            source, line, _ = doc.locate(path)
            expected = ", ".join(sorted(known)) or "(the file has no sources: block)"
            problems.append(
                Problem(
                    source,
                    line,
                    format_field_path(path),
                    f"unknown source tag '{tag}'; expected one of: {expected}",
                )
            )
