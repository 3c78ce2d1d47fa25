"""Load landing files into raw and quarantine, one transaction per file, each file at most once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines.ingest.contract import checked_rows_sql, quote, text_column
from pipelines.ingest.encoding import scan_file, utf8_readable
from pipelines.ingest.reader import UnreadableFileError, read_into_landed
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
    skipped: bool = False  # already loaded earlier (same fingerprint)
    error: str | None = None  # the file could not be read at all; nothing was written
    extra_columns: tuple[str, ...] = ()
    missing_columns: tuple[str, ...] = ()
    reasons: dict[str, int] = field(default_factory=dict)
    encoding: str = "utf-8"


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
    stat = path.stat()
    row = con.execute(
        "select files.fingerprint from meta.landing_files as files "
        "inner join meta.load_log as loads on loads.source = files.source and loads.entity = files.entity "
        "and loads.fingerprint = files.fingerprint "
        "where files.source = ? and files.entity = ? and files.file = ? and files.size_bytes = ? and files.mtime_ns = ? "
        "limit 1",
        [spec.source, spec.entity, file_label, stat.st_size, stat.st_mtime_ns],
    ).fetchone()
    return row[0] if row else None


def _remember_file(con: duckdb.DuckDBPyConnection, spec: EntitySpec, file_label: str, path: Path, fingerprint: str) -> None:
    stat = path.stat()
    con.execute(
        "insert or replace into meta.landing_files values (?, ?, ?, ?, ?, ?)",
        [spec.source, spec.entity, file_label, stat.st_size, stat.st_mtime_ns, fingerprint],
    )


def _write_split(con: duckdb.DuckDBPyConnection, spec: EntitySpec, load_id: str, file_label: str) -> None:
    con.execute(f"create or replace temp table _checked as {checked_rows_sql(spec, '_landed')}")
    lineage = "?, ?, now()"
    raw_columns = ", ".join(quote(f.name) for f in spec.fields)
    con.execute(
        f"insert into raw.{spec.table} ({raw_columns}, _load_id, _source_file, _loaded_at) "
        f"select {raw_columns}, {lineage} from _checked where _reason = '' order by _row_number",
        [load_id, file_label],
    )
    text_columns = ", ".join(text_column(f.name) for f in spec.fields)
    con.execute(
        f"insert into quarantine.{spec.table} ({raw_columns}, _row_number, _raw_record, _reason, "
        f"_load_id, _source_file, _loaded_at) "
        f"select {text_columns}, _row_number, _raw_record, _reason, {lineage} "
        f"from _checked where _reason <> '' order by _row_number",
        [load_id, file_label],
    )


def load_file(con: duckdb.DuckDBPyConnection, spec: EntitySpec, path: Path, landing_root: Path) -> FileLoad:
    """Split one landing file into raw and quarantine rows and log it, all in one transaction."""
    file_label = path.relative_to(landing_root).as_posix() if path.is_relative_to(landing_root) else path.name
    ensure_tables(con, (spec,))
    known = _known_fingerprint(con, spec, file_label, path)
    if known is not None:
        return FileLoad(file_label, known, skipped=True)
    scan = scan_file(path)  # the same bytes under another name are the same load
    file_fingerprint = scan.fingerprint
    if _already_loaded(con, spec, file_fingerprint):
        _remember_file(con, spec, file_label, path, file_fingerprint)
        return FileLoad(file_label, file_fingerprint, skipped=True)
    load_id = load_id_for(spec, file_fingerprint)
    con.execute(f"set TimeZone = '{spec.naive_timezone}'")
    con.begin()
    try:
        with utf8_readable(path, scan.encoding) as readable:
            shape = read_into_landed(con, spec, readable)
        _write_split(con, spec, load_id, file_label)
        read, loaded, quarantined = con.execute(
            "select count(*), count(*) filter (_reason = ''), count(*) filter (_reason <> '') from _checked"
        ).fetchone()
        if read != loaded + quarantined:  # cannot happen by construction; guard the promise anyway
            raise AssertionError(f"{file_label}: read {read} != loaded {loaded} + quarantined {quarantined}")
        reasons = dict(
            con.execute(
                "select _reason, count(*) from _checked where _reason <> '' group by 1 order by 2 desc"
            ).fetchall()
        )
        con.execute(
            "insert into meta.load_log values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())",
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
            ],
        )
        con.execute(
            "insert into meta.load_reasons select ?, _reason, count(*) from _checked where _reason <> '' group by 2",
            [load_id],
        )
        _remember_file(con, spec, file_label, path, file_fingerprint)
        con.execute("drop table _landed")
        con.execute("drop table _checked")
        con.commit()
    except (UnreadableFileError, duckdb.Error) as exc:
        con.rollback()
        return FileLoad(file_label, file_fingerprint, error=str(exc).splitlines()[0])
    except BaseException:
        con.rollback()
        raise
    return FileLoad(
        file_label,
        file_fingerprint,
        rows_read=read,
        rows_loaded=loaded,
        rows_quarantined=quarantined,
        extra_columns=shape.extra_columns,
        missing_columns=shape.missing_columns,
        reasons=reasons,
        encoding=scan.encoding,
    )


def load_entity(con: duckdb.DuckDBPyConnection, spec: EntitySpec, landing_root: Path) -> list[FileLoad]:
    """Load every landing file of ``spec`` that has not been loaded before, in file-name order."""
    return [load_file(con, spec, path, landing_root) for path in spec.landing_files(landing_root)]
