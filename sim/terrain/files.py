"""Reading and writing the two terrain file formats: heightmap and terrain-class map.

Both are plain text, one line per hex row from north (row 0) to south, so they can be edited by
hand, diffed and produced by any tool. Lines starting with ``#`` are comments.

* Heightmap: whitespace-separated numbers, metres above sea level, one per hex.
* Terrain-class map: one character per hex, each the ``symbol`` of a terrain class of the catalog.

Arrays are returned in the engine's orientation, indexed ``[col, row]`` like Mesa's grid.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import numpy as np

from sim.errors import InputError, ProblemList

MIN_ELEVATION_M = -500.0
MAX_ELEVATION_M = 9000.0
HEIGHTMAP_HEADER = "# wargame heightmap v1: metres above sea level, one line per row, north first"
CLASSMAP_HEADER = "# wargame terrain classes v1: one symbol per hex, one line per row, north first"


def _data_lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError.single(path, "terrain file not found") from None
    except IsADirectoryError:
        raise InputError.single(path, "terrain file is a directory") from None
    except UnicodeDecodeError as exc:
        raise InputError.single(path, f"not UTF-8 text ({exc.reason})") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line


MAX_ROW_PROBLEMS = 3
"""A file with many bad rows gets this many messages and a count, not one line per row."""


class _RowProblems:
    """Collects per-row problems of one terrain file, capping their number."""

    def __init__(self, path: Path, rows: int):
        self.path, self.rows = path, rows
        self.problems = ProblemList()
        self.bad_rows = 0

    def add(self, line: int, message: str) -> None:
        self.bad_rows += 1
        if self.bad_rows <= MAX_ROW_PROBLEMS:
            self.problems.add(self.path, line, "", message)

    def finish(self, found: int) -> None:
        if self.bad_rows > MAX_ROW_PROBLEMS:
            self.problems.add(
                self.path,
                None,
                "",
                f"... and {self.bad_rows - MAX_ROW_PROBLEMS} more rows like these",
            )
        if found != self.rows:
            self.problems.add(
                self.path, None, "", f"expected {self.rows} rows (the map's size), found {found}"
            )
        self.problems.raise_if_any()


def read_heightmap(path: Path, cols: int, rows: int) -> np.ndarray:
    """Elevations in metres as a float array of shape (cols, rows)."""
    problems = _RowProblems(path, rows)
    grid = np.zeros((rows, cols), dtype=np.float64)
    count = 0
    for number, line in _data_lines(path):
        fields = line.split()
        if count < rows:
            if len(fields) != cols:
                problems.add(number, f"expected {cols} values in row {count}, found {len(fields)}")
            else:
                values = np.array([float(f) if _is_number(f) else np.nan for f in fields])
                bad = ~np.isfinite(values) | (values < MIN_ELEVATION_M) | (values > MAX_ELEVATION_M)
                if bad.any():
                    col = int(np.argmax(bad))
                    problems.add(
                        number,
                        f"'{fields[col]}' in column {col} is not an elevation "
                        f"in metres between {MIN_ELEVATION_M:g} and {MAX_ELEVATION_M:g}",
                    )
                grid[count] = values
        count += 1
    problems.finish(count)
    return grid.T.copy()


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def read_class_map(path: Path, cols: int, rows: int, symbols: Mapping[str, int]) -> np.ndarray:
    """Terrain-class indices as an int array of shape (cols, rows), via the catalog's symbols."""
    problems = _RowProblems(path, rows)
    grid = np.zeros((rows, cols), dtype=np.int16)
    count = 0
    for number, raw in _data_lines(path):
        line = raw.strip()
        if count < rows:
            unknown = sorted({ch for ch in line if ch not in symbols})
            if len(line) != cols:
                problems.add(number, f"expected {cols} symbols in row {count}, found {len(line)}")
            elif unknown:
                problems.add(
                    number,
                    f"unknown terrain symbol(s) {', '.join(map(repr, unknown))}; "
                    f"expected one of: {' '.join(sorted(symbols))}",
                )
            else:
                grid[count] = [symbols[ch] for ch in line]
        count += 1
    problems.finish(count)
    return grid.T.copy()


def write_heightmap(path: Path, elevation: np.ndarray) -> None:
    """Write a (cols, rows) elevation array in the heightmap format (whole metres)."""
    lines = [HEIGHTMAP_HEADER]
    lines += [" ".join(str(round(v)) for v in row) for row in elevation.T]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_class_map(path: Path, classes: np.ndarray, symbols: list[str]) -> None:
    """Write a (cols, rows) class-index array with ``symbols[index]`` for each hex."""
    lines = [CLASSMAP_HEADER]
    lines += ["".join(symbols[int(v)] for v in row) for row in classes.T]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
