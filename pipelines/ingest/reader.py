"""Read one landing file into a temp table of text values, without losing a single record.

The result, ``_landed``, has ``_row_number`` (the record's place among the file's data records, as the
independent count numbers them: pipelines/ingest/framing.py), ``_parse_error`` and one ``__text__<field>``
column per contract field: the text of the export column the source's declaration maps onto the field,
the declared constant, or the declared arithmetic over export columns. Records the parser cannot read become rows with a ``_parse_error`` instead of
failing the file or vanishing; the loader adds each quarantined record's original text.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from pipelines.ingest.contract import derived_sql, quote, sql_literal, text_column
from pipelines.ingest.framing import Framing
from pipelines.ingest.prepare import Readable, declaration_name
from pipelines.sources.base import RECORD_NUMBER, EntitySpec, expression_tokens

MAX_LINE_BYTES = 64 * 1024 * 1024
_JSON_LINE_DELIMITER = "chr(1)"  # a byte that never occurs in JSON text, so each line is one value
# Temp tables keep insertion order in rowid, but inside a transaction rowids start at a large offset.
_ORDINAL = "rowid - min(rowid) over () + 1"
# Delimiters other exports use; a header or record that splits on one of them has the wrong delimiter.
OTHER_DELIMITERS = (";", "\t", "|")
_DELIMITER_NAMES = {",": "','", ";": "';'", "\t": "tab", "|": "'|'"}


class UnreadableFileError(Exception):
    """The file cannot be read as the format its contract names (for example: not text at all)."""


@dataclass(frozen=True)
class LandedShape:
    """What the reader found about the file's columns, compared with the contract."""

    extra_columns: tuple[str, ...]
    missing_columns: tuple[str, ...]


def read_into_landed(con: duckdb.DuckDBPyConnection, spec: EntitySpec, source: Readable,
                     framing: Framing) -> LandedShape:
    """Create temp table ``_landed`` from the prepared file on ``con`` and report schema drift."""
    if spec.file_format == "jsonl":
        return _read_jsonl(con, spec, source.path)
    return _read_csv(con, spec, source, framing)


def _read_columns(spec: EntitySpec) -> dict[str, str]:
    """The export column each field is read from, by field (constants and derived fields read none)."""
    return {f.name: column for f in spec.fields if (column := spec.mapping.column_for(f.name)) is not None}


def _derived_columns(spec: EntitySpec) -> set[str]:
    return {value for expression in spec.mapping.derived.values()
            for kind, value in expression_tokens(expression) if kind == "name" and value != RECORD_NUMBER}


def _delimiter_fix(spec: EntitySpec, delimiter: str) -> str:
    shown = "tab" if delimiter == "\t" else f'"{delimiter}"'
    return f"declare `delimiter: {shown}` in {declaration_name(spec)}"


def _split(text: str, delimiter: str = ",") -> list[str]:
    try:
        return next(csv.reader([text], delimiter=delimiter), [])
    except csv.Error:
        return []


def _csv_header(spec: EntitySpec, source: Readable, framing: Framing) -> list[str]:
    """The header's column names; a header that names none of the columns the source's declaration reads
    fails the file."""
    if framing.header is None:
        return []
    with source.path.open("rb") as handle:
        raw = handle.read(framing.header[1])[framing.header[0]:]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(f"header is not UTF-8 text ({exc.reason})") from exc
    names = [name.strip().lower() for name in _split(text, source.delimiter)]
    known = {column.strip().lower() for column in _read_columns(spec).values()} | _lower(_derived_columns(spec))
    if known.isdisjoint(names):
        for delimiter in (",", *OTHER_DELIMITERS):
            if delimiter != source.delimiter and len(known.intersection(
                    name.strip().lower() for name in _split(text, delimiter))) > 1:
                raise UnreadableFileError(
                    f"wrong delimiter: the header is separated by {_DELIMITER_NAMES.get(delimiter, repr(delimiter))}, "
                    f"not {_DELIMITER_NAMES.get(source.delimiter, repr(source.delimiter))}: {_delimiter_fix(spec, delimiter)}"
                )
        raise UnreadableFileError(f"the header names none of the columns {spec.source}'s declaration reads for "
                                  f"{spec.entity} (wrong file, or map its columns in {declaration_name(spec)})")
    return names


def _lower(names: set[str]) -> set[str]:
    return {name.strip().lower() for name in names}


def wrong_field_count_reason(text: str, fields: int, expected: int, declared: str = ",") -> str:
    """Why a CSV record has ``fields`` fields where the header has ``expected``."""
    for delimiter in (",", *OTHER_DELIMITERS):
        if delimiter != declared and len(_split(text, delimiter)) == expected:
            return f"wrong delimiter: {_DELIMITER_NAMES[delimiter]}"
    return "unparseable line: " + ("too many columns" if fields > expected else "missing columns")


def _landed_select(spec: EntitySpec, available: dict[str, str], text_of) -> str:
    """One text column per field. ``available`` names the file's columns by their lower-cased name."""

    def column_text(column: str) -> str | None:
        name = available.get(column.strip().lower())
        return text_of(name) if name is not None else None

    columns = []
    read = _read_columns(spec)
    for f in spec.fields:
        if f.name in spec.mapping.constants:
            value = f"{sql_literal(spec.mapping.constants[f.name])}::varchar"
        elif f.name in spec.mapping.derived:
            value = derived_sql(spec.mapping.derived[f.name], spec.dialect, column_text)
        else:
            value = column_text(read[f.name]) or "null::varchar"
        columns.append(f"{value} as {text_column(f.name)}")
    return ", ".join(columns)


def _shape(spec: EntitySpec, file_columns: list[str]) -> LandedShape:
    lowered = {name.strip().lower() for name in file_columns}
    used = {column.strip().lower() for column in _read_columns(spec).values()} | _lower(_derived_columns(spec))
    return LandedShape(
        extra_columns=tuple(c for c in file_columns if c.strip().lower() not in used),
        missing_columns=tuple(f for f, column in _read_columns(spec).items() if column.strip().lower() not in lowered),
    )


def _read_csv(con: duckdb.DuckDBPyConnection, spec: EntitySpec, source: Readable, framing: Framing) -> LandedShape:
    header = _csv_header(spec, source, framing)
    if not header:
        # An empty file has no rows to lose; it still gets a load-log entry.
        con.execute(
            f"create or replace temp table _landed as select null::bigint as _row_number, "
            f"null::varchar as _parse_error, {_landed_select(spec, {}, quote)} where false"
        )
        return LandedShape((), tuple(_read_columns(spec)))
    # Duplicate header names get a suffix so every column can still be read as text.
    file_columns: dict[str, str] = {}
    for position, name in enumerate(header):
        file_columns[name if name not in file_columns else f"{name}__{position}"] = "VARCHAR"
    con.execute("drop table if exists _file_rows")
    con.execute(
        f"""
        create temp table _file_rows as
        select * from read_csv(
            {sql_literal(str(source.path))}, columns = $columns, header = true, auto_detect = false,
            delim = {sql_literal(source.delimiter)}, quote = {sql_literal(source.quote)},
            escape = {sql_literal(source.quote)}, max_line_size = {MAX_LINE_BYTES},
            store_rejects = true, rejects_table = '_file_rejects', rejects_scan = '_file_reject_scans'
        )
        """,
        {"columns": file_columns},
    )
    # The reject table holds one row per broken column; its line_byte_position (1-based) is where the
    # record starts, which names the record among the ones the independent count found.
    rejected = con.execute(
        "select line_byte_position - 1, 'unparseable line: ' || lower(arg_min(error_type, column_idx)) "
        "from _file_rejects group by all order by 1"
    ).fetchall()
    [(good_rows,)] = con.execute("select count(*) from _file_rows").fetchall()
    if good_rows + len(rejected) != framing.records:
        raise UnreadableFileError(
            f"the parser read {good_rows + len(rejected)} records where the independent count found {framing.records}"
        )
    available = {name.strip().lower(): name for name in reversed(file_columns)}
    good_select = f"null::varchar as _parse_error, {_landed_select(spec, available, quote)} from _file_rows"
    if not rejected:  # the usual file: the parser's rows are the counted records, in order
        con.execute(f"create or replace temp table _landed as select {_ORDINAL} as _row_number, {good_select}")
    else:
        _register_record_numbers(con, framing, [offset for offset, _ in rejected], [error for _, error in rejected])
        con.execute(
            f"""
            create or replace temp table _landed as
            select numbers.record_number as _row_number, {good_select}
            inner join _good_record_numbers as numbers on numbers.ordinal = _file_rows.rowid - $first_rowid + 1
            union all
            select record_number, parse_error, {", ".join(f"null::varchar as {text_column(f.name)}" for f in spec.fields)}
            from _rejected_records
            """,
            {"first_rowid": con.execute("select min(rowid) from _file_rows").fetchone()[0]},
        )
        con.unregister("_good_record_numbers")
        con.unregister("_rejected_records")
    for table in ("_file_rows", "_file_rejects", "_file_reject_scans"):
        con.execute(f"drop table {table}")
    return _shape(spec, list(file_columns))


def _register_record_numbers(con: duckdb.DuckDBPyConnection, framing: Framing, rejected_offsets: list[int],
                             errors: list[str]) -> None:
    """Number the parser's rows by the independent count: rejects by their start, good rows in the gaps.

    DuckDB places a reject's start at or just before the record's first byte (on the LF of a CRLF before
    it): between the end of the record before and the record's start there are only line terminators.
    A reject that starts anywhere else means the parser and the count framed the file differently: the
    file fails rather than guessing which record is which.
    """
    offsets = np.asarray(rejected_offsets, dtype=np.int64)
    index = np.searchsorted(framing.starts, offsets)
    found = index < framing.records
    header_end = framing.header[1] if framing.header else 0
    found[found] = offsets[found] >= np.where(index[found] > 0, framing.ends[index[found] - 1], header_end)
    if not found.all() or np.unique(index).size != index.size:
        raise UnreadableFileError("the parser and the independent count frame the file differently "
                                  "(a record the parser rejected is not one the count found)")
    rejected_numbers = index + 1
    is_good = np.ones(framing.records, dtype=bool)
    is_good[index] = False
    good_numbers = np.flatnonzero(is_good) + 1
    con.register("_rejected_records", pa.table({
        "record_number": pa.array(rejected_numbers, pa.int64()),
        "parse_error": pa.array(errors, pa.string()),
    }))
    con.register("_good_record_numbers", pa.table({
        "ordinal": pa.array(np.arange(1, good_numbers.size + 1), pa.int64()),
        "record_number": pa.array(good_numbers, pa.int64()),
    }))


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
            select row_number() over (order by rowid) as _row_number, line, valid_json,
                coalesce(json_type(valid_json) = 'OBJECT', false) as _is_object
            from _file_lines
            -- whitespace-only lines are not records, as in the independent count
            where not regexp_full_match(coalesce(line, ''), '[ \\t\\r]*')
        )
        select _row_number,
            case when not _is_object then 'unparseable line: not a json object' end as _parse_error,
            {_landed_select(spec, {c.strip().lower(): c for c in (*_read_columns(spec).values(), *_derived_columns(spec))}, text_of)}
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
    has_rows = con.execute("select count(*) > 0 from _landed where _parse_error is null").fetchone()[0]
    shape = _shape(spec, sorted(keys))
    return shape if has_rows else LandedShape(shape.extra_columns, ())
