"""Read one landing file into a temp table of text values, without losing a single line.

The result, ``_landed``, has ``_row_number``, ``_raw_record``, ``_parse_error`` and one
``__text__<field>`` column per contract field. Lines the parser cannot read become rows with a
``_parse_error`` instead of failing the file or vanishing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.ingest.contract import quote, sql_literal, text_column
from pipelines.sources.base import EntitySpec

MAX_LINE_BYTES = 64 * 1024 * 1024
_JSON_LINE_DELIMITER = "chr(1)"  # a byte that never occurs in JSON text, so each line is one value
# Temp tables keep insertion order in rowid, but inside a transaction rowids start at a large offset.
_ORDINAL = "rowid - min(rowid) over () + 1"


class UnreadableFileError(Exception):
    """The file cannot be read as the format its contract names (for example: not text at all)."""


@dataclass(frozen=True)
class LandedShape:
    """What the reader found about the file's columns, compared with the contract."""

    extra_columns: tuple[str, ...]
    missing_columns: tuple[str, ...]


def read_into_landed(con: duckdb.DuckDBPyConnection, spec: EntitySpec, path: Path) -> LandedShape:
    """Create temp table ``_landed`` from ``path`` on ``con`` and report schema drift."""
    if spec.file_format == "csv":
        return _read_csv(con, spec, path)
    return _read_jsonl(con, spec, path)


def _csv_header(path: Path) -> list[str]:
    with path.open("rb") as handle:
        first_line = handle.readline()
    if not first_line.strip():
        return []
    try:
        text = first_line.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(f"{path.name}: header is not UTF-8 text ({exc.reason})") from exc
    return [name.strip().lower() for name in next(csv.reader(io.StringIO(text)))]


def _landed_select(spec: EntitySpec, available: set[str], text_of) -> str:
    columns = []
    for f in spec.fields:
        value = text_of(f.name) if f.name in available else "null::varchar"
        columns.append(f"{value} as {text_column(f.name)}")
    return ", ".join(columns)


def _read_csv(con: duckdb.DuckDBPyConnection, spec: EntitySpec, path: Path) -> LandedShape:
    header = _csv_header(path)
    known = set(spec.field_names)
    if not header:
        # An empty file has no rows to lose; it still gets a load-log entry.
        con.execute(
            f"create or replace temp table _landed as select null::bigint as _row_number, "
            f"null::varchar as _raw_record, null::varchar as _parse_error, "
            f"{_landed_select(spec, set(), quote)} where false"
        )
        return LandedShape((), tuple(spec.field_names))
    # Duplicate header names get a suffix so every column can still be read as text.
    file_columns: dict[str, str] = {}
    for position, name in enumerate(header):
        file_columns[name if name not in file_columns else f"{name}__{position}"] = "VARCHAR"
    con.execute("drop table if exists _file_rows")
    con.execute(
        f"""
        create temp table _file_rows as
        select * from read_csv(
            {sql_literal(str(path))}, columns = $columns, header = true, auto_detect = false,
            delim = ',', quote = '"', escape = '"', max_line_size = {MAX_LINE_BYTES},
            store_rejects = true, rejects_table = '_file_rejects', rejects_scan = '_file_reject_scans'
        )
        """,
        {"columns": file_columns},
    )
    con.execute(
        f"""
        create or replace temp table _landed as
        select {_ORDINAL} as _row_number, null::varchar as _raw_record, null::varchar as _parse_error,
            {_landed_select(spec, set(file_columns), quote)}
        from _file_rows
        union all
        -- The reject table holds one row per broken column: keep one per line.
        select line - 1, any_value(csv_line), 'unparseable line: ' || lower(arg_min(error_type, column_idx)),
            {", ".join(f"null::varchar as {text_column(f.name)}" for f in spec.fields)}
        from _file_rejects
        group by line
        """
    )
    con.execute("drop table _file_rows")
    con.execute("drop table _file_rejects")
    con.execute("drop table _file_reject_scans")
    return LandedShape(
        extra_columns=tuple(c for c in file_columns if c not in known),
        missing_columns=tuple(f for f in spec.field_names if f not in file_columns),
    )


def _read_jsonl(con: duckdb.DuckDBPyConnection, spec: EntitySpec, path: Path) -> LandedShape:
    con.execute(
        f"""
        create or replace temp table _file_lines as
        select line, case when json_valid(line) then line end as valid_json from read_csv(
            {sql_literal(str(path))}, columns = {{'line': 'VARCHAR'}}, header = false, auto_detect = false,
            delim = {_JSON_LINE_DELIMITER}, quote = '', escape = '', max_line_size = {MAX_LINE_BYTES},
            strict_mode = false
        )
        """
    )

    def text_of(name: str) -> str:
        return f"json_extract_string(case when _is_object then valid_json end, {sql_literal('$.' + quote(name))})"

    con.execute(
        f"""
        create or replace temp table _landed as
        with lines as (
            select {_ORDINAL} as _row_number, line, valid_json,
                coalesce(json_type(valid_json) = 'OBJECT', false) as _is_object
            from _file_lines
            where trim(coalesce(line, '')) <> ''
        )
        select _row_number,
            case when not _is_object then line end as _raw_record,
            case when not _is_object then 'unparseable line: not a json object' end as _parse_error,
            {_landed_select(spec, set(spec.field_names), text_of)}
        from lines
        """
    )
    keys = {
        row[0]
        for row in con.execute(
            "select distinct unnest(json_keys(case when json_type(valid_json) = 'OBJECT' then valid_json end)) "
            "from _file_lines"
        ).fetchall()
    }
    con.execute("drop table _file_lines")
    known = set(spec.field_names)
    has_rows = con.execute("select count(*) > 0 from _landed where _parse_error is null").fetchone()[0]
    return LandedShape(
        extra_columns=tuple(sorted(k for k in keys if k not in known)),
        missing_columns=tuple(f for f in spec.field_names if f not in keys) if has_rows else (),
    )
