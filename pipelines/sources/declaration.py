"""A source is one YAML declaration: pipelines/sources/declared/<source>.yml.

The declaration names the canonical entities the source feeds (pipelines/sources/canonical.py), where
each entity's files land, the dialect they are written in and how their columns map onto the entity's
contract. Everything else (raw and quarantine tables, the ingest asset and its checks, the data-quality
suite) follows from it.

Validation is pydantic's (already a dependency of dagster and dbt): it checks the structure and the
types of every key; the checks against the canonical contracts follow. Every problem is reported as
``<file>:<line>: <field path>: <message>``, the line found in the YAML's node tree.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipelines.sources.base import PATTERN_PREFIX, Dialect, EntitySpec, Mapping, expression_tokens
from pipelines.sources.canonical import CONTRACTS, SOURCE_IDS

DECLARED_DIR = Path(__file__).resolve().parent / "declared"
SOURCE_NAME = re.compile(r"[a-z][a-z0-9_]*")
ENCODINGS = ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "gb18030")
TIMESTAMP_KEYWORDS = ("unix_seconds", "unix_millis")
DELIMITER_NAMES = {"tab": "\t", "\\t": "\t"}


class DeclarationError(Exception):
    """A declaration that cannot be used; the message has one line per problem."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DialectDeclaration(_Strict):
    """Every key optional: an entity's dialect overrides the source's, key by key."""

    format: Literal["csv", "jsonl", "xlsx", "parquet"] | None = None
    encoding: Literal[ENCODINGS] | None = None  # type: ignore[valid-type]
    delimiter: str | None = None
    quote: str | None = None
    header: bool | None = None
    skip_rows: int | None = Field(default=None, ge=0)
    decimal: Literal[".", ","] | None = None
    thousands: Literal["", ",", ".", " ", "'"] | None = None
    currency_symbols: list[str] | None = None
    date_formats: list[str] | None = None
    timestamp_formats: list[str] | None = None
    time_zone: str | None = None
    sheet: str | None = None


class EntityDeclaration(_Strict):
    description: str = ""
    landing: str | None = None
    arrival: Literal["settle", "rename", "marker"] = "settle"
    fresh_within_days: int = Field(default=2, ge=1)
    dialect: DialectDeclaration = DialectDeclaration()
    columns: dict[str, str] = {}
    values: dict[str, dict[str, str]] = {}
    constants: dict[str, str | int | float] = {}
    derived: dict[str, str] = {}


class SourceDeclaration(_Strict):
    description: str = ""
    # None: the source's name; "" for ids shared by every source (the built-in CRM's customer ids)
    key_namespace: str | None = None
    shared_keys: list[str] = []
    dialect: DialectDeclaration = DialectDeclaration()
    entities: dict[str, EntityDeclaration] = Field(min_length=1)


def _line_of(root: yaml.Node | None, location: tuple) -> int:
    """The line (1-based) of the deepest node of ``location`` found in the YAML node tree."""
    node, line = root, (root.start_mark.line + 1) if root is not None else 1
    for step in location:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == str(step)), None)
            if match is None:
                break
            line, node = match[0].start_mark.line + 1, match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _semantic_problems(declaration: SourceDeclaration) -> list[tuple[tuple, str]]:
    """What pydantic cannot know: the canonical entities and fields, allowed values, formats, zones."""
    problems: list[tuple[tuple, str]] = []
    dialects = [(("dialect",), declaration.dialect)]
    for entity, body in declaration.entities.items():
        where = ("entities", entity)
        contract = CONTRACTS.get(entity)
        if contract is None:
            problems.append((where, f"{entity!r} is not a canonical entity (one of: {', '.join(CONTRACTS)})"))
            continue
        dialects.append(((*where, "dialect"), body.dialect))
        fields = {f.name: f for f in contract.fields}
        for part in ("columns", "values", "constants", "derived"):
            for name in getattr(body, part):
                if name not in fields:
                    problems.append(((*where, part, name),
                                     f"{name!r} is not a field of {entity} (fields: {', '.join(fields)})"))
        for name, value in body.constants.items():
            allowed = fields[name].allowed if name in fields else ()
            if allowed and str(value) not in allowed:
                problems.append(((*where, "constants", name), f"{value!r} is not one of {', '.join(allowed)}"))
        for name, mapped in body.values.items():
            allowed = fields[name].allowed if name in fields else ()
            for export_value, value in mapped.items():
                if allowed and value not in allowed:
                    problems.append(((*where, "values", name, export_value),
                                     f"{value!r} is not one of {', '.join(allowed)}"))
                if export_value.startswith(PATTERN_PREFIX):
                    try:
                        re.compile(export_value[len(PATTERN_PREFIX):])
                    except re.error as exc:
                        problems.append(((*where, "values", name, export_value), f"not a regular expression: {exc}"))
        for name, expression in body.derived.items():
            try:
                expression_tokens(expression)
            except ValueError as exc:
                problems.append(((*where, "derived", name), str(exc)))
        overlap = (set(body.columns) & set(body.constants)) | (set(body.columns) & set(body.derived)) | (
            set(body.constants) & set(body.derived))
        for name in sorted(overlap):
            problems.append(((*where, "columns", name), f"{name!r} is given more than one way"))
    for where, dialect in dialects:
        problems += _dialect_problems(where, dialect)
    for position, name in enumerate(declaration.shared_keys):
        if name not in SOURCE_IDS:
            problems.append((("shared_keys", position), f"{name!r} is not an id (one of: {', '.join(SOURCE_IDS)})"))
    if declaration.key_namespace and not SOURCE_NAME.fullmatch(declaration.key_namespace):
        problems.append((("key_namespace",), "lower-case letters, digits and _, or empty for none"))
    return problems


def _dialect_problems(where: tuple, dialect: DialectDeclaration) -> list[tuple[tuple, str]]:
    problems = []
    # the independent record count (ingest/framing.py) finds delimiters and quotes byte by byte
    delimiter = DELIMITER_NAMES.get(dialect.delimiter, dialect.delimiter) if dialect.delimiter is not None else ","
    if len(delimiter) != 1 or not delimiter.isascii():
        problems.append(((*where, "delimiter"), "one ASCII character (or tab)"))
    if dialect.quote is not None and (len(dialect.quote) > 1 or not dialect.quote.isascii()):
        problems.append(((*where, "quote"), "one ASCII character, or empty for none"))
    if dialect.time_zone is not None:
        try:
            ZoneInfo(dialect.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(((*where, "time_zone"), f"{dialect.time_zone!r} is not a time zone (e.g. Europe/London)"))
    for part in ("date_formats", "timestamp_formats"):
        for position, fmt in enumerate(getattr(dialect, part) or []):
            if "%" not in fmt and fmt not in TIMESTAMP_KEYWORDS:
                problems.append(((*where, part, position),
                                 f"{fmt!r} is not a strptime format (%Y-%m-%d) or one of {', '.join(TIMESTAMP_KEYWORDS)}"))
    if dialect.decimal is not None and dialect.decimal == dialect.thousands:
        problems.append(((*where, "thousands"), "the same as the decimal separator"))
    return problems


def _dialect(*layers: DialectDeclaration) -> tuple[str, str, Dialect]:
    """(file format, time zone, dialect) of an entity: its own keys over the source's over the defaults."""
    merged: dict = {}
    for layer in layers:
        merged.update(layer.model_dump(exclude_none=True))
    file_format = merged.pop("format", "csv")
    time_zone = merged.pop("time_zone", "Asia/Shanghai")
    if "delimiter" in merged:
        merged["delimiter"] = DELIMITER_NAMES.get(merged["delimiter"], merged["delimiter"])
    for part in ("currency_symbols", "date_formats", "timestamp_formats"):
        if part in merged:
            merged[part] = tuple(merged[part])
    return file_format, time_zone, Dialect(**merged)


def parse_declaration(path: Path) -> tuple[EntitySpec, ...]:
    """The entity specs of one declaration file; DeclarationError names every problem with its line."""
    source = path.stem
    label = path.name
    try:
        text = path.read_text(encoding="utf-8")
        document = yaml.safe_load(text)
        tree = yaml.compose(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise DeclarationError(f"{label}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise DeclarationError(f"{label}:{line}: not YAML: {getattr(exc, 'problem', exc)}") from exc
    problems: list[tuple[tuple, str]] = []
    if not SOURCE_NAME.fullmatch(source):
        problems.append(((), f"the file name {source!r} is the source name: lower-case letters, digits and _"))
    declaration = None
    try:
        declaration = SourceDeclaration.model_validate(document if document is not None else {})
    except ValidationError as exc:
        problems += [(tuple(error["loc"]), error["msg"]) for error in exc.errors()]
    if declaration is not None:
        problems += _semantic_problems(declaration)
    if problems:
        raise DeclarationError("\n".join(
            f"{label}:{_line_of(tree, where)}: {'.'.join(map(str, where)) or '(file)'}: {message}"
            for where, message in problems
        ))
    specs = []
    for entity, body in declaration.entities.items():
        contract = CONTRACTS[entity]
        file_format, time_zone, dialect = _dialect(declaration.dialect, body.dialect)
        specs.append(EntitySpec(
            source=source,
            entity=entity,
            file_format=file_format,
            key=contract.key,
            fields=contract.fields,
            rules=contract.rules,
            naive_timezone=time_zone,
            description=body.description or contract.description,
            fresh_within_days=body.fresh_within_days,
            arrival=body.arrival,
            dialect=dialect,
            mapping=Mapping(
                columns=dict(body.columns),
                values={name: dict(mapped) for name, mapped in body.values.items()},
                constants={name: str(value) for name, value in body.constants.items()},
                derived=dict(body.derived),
            ),
            landing=body.landing or f"{source}/{entity}",
            declared_in=str(path),
            key_namespace=source if declaration.key_namespace is None else declaration.key_namespace,
            shared_keys=tuple(declaration.shared_keys),
        ))
    return tuple(specs)


def declaration_files(folder: Path = DECLARED_DIR) -> list[Path]:
    return sorted(folder.glob("*.yml"))


def load_declarations(folder: Path = DECLARED_DIR) -> tuple[EntitySpec, ...]:
    """Every entity spec of every declaration in ``folder``, in file-name order; DeclarationError with
    every problem of every file when any is not valid."""
    specs: list[EntitySpec] = []
    problems: list[str] = []
    for path in declaration_files(folder):
        try:
            specs.extend(parse_declaration(path))
        except DeclarationError as exc:
            problems.append(str(exc))
    if problems:
        raise DeclarationError("\n".join(problems))
    return tuple(specs)
