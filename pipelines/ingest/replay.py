"""Replay: re-read a source's landing files after its contract changed, so rows once quarantined can load.

A landing file is loaded once (its fingerprint is known), so a row quarantined under the old contract
would stay out for good. A replay re-reads each file that was loaded, checks every record against the
contract as it is now, and writes to raw only the records that the file's load quarantined, that no
earlier replay admitted, and that pass now. Nothing else is written:

- a record that loaded before is never written again (raw is append-only; it would be a second copy);
- a record still breaking the contract stays in quarantine as it is (no second quarantine row);
- the quarantine rows admitted keep their place and are marked ``_replayed_in = <replay load_id>``.

meta.load_log records the replay as its own load, ``replay_of`` naming the original load: a correcting
entry with rows_read 0, rows_loaded +n and rows_quarantined -n (and meta.load_reasons -k per reason of
the admitted rows). Sums over the log then still give each file's records once, loaded and quarantined
as they stand now, and every row keeps read = loaded + quarantined. The admitted rows carry the replay's
``_loaded_at``, so the incremental staging models pick them up on the next build.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb

from pipelines.ingest.arrival import complete_files
from pipelines.ingest.contract import quote
from pipelines.ingest.encoding import scan_file
from pipelines.ingest.prepare import readable
from pipelines.ingest.loader import _one_line, check_file
from pipelines.ingest.tables import ensure_tables
from pipelines.sources.base import EntitySpec


@dataclass(frozen=True)
class FileReplay:
    """The outcome of replaying one landing file."""

    file: str
    replay_of: str | None = None  # the original load; None when the file was never loaded
    load_id: str | None = None  # the replay's load; None when nothing was admitted
    rows_admitted: int = 0  # quarantined before, loaded now
    rows_still_quarantined: int = 0
    error: str | None = None  # the file could not be replayed; nothing of it was written


def _original_load(con: duckdb.DuckDBPyConnection, spec: EntitySpec, file_label: str) -> tuple[str, str] | None:
    """The load of this file (load_id, fingerprint), not a replay of it."""
    return con.execute(
        "select load_id, fingerprint from meta.load_log where source = ? and entity = ? and file = ? "
        "and replay_of is null order by loaded_at desc limit 1",
        [spec.source, spec.entity, file_label],
    ).fetchone()


def _replay_load_id(con: duckdb.DuckDBPyConnection, original: str) -> str:
    # Numbered per original load: a second contract change can admit more rows in a second replay.
    done = con.execute("select count(*) from meta.load_log where replay_of = ?", [original]).fetchone()[0]
    return f"{original}:replay{done + 1}"


def _admit(con: duckdb.DuckDBPyConnection, spec: EntitySpec, original: str, file_label: str,
           fingerprint: str) -> FileReplay:
    """Write the records of ``_checked`` that the original load quarantined and that pass now."""
    con.execute(
        f"create or replace temp table _admitted as select checked._row_number from _checked as checked "
        f"inner join quarantine.{spec.table} as held on held._row_number = checked._row_number "
        f"where held._load_id = ? and held._replayed_in is null and checked._reason = ''",
        [original],
    )
    admitted = con.execute("select count(*) from _admitted").fetchone()[0]
    still = con.execute(
        f"select count(*) from quarantine.{spec.table} where _load_id = ? and _replayed_in is null", [original]
    ).fetchone()[0] - admitted
    if not admitted:
        return FileReplay(file_label, replay_of=original, rows_still_quarantined=still)
    load_id = _replay_load_id(con, original)
    columns = ", ".join(quote(f.name) for f in spec.fields)
    con.execute(
        f"insert into raw.{spec.table} ({columns}, _load_id, _source_file, _loaded_at) "
        f"select {columns}, ?, ?, now() from _checked where _row_number in (select _row_number from _admitted) "
        "order by _row_number",
        [load_id, file_label],
    )
    con.execute(
        f"update quarantine.{spec.table} set _replayed_in = ? "
        "where _load_id = ? and _replayed_in is null and _row_number in (select _row_number from _admitted)",
        [load_id, original],
    )
    con.execute(
        f"insert into meta.load_reasons select ?, _reason, -count(*) from quarantine.{spec.table} "
        "where _replayed_in = ? group by _reason",
        [load_id, load_id],
    )
    con.execute(
        "insert into meta.load_log (load_id, source, entity, file, fingerprint, rows_read, rows_loaded, "
        "rows_quarantined, extra_columns, missing_columns, loaded_at, rows_counted, replay_of) "
        "values (?, ?, ?, ?, ?, 0, ?, ?, [], [], now(), 0, ?)",
        [load_id, spec.source, spec.entity, file_label, fingerprint, admitted, -admitted, original],
    )
    return FileReplay(file_label, replay_of=original, load_id=load_id, rows_admitted=admitted,
                      rows_still_quarantined=still)


def replay_file(con: duckdb.DuckDBPyConnection, spec: EntitySpec, path: Path, landing_root: Path) -> FileReplay:
    """Replay one landing file under ``spec`` as it is now, in one transaction."""
    file_label = path.relative_to(landing_root).as_posix() if path.is_relative_to(landing_root) else path.name
    original = _original_load(con, spec, file_label)
    if original is None:
        return FileReplay(file_label)  # never loaded: the next build loads it whole
    load_id, fingerprint = original
    if _nothing_to_replay(con, spec, load_id):
        return FileReplay(file_label, replay_of=load_id)
    scan = scan_file(path)
    if scan.fingerprint != fingerprint:
        return FileReplay(file_label, replay_of=load_id,
                          error="changed since it was loaded: not replayed; send changed rows as a new file")
    con.execute(f"set TimeZone = '{spec.naive_timezone}'")
    con.begin()
    try:
        with readable(path, spec, scan) as source:
            check_file(con, spec, source)
        outcome = _admit(con, spec, load_id, file_label, fingerprint)
        con.execute("drop table _landed")
        con.execute("drop table _checked")
        con.execute("drop table _admitted")
        con.commit()
    except Exception as exc:  # noqa: BLE001 - a file that cannot be replayed fails alone
        con.rollback()
        return FileReplay(file_label, replay_of=load_id, error=_one_line(exc))
    except BaseException:
        con.rollback()
        raise
    return outcome


def _nothing_to_replay(con: duckdb.DuckDBPyConnection, spec: EntitySpec, load_id: str) -> bool:
    """True when the load has no quarantined row left to replay (nothing to read the file for)."""
    return not con.execute(
        f"select count(*) from quarantine.{spec.table} where _load_id = ? and _replayed_in is null", [load_id]
    ).fetchone()[0]


def _modified_since(path: Path, since: date | None) -> bool:
    if since is None:
        return True
    return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).date() >= since


def replay_entity(con: duckdb.DuckDBPyConnection, spec: EntitySpec, landing_root: Path,
                  since: date | None = None) -> list[FileReplay]:
    """Replay every complete landing file of ``spec`` (modified on or after ``since`` when given)."""
    ensure_tables(con, (spec,))
    ready, _ = complete_files(spec, landing_root, settle_seconds=0.0)
    return [replay_file(con, spec, path, landing_root) for path in ready if _modified_since(path, since)]
