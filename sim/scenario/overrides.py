"""``--set key=value`` overrides, applied to the raw YAML data before validation.

A key is a dotted path into the scenario (``turns``, ``sides.red.ai.attack_odds``) or, with the
prefix ``catalog.``, into the catalog (``catalog.rules.combat.noise_sigma``). In lists of entries
that have an ``id`` the id selects the entry (``units.red-2.strength``); a number selects by index.
Values are YAML scalars or flow collections (``0.5``, ``true``, ``[3, 4]``). The schema then checks
the result, and its messages name the override rather than a line of the file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from sim.errors import InputError
from sim.scenario.yaml_source import YamlDocument

CATALOG_PREFIX = "catalog."

_EXPONENT = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+$")
"""Numbers such as 1e30, which YAML 1.1 (PyYAML) reads as text unless they have a dot."""


def plain_value(value: Any) -> Any:
    """A value as typed on the command line: ``1e30`` is a number, as a user means it."""
    if isinstance(value, str) and _EXPONENT.match(value.strip()):
        return float(value)
    return value


def parse_set_argument(text: str) -> tuple[str, Any]:
    """Split ``key=value`` from the command line and parse the value as YAML."""
    label = f"--set {text}"
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise InputError.single(label, "expected KEY=VALUE, e.g. --set turns=10")
    if any(not part for part in key.split(".")):
        raise InputError.single(label, f"malformed key '{key}': empty segment")
    try:
        value = yaml.safe_load(raw) if raw.strip() else None
    except yaml.YAMLError as exc:
        reason = getattr(exc, "problem", None) or "not a YAML value"
        raise InputError.single(label, f"cannot parse value '{raw}': {reason}") from None
    if value is None:
        raise InputError.single(label, "missing value after '='")
    return key, plain_value(value)


@dataclass(frozen=True)
class Override:
    """One value to set, and what to call it when it is wrong (``--set k=v``, a what-if)."""

    key: str
    value: Any
    label: str


def from_mapping(
    overrides: Mapping[str, Any], origins: Mapping[str, str] | None = None
) -> list[Override]:
    """Overrides as the command line gives them, each checked to be a dotted key; messages
    name each by the option that gave it (``--set`` unless ``origins`` says otherwise)."""
    found = []
    for key, value in overrides.items():
        label = f"{(origins or {}).get(key, '--set')} {key}={value}"
        if not isinstance(key, str) or not key or any(not p for p in key.split(".")):
            raise InputError.single(label, "keys are dotted paths such as sides.red.ai.attack_odds")
        found.append(Override(key, value, label))
    return found


def split_overrides(overrides: list[Override]) -> tuple[list[Override], list[Override]]:
    """Separate scenario overrides from catalog overrides (prefix stripped)."""
    scenario, catalog = [], []
    for override in overrides:
        if override.key.startswith(CATALOG_PREFIX):
            key = override.key.removeprefix(CATALOG_PREFIX)
            catalog.append(Override(key, override.value, override.label))
        else:
            scenario.append(override)
    return scenario, catalog


def apply_override(doc: YamlDocument, key: str, value: Any, label: str) -> None:
    """Set ``value`` at dotted ``key`` in ``doc.data`` and mark it as coming from ``label``."""
    parts = key.split(".")
    container: Any = doc.data
    resolved: list[str | int] = []
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        where = ".".join(parts[:depth]) or "the top level"
        if isinstance(container, dict):
            if last:
                container[part] = value
                resolved.append(part)
                break
            if part not in container or container[part] is None:
                container[part] = {}
            resolved.append(part)
            container = container[part]
        elif isinstance(container, list):
            index = _list_index(container, part)
            if index is None:
                raise InputError.single(
                    label, f"no entry '{part}' in {where} (give an id or an index)"
                )
            resolved.append(index)
            if last:
                container[index] = value
                break
            container = container[index]
        else:
            raise InputError.single(
                label, f"cannot set '{part}' inside {where}, which is a {type(container).__name__}"
            )
    doc.mark_override(tuple(resolved), label)


def owner_of(docs: Sequence[YamlDocument], key: str) -> YamlDocument | None:
    """The catalog document that defines the section entry ``key`` points into."""
    parts = key.split(".")
    for depth in (2, 1):
        if len(parts) < depth:
            continue
        for doc in docs:
            if _has_path(doc.data, parts[:depth]):
                return doc
    return None


def _has_path(data: Any, parts: Sequence[str]) -> bool:
    for part in parts:
        if not isinstance(data, dict) or part not in data:
            return False
        data = data[part]
    return True


def _list_index(items: list, part: str) -> int | None:
    for i, item in enumerate(items):
        if isinstance(item, dict) and str(item.get("id")) == part:
            return i
    if part.isdigit() and int(part) < len(items):
        return int(part)
    return None
