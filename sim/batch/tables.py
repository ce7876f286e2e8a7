"""The batch's tables, built from its journal: ``runs`` (one row per run) and ``turns``.

Rows are sorted by (point, run) and typed the same way whatever order the runs finished in, so
the tables of a batch are identical whatever executor played it, or whether it was resumed. The
runs table is small (one row a run) and built in memory; the turns table is streamed from the
journal to Parquet (and CSV) a few hundred runs at a time, so memory stays flat.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.batch.journal import Journal, Key

RUN_COLUMNS = ("point", "run", "seed")
TURNS_PER_CHUNK = 256
"""Runs per Parquet row group of the turns table."""


def runs_table(journal: Journal, points: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """One row per finished run: its key and seed, its point's parameters, status, record.

    Built column by column (a list of values per column, not a dict per row), so that a batch
    of very many runs costs little more than the table itself."""
    columns: dict[str, list[Any]] = {}
    rows: dict[Key, int] = {}
    for line in journal.records():
        row = rows.setdefault((line["point"], line["run"]), len(rows))
        values = {name: line[name] for name in RUN_COLUMNS}
        values.update(points[line["point"]])
        values["status"] = line["status"]
        values["error"] = line.get("error")
        values.update({k: v for k, v in (line.get("record") or {}).items() if k != "seed"})
        for name, value in values.items():
            column = columns.setdefault(name, [])
            column.extend([None] * (row + 1 - len(column)))
            column[row] = value
    order = [rows[key] for key in sorted(rows)]
    table = {}
    for name, column in columns.items():
        column.extend([None] * (len(rows) - len(column)))
        table[name] = _typed([column[i] for i in order], name)
    return pd.DataFrame(table)


def _typed(values: list[Any], name: str) -> pd.Series:
    """One dtype per column from its Python values (None where a run failed or a thing never
    happened): whole numbers stay integers unless missing somewhere, times are floats, text
    stays text with None for missing."""
    present = [v for v in values if v is not None]
    if name == "seed":
        return pd.Series(values, dtype="uint64")
    if present and all(isinstance(v, bool) for v in present):
        return pd.Series(values, dtype="boolean")
    numeric = all(isinstance(v, numbers.Number) and not isinstance(v, bool) for v in present)
    if name.endswith("_day") or (present and numeric):
        whole = all(isinstance(v, numbers.Integral) for v in present)
        if whole and len(present) == len(values) and not name.endswith("_day"):
            return pd.Series(values, dtype="int64")
        return pd.Series([float("nan") if v is None else v for v in values], dtype="float64")
    return pd.Series([None if v is None else str(v) for v in values], dtype=object)


def write_runs(table: pd.DataFrame, parquet: Path, csv: Path | None) -> None:
    table.to_parquet(parquet, index=False)
    if csv is not None:
        table.to_csv(csv, index=False)


def write_turns(journal: Journal, keys: Sequence[Key], parquet: Path, csv: Path | None) -> int:
    """Stream the per-turn tables of ``keys`` (sorted) into one file; return the rows written."""
    offsets = journal.turn_offsets()
    writer: pq.ParquetWriter | None = None
    written = 0
    try:
        for frame in _turn_chunks(journal, [offsets[k] for k in keys]):
            table = pa.Table.from_pandas(frame, preserve_index=False)
            if writer is None:
                writer = pq.ParquetWriter(parquet, table.schema)
            writer.write_table(table.cast(writer.schema))
            if csv is not None:
                frame.to_csv(csv, mode="a" if written else "w", header=not written, index=False)
            written += len(frame)
    finally:
        if writer is not None:
            writer.close()
    if writer is None:  # no finished run: an empty table with the key columns
        empty = pd.DataFrame({name: pd.Series(dtype="int64") for name in RUN_COLUMNS})
        empty.to_parquet(parquet, index=False)
        if csv is not None:
            empty.to_csv(csv, index=False)
    return written


def _turn_chunks(journal: Journal, offsets: Sequence[int]) -> Iterator[pd.DataFrame]:
    for start in range(0, len(offsets), TURNS_PER_CHUNK):
        frames = []
        for offset in offsets[start : start + TURNS_PER_CHUNK]:
            line = journal.read_turns(offset)
            columns = line["columns"]
            length = len(next(iter(columns.values()), []))
            head = {name: [line[name]] * length for name in RUN_COLUMNS}
            frames.append(pd.DataFrame({**head, **columns}))
        frame = pd.concat(frames, ignore_index=True)
        frame["seed"] = frame["seed"].astype("uint64")
        yield frame
