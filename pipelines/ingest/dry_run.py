"""A declaration tried on its landing files without touching the warehouse: each file is loaded into a
throwaway in-memory database by the same loader a build uses, so the rows that would load and the
quarantine reasons are the ones a build would find."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.ingest.loader import FileLoad, load_file
from pipelines.sources.base import EntitySpec


def dry_run(spec: EntitySpec, landing_root: Path) -> list[FileLoad]:
    """What loading each landing file of ``spec`` would give (each file on its own, as if new)."""
    loads = []
    for path in spec.landing_files(landing_root):
        with duckdb.connect(":memory:") as con:
            loads.append(load_file(con, spec, path, landing_root))
    return loads


def describe(spec: EntitySpec, load: FileLoad) -> str:
    """One line for one file."""
    if load.error:
        return f"{load.file}: would fail: {load.error}"
    line = f"{load.file}: {load.rows_loaded:,} row(s) would load, {load.rows_quarantined:,} quarantined"
    if load.reasons:
        line += " (" + ", ".join(f"{reason}: {rows:,}" for reason, rows in load.reasons.items()) + ")"
    required = [name for name in load.missing_columns if spec.get(name).required]
    if required:
        line += f"; required columns not in the file: {', '.join(required)}"
    return line
