"""Load landing files into raw and quarantine, one transaction per file, each file at most once.

Every file is framed by the independent count (pipelines/ingest/framing.py) before the parser reads it;
a file is written only when the parser's rows are exactly the counted records. Any failure of one file
(its encoding, its dialect, a quote left open, a count that disagrees) rolls back that file alone and
is recorded in meta.load_failures with a one-line reason; the other files load.
"""

from __future__ import annotations

import mmap
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from pipelines.ingest.arrival import Waiting, complete_files, signature
from pipelines.ingest.contract import checked_rows_sql, quote, text_column
from pipelines.ingest.encoding import scan_file
from pipelines.ingest.framing import Framing, frame_file, record_text
from pipelines.ingest.prepare import DialectError, Readable, readable
from pipelines.ingest.reader import LandedShape, UnreadableFileError, read_into_landed, wrong_field_count_reason
from pipelines.ingest.tables import ensure_tables
from pipelines.sources.base import EntitySpec


@dataclass(frozen=True)
class FileLoad:
    """The outcome of one landing file."""

    file: str
    fingerprint: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    rows_counted: int = 0  # records found by the independent count
    skipped: bool = False  # already loaded earlier (same fingerprint)
    error: str | None = None  # the file failed as a whole; nothing of it was written
    waiting: str | None = None  # not complete yet (still arriving, or changed while read): left for a later run
    extra_columns: tuple[str, ...] = ()
    missing_columns: tuple[str, ...] = ()
    reasons: dict[str, int] = field(default_factory=dict)
    encoding: str = "utf-8"

    @property
    def loaded(self) -> bool:
        return not (self.skipped or self.error or self.waiting)


class ChangedWhileReading(Exception):
    """The file's size or modification time moved while it was read: it was not complete."""


def load_id_for(spec: EntitySpec, file_fingerprint: str) -> str:
    # Deterministic, so a re-run after a crash writes the same lineage values as a clean run.
    return f"{spec.table}:{file_fingerprint[:20]}"


def _already_loaded(con: duckdb.DuckDBPyConnection, spec: EntitySpec, file_fingerprint: str) -> bool:
    return (
        con.execute(
            "select count(*) from meta.load_log where source = ? and entity = ? and fingerprint = ?",
            [spec.source, spec.entity, file_fingerprint],
        ).fetchone()[0]
        > 0
    )


def _known_fingerprint(con: duckdb.DuckDBPyConnection, spec: EntitySpec, file_label: str, path: Path) -> str | None:
    """The fingerprint of a file already loaded, if it still has the size and mtime it had then."""
    size, mtime_ns = signature(path)
    row = con.execute(
        "select files.fingerprint from meta.landing_files as files "
        "inner join meta.load_log as loads on loads.source = files.source and loads.entity = files.entity "
        "and loads.fingerprint = files.fingerprint "
        "where files.source = ? and files.entity = ? and files.file = ? and files.size_bytes = ? and files.mtime_ns = ? "
        "limit 1",
        [spec.source, spec.entity, file_label, size, mtime_ns],
    ).fetchone()
    return row[0] if row else None


def _load_under_this_name(con: duckdb.DuckDBPyConnection, spec: EntitySpec, file_label: str) -> str | None:
    """The load of an earlier content of this very file, if one was loaded."""
    row = con.execute(
        "select load_id from meta.load_log where source = ? and entity = ? and file = ? order by loaded_at desc limit 1",
        [spec.source, spec.entity, file_label],
    ).fetchone()
    return row[0] if row else None


def _remember_file(con: duckdb.DuckDBPyConnection, spec: EntitySpec, file_label: str, seen: tuple[int, int],
                   fingerprint: str) -> None:
    con.execute(
        "insert or replace into meta.landing_files values (?, ?, ?, ?, ?, ?)",
        [spec.source, spec.entity, file_label, *seen, fingerprint],
    )


def _record_failure(con: duckdb.DuckDBPyConnection, spec: EntitySpec, load: FileLoad) -> None:
    con.execute(
        "insert or replace into meta.load_failures values (?, ?, ?, ?, ?, ?, now())",
        [spec.source, spec.entity, load.file, load.fingerprint, load.error, load.rows_counted or None],
    )


def _frame(spec: EntitySpec, source: Readable) -> Framing:
    framing = frame_file(source.path, spec.file_format, source.delimiter, source.quote)
    if framing.open_quote_line is not None:
        raise UnreadableFileError(
            f"unterminated quote: the quote opened on line {framing.open_quote_line} runs to the end of the file"
        )
    return framing


def _mark_wrong_field_counts(con: duckdb.DuckDBPyConnection, framing: Framing, data: bytes | mmap.mmap,
                             delimiter: str) -> None:
    """A CSV record with more or fewer fields than the header is unparseable, whatever the parser made of it
    (DuckDB drops an empty trailing field, for one); the reason names the fault."""
    wrong = np.flatnonzero(framing.fields != framing.header_fields)
    if not wrong.size:
        return
    reasons = [
        wrong_field_count_reason(record_text(data, framing.starts[i], framing.ends[i]), int(framing.fields[i]),
                                 framing.header_fields, delimiter)
        for i in wrong
    ]
    con.register("_field_count_errors", pa.table({
        "record_number": pa.array(wrong + 1, pa.int64()),
        "parse_error": pa.array(reasons, pa.string()),
    }))
    con.execute(
        "update _landed set _parse_error = errors.parse_error from _field_count_errors as errors "
        "where _landed._row_number = errors.record_number"
    ).fetchall()
    con.unregister("_field_count_errors")


def _register_quarantined_text(con: duckdb.DuckDBPyConnection, framing: Framing, data: bytes | mmap.mmap) -> None:
    """The line number and exact original text of every quarantined record, by its record number."""
    numbers = np.array([n for (n,) in con.execute("select _row_number from _checked where _reason <> ''").fetchall()],
                       dtype=np.int64)
    index = numbers - 1
    texts = [record_text(data, framing.starts[i], framing.ends[i]) for i in index]
    con.register("_quarantined_text", pa.table({
        "record_number": pa.array(numbers, pa.int64()),
        "line_number": pa.array(framing.lines[index], pa.int64()),
        "raw_record": pa.array(texts, pa.string()),
    }))


def _write_split(con: duckdb.DuckDBPyConnection, spec: EntitySpec, load_id: str, file_label: str) -> tuple[int, int]:
    """Insert the checked rows into raw and quarantine; returns how many rows each insert wrote."""
    lineage = "?, ?, now()"
    raw_columns = ", ".join(quote(f.name) for f in spec.fields)
    to_raw = con.execute(
        f"insert into raw.{spec.table} ({raw_columns}, _load_id, _source_file, _loaded_at) "
        f"select {raw_columns}, {lineage} from _checked where _reason = '' order by _row_number",
        [load_id, file_label],
    ).fetchone()[0]
    text_columns = ", ".join(text_column(f.name) for f in spec.fields)
    to_quarantine = con.execute(
        f"insert into quarantine.{spec.table} ({raw_columns}, _row_number, _line_number, _raw_record, _reason, "
        f"_load_id, _source_file, _loaded_at) "
        f"select {text_columns}, _row_number, texts.line_number, texts.raw_record, _reason, {lineage} "
        f"from _checked inner join _quarantined_text as texts on texts.record_number = _checked._row_number "
        f"where _reason <> '' order by _row_number",
        [load_id, file_label],
    ).fetchone()[0]
    return to_raw, to_quarantine


def _mapped(path: Path):
    """The file's bytes without reading them all into memory (an empty file cannot be mapped)."""
    if path.stat().st_size == 0:
        return b""
    with path.open("rb") as handle:
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


def check_file(con: duckdb.DuckDBPyConnection, spec: EntitySpec, source: Readable) -> tuple[Framing, LandedShape]:
    """Frame and read one file and check its rows against the contract into temp table ``_checked``
    (one row per record, ``_reason`` empty when it honours the contract)."""
    framing = _frame(spec, source)
    shape = read_into_landed(con, spec, source, framing)
    [(read,)] = con.execute("select count(*) from _landed").fetchall()  # fetched whole: register() needs that
    if read != framing.records:
        raise UnreadableFileError(f"the parser read {read} records where the independent count found {framing.records}")
    if spec.file_format != "jsonl":
        data = _mapped(source.path)
        try:
            _mark_wrong_field_counts(con, framing, data, source.delimiter)
        finally:
            if isinstance(data, mmap.mmap):
                data.close()
    con.execute(f"create or replace temp table _checked as {checked_rows_sql(spec, '_landed')}")
    return framing, shape


def _split_into_tables(con: duckdb.DuckDBPyConnection, spec: EntitySpec, source: Readable, load_id: str,
                       file_label: str) -> tuple[int, tuple[int, int], LandedShape]:
    """Frame, read, check and write one file inside the caller's transaction.

    Returns the independent count, the rows written to raw and to quarantine, and the file's shape.
    """
    framing, shape = check_file(con, spec, source)
    data = _mapped(source.path)
    try:
        _register_quarantined_text(con, framing, data)
        written = _write_split(con, spec, load_id, file_label)
    finally:
        con.unregister("_quarantined_text")
        if isinstance(data, mmap.mmap):
            data.close()
    return framing.records, written, shape


def load_file(con: duckdb.DuckDBPyConnection, spec: EntitySpec, path: Path, landing_root: Path) -> FileLoad:
    """Split one landing file into raw and quarantine rows and log it, all in one transaction."""
    file_label = path.relative_to(landing_root).as_posix() if path.is_relative_to(landing_root) else path.name
    ensure_tables(con, (spec,))
    known = _known_fingerprint(con, spec, file_label, path)
    if known is not None:
        return FileLoad(file_label, known, skipped=True)
    seen = signature(path)
    scan = scan_file(path)  # the same bytes under another name are the same load
    file_fingerprint = scan.fingerprint
    if _already_loaded(con, spec, file_fingerprint):
        _remember_file(con, spec, file_label, seen, file_fingerprint)
        return FileLoad(file_label, file_fingerprint, skipped=True)
    earlier = _load_under_this_name(con, spec, file_label)
    if earlier is not None:
        failure = FileLoad(file_label, file_fingerprint, error=f"changed after it was loaded (load {earlier}): "
                           "not loaded again; send changed rows as a new file")
        _record_failure(con, spec, failure)
        return failure
    load_id = load_id_for(spec, file_fingerprint)
    con.execute(f"set TimeZone = '{spec.naive_timezone}'")
    con.begin()
    try:
        with readable(path, spec, scan) as source:
            counted, written, shape = _split_into_tables(con, spec, source, load_id, file_label)
            encoding = source.encoding
        if signature(path) != seen:
            raise ChangedWhileReading()
        read, loaded, quarantined = con.execute(
            "select count(*), count(*) filter (_reason = ''), count(*) filter (_reason <> '') from _checked"
        ).fetchone()
        if (read, written) != (counted, (loaded, quarantined)):  # guard the promise, whatever went wrong
            raise UnreadableFileError(
                f"counted {counted} records, read {read}, wrote {written[0]} to raw and {written[1]} to quarantine"
            )
        reasons = dict(
            con.execute(
                "select _reason, count(*) from _checked where _reason <> '' group by 1 order by 2 desc"
            ).fetchall()
        )
        con.execute(
            "insert into meta.load_log (load_id, source, entity, file, fingerprint, rows_read, rows_loaded, "
            "rows_quarantined, extra_columns, missing_columns, loaded_at, rows_counted) "
            "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), ?)",
            [
                load_id,
                spec.source,
                spec.entity,
                file_label,
                file_fingerprint,
                read,
                loaded,
                quarantined,
                list(shape.extra_columns),
                list(shape.missing_columns),
                counted,
            ],
        )
        con.execute(
            "insert into meta.load_reasons select ?, _reason, count(*) from _checked where _reason <> '' group by 2",
            [load_id],
        )
        con.execute("delete from meta.load_failures where source = ? and entity = ? and file = ?",
                    [spec.source, spec.entity, file_label])
        _remember_file(con, spec, file_label, seen, file_fingerprint)
        con.execute("drop table _landed")
        con.execute("drop table _checked")
        con.commit()
    except ChangedWhileReading:
        con.rollback()
        return FileLoad(file_label, file_fingerprint, waiting="changed while it was read: left for the next run")
    except Exception as exc:  # noqa: BLE001 - any failure of one file fails that file alone
        con.rollback()
        failure = FileLoad(file_label, file_fingerprint, error=_one_line(exc))
        _record_failure(con, spec, failure)
        return failure
    except BaseException:
        con.rollback()
        raise
    return FileLoad(
        file_label,
        file_fingerprint,
        rows_read=read,
        rows_loaded=loaded,
        rows_quarantined=quarantined,
        rows_counted=counted,
        extra_columns=shape.extra_columns,
        missing_columns=shape.missing_columns,
        reasons=reasons,
        encoding=encoding,
    )


def _one_line(exc: Exception) -> str:
    """The first line of the error; quoted text in a library's message is masked (it may quote a value)."""
    text = str(exc).strip().splitlines()
    message = text[0] if text else ""
    if isinstance(exc, (UnreadableFileError, DialectError)):
        return message
    return f"{type(exc).__name__}: " + re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", message)[:300]


def load_entity(con: duckdb.DuckDBPyConnection, spec: EntitySpec, landing_root: Path,
                settle_seconds: float = 0.0) -> list[FileLoad]:
    """Load every complete landing file of ``spec`` not loaded before, in file-name order; report the
    files left for a later run.

    The entity's raw and quarantine tables are created first, so an entity with no files yet (or no
    landing folder at all) still gives staging an empty table to read.
    """
    ensure_tables(con, (spec,))
    ready, waiting = complete_files(spec, landing_root, settle_seconds)
    loads = [load_file(con, spec, path, landing_root) for path in ready]
    return loads + [_waiting_load(landing_root, item) for item in waiting]


def _waiting_load(landing_root: Path, item: Waiting) -> FileLoad:
    path = item.path
    label = path.relative_to(landing_root).as_posix() if path.is_relative_to(landing_root) else path.name
    return FileLoad(label, "", waiting=item.reason)
