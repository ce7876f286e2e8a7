"""What-ifs: counterfactuals a scenario defines, switched on by ``--set what_ifs.NAME.active=true``.

A what-if is a named set of overrides (``set: {dotted.key: value}``) that the loader applies,
after the command line's own overrides, when the what-if is active. A key the command line set
explicitly is left as the user set it. What-ifs are read from the raw file, before validation,
so that the schema then checks the scenario as the what-if makes it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sim.errors import InputError
from sim.scenario.overrides import Override
from sim.scenario.yaml_source import YamlDocument


def active_what_if_overrides(doc: YamlDocument, explicit: Iterable[str]) -> list[Override]:
    """The overrides of every active what-if in ``doc``, minus keys the user set himself."""
    what_ifs = doc.data.get("what_ifs")
    if not isinstance(what_ifs, dict):
        return []
    explicit = set(explicit)
    found = []
    for name, spec in what_ifs.items():
        if not isinstance(spec, dict) or spec.get("active") is not True:
            continue
        settings = spec.get("set")
        if not isinstance(settings, dict):
            continue
        for key, value in settings.items():
            if isinstance(key, str) and key not in explicit:
                found.append(Override(key, value, f"what-if {name}: {key}={value}"))
    return found


def check_switches(doc: YamlDocument, given: Iterable[Override]) -> None:
    """Refuse ``--set`` keys under ``what_ifs`` that do not switch a what-if of this scenario.

    Without this an unknown name would silently create an empty what-if, and the schema would
    then complain about its missing fields, far from what the user typed.
    """
    defined = doc.data.get("what_ifs")
    names = sorted(defined) if isinstance(defined, dict) else []
    for override in given:
        parts = override.key.split(".")
        if parts[0] != "what_ifs":
            continue
        if len(parts) < 2 or parts[1] not in names:
            known = ", ".join(names) if names else "none"
            name = parts[1] if len(parts) > 1 else ""
            raise InputError.single(
                override.label, f"no what-if '{name}' in {doc.source}; it has: {known}"
            )
        if parts[2:] != ["active"]:
            raise InputError.single(
                override.label, f"switch a what-if with what_ifs.{parts[1]}.active=true"
            )
