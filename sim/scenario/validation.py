"""Schema validation that reports every error of a document with its line and what was expected."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from sim.errors import FieldPath, Problem, format_field_path
from sim.scenario.yaml_source import YamlDocument

M = TypeVar("M", bound=BaseModel)


def validate_document(
    model: type[M], doc: YamlDocument, problems: list[Problem], data: Any = None
) -> M | None:
    """Validate ``doc`` (or ``data`` located in ``doc``) against ``model``.

    Returns the validated object, or None after appending one problem per error to ``problems``.
    """
    try:
        return model.model_validate(doc.data if data is None else data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            problems.append(_problem(model, doc, error))
        return None


def _problem(root: type[BaseModel], doc: YamlDocument, error: Any) -> Problem:
    loc: FieldPath = tuple(error["loc"])
    source, line, found = doc.locate(loc)
    shown = list(found)
    if len(found) < len(loc) and not _is_tag(root, loc):
        shown.append(loc[-1])
    return Problem(source, line, format_field_path(tuple(shown)), _describe(root, loc, error))


def _is_tag(root: type[BaseModel], loc: FieldPath) -> bool:
    """True if the last segment of ``loc`` names a union member rather than a field."""
    return _annotation_at(root, loc) is None and _annotation_at(root, loc[:-1]) is not None


def _describe(root: type[BaseModel], loc: FieldPath, error: Any) -> str:
    kind = error["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        allowed = _field_names(root, loc[:-1])
        name = str(loc[-1])
        if not allowed:
            return f"unknown field '{name}'"
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"unknown field '{name}'{hint}; expected one of: {', '.join(sorted(allowed))}"
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if kind in {"value_error", "union_tag_invalid", "union_tag_not_found"}:
        return message
    return f"{message} (got {_short(error.get('input'))})"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _field_names(root: type[BaseModel], loc: FieldPath) -> list[str]:
    annotation = _annotation_at(root, loc)
    for candidate in _members(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return list(candidate.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _members(annotation: Any) -> list[Any]:
    annotation = _unwrap(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [_unwrap(a) for a in typing.get_args(annotation)]
    return [annotation]


def _annotation_at(root: type[BaseModel], loc: FieldPath) -> Any:
    """The type the schema expects at ``loc``, following models, lists, dicts and unions."""
    current: Any = root
    for part in loc:
        current = _step(current, part)
        if current is None:
            return None
    return current


def _step(annotation: Any, part: str | int) -> Any:
    for member in _members(annotation):
        origin = typing.get_origin(member)
        if isinstance(member, type) and issubclass(member, BaseModel):
            field = member.model_fields.get(str(part))
            if field is not None:
                return field.annotation
            kind = member.model_fields.get("kind")
            if kind is not None and part in typing.get_args(_unwrap(kind.annotation)):
                return member
        elif origin in (list, tuple) and isinstance(part, int):
            args = typing.get_args(member)
            return (
                args[0]
                if origin is list or (len(args) == 2 and args[1] is ...)
                else (args[part] if part < len(args) else None)
            )
        elif origin is dict and isinstance(part, str):
            return typing.get_args(member)[1]
    return None
