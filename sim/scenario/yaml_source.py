"""Reading YAML safely while remembering on which line every field stands.

The data comes from ``yaml.safe_load``; the line numbers come from composing the same text into
PyYAML's node graph (which constructs no objects). Error reports use :meth:`YamlDocument.locate`
to turn a field path from the schema into a line of the file, or into the ``--set`` override that
supplied the value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sim.errors import FieldPath, InputError, Problem, format_field_path


@dataclass
class _Node:
    """The line of one YAML node and, for collections, its children by key or index."""

    line: int
    children: dict[str | int, _Node] = field(default_factory=dict)
    override: str | None = None


@dataclass
class YamlDocument:
    """One parsed YAML file: its data and a map from field paths to lines."""

    source: str
    data: Any
    root: _Node

    def locate(self, loc: FieldPath) -> tuple[str, int | None, FieldPath]:
        """Where a schema location stands: (source, line, the part of ``loc`` found in the file).

        Segments that are not in the file (such as a union's tag or a missing field) are skipped,
        so a location always resolves to the deepest enclosing node that exists.
        """
        node, found = self.root, []
        for part in loc:
            key = part if isinstance(part, int) else str(part)
            child = node.children.get(key)
            if child is None:
                continue
            node = child
            found.append(part)
            if node.override is not None:
                return node.override, None, tuple(found)
        return self.source, node.line, tuple(found)

    def mark_override(self, path: FieldPath, label: str) -> None:
        """Record that the value at ``path`` came from an override called ``label``."""
        node = self.root
        for part in path:
            key = part if isinstance(part, int) else str(part)
            node = node.children.setdefault(key, _Node(line=node.line))
        node.override = label
        node.children.clear()


def _index(node: yaml.Node, source: str, problems: list[Problem], path: FieldPath) -> _Node:
    entry = _Node(line=node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in entry.children and key != "<<":
                problems.append(
                    Problem(
                        source,
                        key_node.start_mark.line + 1,
                        format_field_path((*path, key)),
                        f"duplicate key '{key}' (first given on line {entry.children[key].line})",
                    )
                )
                continue
            child = _index(value_node, source, problems, (*path, key))
            child.line = key_node.start_mark.line + 1
            entry.children[key] = child
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            entry.children[i] = _index(item, source, problems, (*path, i))
    return entry


def _mark_line(error: yaml.YAMLError) -> int | None:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return None if mark is None else mark.line + 1


def load_yaml(path: Path, what: str = "file") -> YamlDocument:
    """Read and safely parse one YAML file, or raise :class:`InputError` saying why not."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError.single(source, f"{what} not found") from None
    except IsADirectoryError:
        raise InputError.single(source, f"{what} is a directory, expected a YAML file") from None
    except UnicodeDecodeError as exc:
        raise InputError.single(source, f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise InputError.single(source, f"cannot read {what}: {exc.strerror}") from None
    return parse_yaml(text, source)


# libyaml's C implementation of the same safe loader, when PyYAML was built with it: large
# scenarios (thousands of units) load several times faster. Either way the document is composed
# once and constructed exactly as ``yaml.safe_load`` does it (plain data only), while the node
# graph gives the line of every field.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, source: str) -> YamlDocument:
    """Parse YAML text with the safe loader only, and index its lines."""
    loader = _SAFE_LOADER(text)
    try:
        node = loader.get_single_node()
        data = None if node is None else loader.construct_document(node)
    except yaml.YAMLError as exc:
        reason = getattr(exc, "problem", None) or str(exc)
        if "another document" in reason:
            reason = "expected a single YAML document, found several ('---')"
            raise InputError.single(source, reason, _mark_line(exc)) from None
        raise InputError.single(source, f"malformed YAML: {reason}", _mark_line(exc)) from None
    finally:
        loader.dispose()
    if node is None:
        raise InputError.single(source, "the file is empty, expected a YAML mapping")
    problems: list[Problem] = []
    root = _index(node, source, problems, ())
    if problems:
        raise InputError(problems)
    if not isinstance(data, dict):
        raise InputError.single(
            source, f"expected a YAML mapping at the top level, found {type(data).__name__}", 1
        )
    return YamlDocument(source=source, data=data, root=root)
