"""Building blocks shared by the scenario and catalog schemas."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
PositiveFloat = Annotated[float, Field(gt=0.0)]
NonNegativeFloat = Annotated[float, Field(ge=0.0)]
NonNegativeInt = Annotated[int, Field(ge=0)]
Identifier = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", max_length=64)]

Posture = Literal["move", "attack", "defend", "dig_in"]
POSTURES: tuple[Posture, ...] = ("move", "attack", "defend", "dig_in")


def _as_tag_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


SourceTags = Annotated[
    list[Annotated[str, Field(min_length=1)]],
    BeforeValidator(_as_tag_list),
    Field(min_length=1),
]
"""One tag or a list of tags, each a key of the file's ``sources:`` block."""


class Strict(BaseModel):
    """Immutable, and rejects keys it does not know (a typo must not pass silently)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(Strict):
    """An entry whose numbers come from the sources named in ``source``."""

    source: SourceTags
