"""The contract of a landing entity: columns, types, keys, allowed values and ranges, and how one
source's files are read into it.

A spec is declarative: the canonical entity's contract (pipelines/sources/canonical.py) joined with a
source's declaration (pipelines/sources/declared/<source>.yml, read by pipelines/sources/declaration.py).
The loader turns it into set-based SQL that splits a landing file into rows that honour the contract
(raw) and rows that break it (quarantine, with the reason).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

FileFormat = Literal["csv", "jsonl", "xlsx", "parquet"]
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
class Dialect:
    """How a source writes its files: text encoding and CSV framing, and how values are spelled."""

    # Checked, never guessed: a file in another encoding fails alone, its message naming the one to declare.
    encoding: str = "utf-8"
    delimiter: str = ","
    quote: str = '"'
    header: bool = True  # False: columns are named column_1, column_2, ... by position
    skip_rows: int = 0  # lines before the header (a title, an export note)
    decimal: str = "."
    thousands: str = ""
    currency_symbols: tuple[str, ...] = ()  # stripped from numbers: ¥1299 -> 1299
    date_formats: tuple[str, ...] = ()  # strptime formats tried before ISO 8601
    timestamp_formats: tuple[str, ...] = ()  # strptime formats, or unix_seconds / unix_millis
    sheet: str | None = None  # XLSX: the sheet to read (default: the first)


PATTERN_PREFIX = "re:"  # a value map's key that is a regular expression


@dataclass(frozen=True)
class Mapping:
    """Where each contract field's value comes from in a source's files (a field not named here is
    read from the column of its own name)."""

    columns: dict[str, str] = field(default_factory=dict)  # contract field -> export column
    # contract field -> export value -> value; a key "re:<pattern>" maps every value the pattern finds
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)  # contract field -> the value of every row
    derived: dict[str, str] = field(default_factory=dict)  # contract field -> arithmetic over export columns

    def column_for(self, name: str) -> str | None:
        """The export column a field is read from; None for a constant or derived field."""
        if name in self.constants or name in self.derived:
            return None
        return self.columns.get(name, name)


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
    dialect: Dialect = field(default_factory=Dialect)
    mapping: Mapping = field(default_factory=Mapping)
    landing: str = ""  # landing folder under the landing root; default <source>/<entity>
    declared_in: str = ""  # the declaration file, for messages
    # Prefix of the ids this source mints in the entity's union of sources ("" = none; canonical.SOURCE_IDS)
    # and the ids it shares with the other sources (a web shop's orders that carry CRM customer ids).
    key_namespace: str = ""
    shared_keys: tuple[str, ...] = ()

    @property
    def table(self) -> str:
        """Name of the raw and quarantine tables: <source>__<entity>."""
        return f"{self.source}__{self.entity}"

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def landing_dir(self, landing_root: Path) -> Path:
        return Path(landing_root) / (self.landing or f"{self.source}/{self.entity}")

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


# A derived field's arithmetic: export columns (bare names, or "quoted" when they hold spaces), numbers,
# + - * / and parentheses, and record_number (the record's number among the file's data records, a line
# number for exports without one). Nothing else can be written, so a declaration cannot inject SQL.
RECORD_NUMBER = "record_number"
_EXPRESSION_TOKEN = re.compile(r'\s*(?:(?P<quoted>"[^"]+")|(?P<name>[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*)'
                               r"|(?P<number>[0-9]+(?:\.[0-9]+)?)|(?P<operator>[-+*/()]))")


def expression_tokens(expression: str) -> list[tuple[str, str]]:
    """The (kind, text) tokens of a derived field's expression; ValueError when it holds anything else."""
    tokens, position, depth = [], 0, 0
    text = expression.rstrip()
    while position < len(text):
        match = _EXPRESSION_TOKEN.match(text, position)
        if not match:
            raise ValueError(f"cannot read {text[position:]!r}: use column names, numbers, + - * / and ( )")
        kind = match.lastgroup
        value = match.group(kind)
        if kind == "quoted":
            kind, value = "name", value[1:-1]
        depth += {"(": 1, ")": -1}.get(value, 0) if kind == "operator" else 0
        if depth < 0:
            raise ValueError("a ')' closes nothing")
        tokens.append((kind, value))
        position = match.end()
    if depth:
        raise ValueError("a '(' is not closed")
    if not any(kind == "name" for kind, _ in tokens):
        raise ValueError("names no column (nor record_number)")
    return tokens
