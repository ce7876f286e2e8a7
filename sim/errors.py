"""Problems found in user input, reported all at once with file, line and field.

Every bad input (a scenario, a catalog, a terrain file, a ``--set`` override, an order file, a
save) ends up as one :class:`InputError` holding one or more :class:`Problem`. The CLI prints them
and exits with status 2; nothing else in the program needs to know how they are formatted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

FieldPath = tuple[str | int, ...]


def format_field_path(path: FieldPath) -> str:
    """``('units', 3, 'type')`` -> ``units[3].type``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input: where it is and what was expected."""

    source: str
    """A file path, or a pseudo-source such as ``--set units.b1.strength``."""
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class InputError(Exception):
    """Bad user input: one or more problems, each naming its file, line and field."""

    def __init__(self, problems: Sequence[Problem]):
        if not problems:
            raise ValueError("an InputError needs at least one problem")
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(
        cls, source: str | Path, message: str, line: int | None = None, field: str = ""
    ) -> InputError:
        """An error with a single problem."""
        return cls([Problem(str(source), line, field, message)])


class ProblemList:
    """Collects problems while checking a file, so that all of them are reported together."""

    def __init__(self) -> None:
        self._problems: list[Problem] = []

    def add(self, source: str | Path, line: int | None, field: str, message: str) -> None:
        self._problems.append(Problem(str(source), line, field, message))

    def extend(self, problems: Iterable[Problem]) -> None:
        self._problems.extend(problems)

    def __bool__(self) -> bool:
        return bool(self._problems)

    def __len__(self) -> int:
        return len(self._problems)

    def raise_if_any(self) -> None:
        if self._problems:
            raise InputError(self._problems)
