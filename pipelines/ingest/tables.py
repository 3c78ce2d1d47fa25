"""DDL of the schemas and tables that ingest writes: raw, quarantine and meta."""

from __future__ import annotations

import duckdb

from pipelines.sources.base import EntitySpec
from pipelines.sources.canonical import CONTRACTS, SOURCE_IDS

LINEAGE_COLUMNS = "_load_id VARCHAR NOT NULL, _source_file VARCHAR NOT NULL, _loaded_at TIMESTAMPTZ NOT NULL"

LOAD_LOG_DDL = """
create table if not exists meta.load_log (
    load_id VARCHAR primary key,
    source VARCHAR not null,
    entity VARCHAR not null,
    file VARCHAR not null,
    fingerprint VARCHAR not null,
    rows_read BIGINT not null,
    rows_loaded BIGINT not null,
    rows_quarantined BIGINT not null,
    extra_columns VARCHAR[],
    missing_columns VARCHAR[],
    loaded_at TIMESTAMPTZ not null,
    rows_counted BIGINT
)
"""

# rows_counted is the independent count of the file's records (pipelines/ingest/framing.py); a load is
# written only when it equals rows_read. Warehouses made before it have NULL in their earlier loads.
LOAD_LOG_MIGRATIONS = (
    "alter table meta.load_log add column if not exists rows_counted BIGINT",
    # A replay (pipelines/ingest/replay.py) is a correcting entry for the load it names: rows_read 0,
    # rows_loaded +n, rows_quarantined -n for the n quarantined rows it admitted, so sums over the log
    # stay the file's records and every row of the log keeps read = loaded + quarantined.
    "alter table meta.load_log add column if not exists replay_of VARCHAR",
)

# The latest failure of each landing file that could not be loaded (nothing of it was written); the row
# goes once the file loads. meta.load_log keeps one row per file loaded, so the marts counting it count
# loaded files only.
LOAD_FAILURES_DDL = """
create table if not exists meta.load_failures (
    source VARCHAR not null,
    entity VARCHAR not null,
    file VARCHAR not null,
    fingerprint VARCHAR not null,
    reason VARCHAR not null,
    rows_counted BIGINT,
    failed_at TIMESTAMPTZ not null,
    primary key (source, entity, file)
)
"""


LOAD_REASONS_DDL = """
create table if not exists meta.load_reasons (
    load_id VARCHAR not null,
    reason VARCHAR not null,
    rows BIGINT not null,
    primary key (load_id, reason)
)
"""


# The size and modification time each landing file had when its content fingerprint was taken: a file
# seen again with the same path, size and mtime is known without reading it (the ingest of a daily drop
# then reads the new files only, not gigabytes of old ones). Any other file is read and fingerprinted.
LANDING_FILES_DDL = """
create table if not exists meta.landing_files (
    source VARCHAR not null,
    entity VARCHAR not null,
    file VARCHAR not null,
    size_bytes BIGINT not null,
    mtime_ns BIGINT not null,
    fingerprint VARCHAR not null,
    primary key (source, entity, file)
)
"""


def raw_table_ddl(spec: EntitySpec) -> str:
    columns = ", ".join(f'"{f.name}" {f.dtype}' for f in spec.fields)
    return f"create table if not exists raw.{spec.table} ({columns}, {LINEAGE_COLUMNS})"


def quarantine_table_ddl(spec: EntitySpec) -> str:
    """Quarantine keeps the text of every contract column as read, the record's number among the file's
    data records, the line it starts on, its exact original text and the reason."""
    columns = ", ".join(f'"{f.name}" VARCHAR' for f in spec.fields)
    return (
        f"create table if not exists quarantine.{spec.table} "
        f"({columns}, _row_number BIGINT, _raw_record VARCHAR, _reason VARCHAR NOT NULL, {LINEAGE_COLUMNS}, "
        "_line_number BIGINT)"
    )


def _namespaced(spec: EntitySpec, name: str) -> str:
    column = f'"{name}"'
    return f"case when {column} is not null then '{spec.key_namespace}:' || {column} end as {column}"


def entity_view_ddl(entity: str, specs: list[EntitySpec]) -> str:
    """raw.<entity>: the union of every source's raw table of one canonical entity, each row with the
    ``source_system`` it came from and the source's own ids namespaced ("<source>:<id>") unless the source
    shares them. Staging reads this view, so a source added by a declaration reaches every model of its
    entity. An entity no source feeds is an empty view with the contract's columns."""
    contract = CONTRACTS[entity]
    if not specs:
        columns = ", ".join(f'null::{f.dtype} as "{f.name}"' for f in contract.fields)
        return (f"create or replace view raw.{entity} as select null::varchar as source_system, {columns}, "
                "null::varchar as _load_id, null::varchar as _source_file, null::timestamptz as _loaded_at where false")
    selects = []
    for spec in specs:
        ids = [f.name for f in spec.fields if spec.key_namespace and f.name in SOURCE_IDS and f.name not in spec.shared_keys]
        replaced = f" replace ({', '.join(_namespaced(spec, name) for name in ids)})" if ids else ""
        selects.append(f"select '{spec.source}' as source_system, *{replaced} from raw.{spec.table}")
    return f"create or replace view raw.{entity} as " + " union all by name ".join(selects)


def _add_new_fields(con: duckdb.DuckDBPyConnection, spec: EntitySpec) -> None:
    """A field a contract gained since the tables were created: added as a column (null in older rows)."""
    present = {(schema, name) for schema, name in con.execute(
        "select schema_name, column_name from duckdb_columns() "
        "where database_name = current_database() and schema_name in ('raw', 'quarantine') and table_name = ?",
        [spec.table]).fetchall()}
    for f in spec.fields:
        for schema, dtype in (("raw", f.dtype), ("quarantine", "VARCHAR")):
            if (schema, f.name) not in present:
                con.execute(f'alter table {schema}.{spec.table} add column "{f.name}" {dtype}')


def ensure_tables(con: duckdb.DuckDBPyConnection, specs: tuple[EntitySpec, ...]) -> None:
    """Create the raw, quarantine and meta schemas and the tables of ``specs`` and of every declared source
    where missing, and the union view of every canonical entity over them."""
    from pipelines.sources import all_specs  # the declarations import this module's package: import late

    for schema in ("raw", "quarantine", "meta"):
        con.execute(f"create schema if not exists {schema}")
    con.execute(LOAD_LOG_DDL)
    for migration in LOAD_LOG_MIGRATIONS:
        con.execute(migration)
    con.execute(LOAD_REASONS_DDL)
    con.execute(LOAD_FAILURES_DDL)
    con.execute(LANDING_FILES_DDL)
    feeding = list({spec.table: spec for spec in (*all_specs(), *specs)}.values())
    for spec in feeding:
        con.execute(raw_table_ddl(spec))
        con.execute(quarantine_table_ddl(spec))
        _add_new_fields(con, spec)
        con.execute(f"alter table quarantine.{spec.table} add column if not exists _line_number BIGINT")
        # the replay load that later admitted this row under a changed contract (it stays here as history)
        con.execute(f"alter table quarantine.{spec.table} add column if not exists _replayed_in VARCHAR")
    for entity in CONTRACTS:
        con.execute(entity_view_ddl(entity, [spec for spec in feeding if spec.entity == entity]))
