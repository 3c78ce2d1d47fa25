"""The contract of a landing entity: columns, types, keys, allowed values and ranges.

A spec is declarative. The loader turns it into set-based SQL that splits a landing file into rows
that honour the contract (raw) and rows that break it (quarantine, with the reason).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

FileFormat = Literal["csv", "jsonl"]
# How a source tells that a landing file is complete (see pipelines/ingest/arrival.py):
# "settle": its size and modification time stayed the same for the settle interval;
# "rename": the exporter writes *.part / *.tmp and renames it, so a file with its extension is whole;
# "marker": a "<file>.done" beside it, or a "_SUCCESS" in its folder written after it.
Arrival = Literal["settle", "rename", "marker"]


@dataclass(frozen=True)
class Field:
    """One column of a landing entity and the rules its values must obey."""

    name: str
    dtype: str  # DuckDB type of the column in raw.<table>
    required: bool = False
    allowed: tuple[str, ...] = ()
    min_value: float | None = None
    max_value: float | None = None
    not_future: bool = False
    pii: bool = False
    # Digits kept as text (a phone number): a spreadsheet shows long ones in scientific notation.
    digit_code: bool = False
    description: str = ""


@dataclass(frozen=True)
class RowRule:
    """A rule across fields, written as a SQL predicate over the typed values that is true when violated."""

    reason: str
    violated_when: str


@dataclass(frozen=True)
class EntitySpec:
    """A source entity: where its files land, how they are read and what a valid row is."""

    source: str
    entity: str
    file_format: FileFormat
    key: tuple[str, ...]
    fields: tuple[Field, ...]
    rules: tuple[RowRule, ...] = ()
    # Time zone of timestamps that carry no offset (a CRM export in local time, for instance).
    naive_timezone: str = "Asia/Shanghai"
    description: str = ""
    fresh_within_days: int = 2
    arrival: Arrival = "settle"
    extra: dict = field(default_factory=dict)

    @property
    def table(self) -> str:
        """Name of the raw and quarantine tables: <source>__<entity>."""
        return f"{self.source}__{self.entity}"

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def landing_dir(self, landing_root: Path) -> Path:
        return Path(landing_root) / self.source / self.entity

    def landing_files(self, landing_root: Path) -> list[Path]:
        """Files waiting in this entity's landing folder, in name order (the order they were written)."""
        folder = self.landing_dir(landing_root)
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == f".{self.file_format}")

    def get(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.table} has no field {name!r}")
