"""Publish a read-only serving copy of the marts, swapped in atomically.

Readers (dashboards, reports) never open the warehouse: the pipeline is its only writer. They read the
serving file, which is built beside the old one and renamed over it, so a reader sees either the old
complete copy or the new complete copy, never a half-written one.

dbt writes the marts into a file of their own (pipelines/warehouse.py), so the copy is that file copied
byte for byte after a checkpoint (seconds, at any scale, instead of re-writing every table), plus the
operational tables the quality page reads. The marts file only ever held marts, so no other data lingers
in its free blocks.

The unmasked profile never enters the serving copy: only when INSIGHT_SHOW_PII allows it, it is published
into a file of its own beside it (``Settings.restricted_path``, readable by its owner only), which the
dashboards open for a privacy officer's purpose-bound request and nothing else reads.
"""

import json
import os
import shutil
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.assets.dbt import mart_keys
from pipelines.build_state import inputs_fingerprint, record_published
from pipelines.ingest.contract import sql_literal
from pipelines.resources import WarehouseResource
from pipelines.settings import Settings
from pipelines.warehouse import marts_path_for

# The unmasked profile, published (to its own file) only when INSIGHT_SHOW_PII explicitly allows it.
RESTRICTED_SCHEMA = "restricted"
RESTRICTED_TABLES = ("customer_profile_unmasked",)
# Operational tables the data-quality page shows; they hold counts and file names, no personal data.
PUBLISHED_META_TABLES = ("load_log", "load_reasons", "check_results")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_marts_file(warehouse_path: Path, target: Path) -> None:
    """The marts file with its write-ahead log folded in, copied whole (the pipeline is not writing it now)."""
    marts_path = marts_path_for(warehouse_path)
    with duckdb.connect(str(marts_path)) as con:
        con.execute("checkpoint")
    shutil.copyfile(marts_path, target)


def _copy_from_warehouse(con: duckdb.DuckDBPyConnection, schema: str, tables: list[str]) -> None:
    con.execute(f"create schema if not exists {schema}")
    for table in tables:
        con.execute(f'create table {schema}."{table}" as select * from warehouse.{schema}."{table}"')


def publish_serving_copy(warehouse_path: Path, serving_path: Path, memory_limit: str | None = None) -> dict:
    """Copy the marts (and the meta tables) into a new file and atomically replace ``serving_path`` with it."""
    build_id = f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    for leftover in serving_path.parent.glob(f".{serving_path.name}.*.tmp"):
        leftover.unlink()  # from a publish that was killed before its rename
    staging_path = serving_path.with_name(f".{serving_path.name}.{build_id}.tmp")
    _copy_marts_file(warehouse_path, staging_path)
    config = {"memory_limit": memory_limit} if memory_limit else {}
    with duckdb.connect(str(staging_path), config=config) as con:
        # a transient relation dbt leaves behind only when it was killed mid-model: not part of the marts
        for (table,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts' and table_name like '%\\_\\_dbt\\_%' escape '\\'"
        ).fetchall():
            con.execute(f'drop table marts."{table}"')
        con.execute(f"attach {sql_literal(str(warehouse_path))} as warehouse (read_only)")
        listed = dict(con.execute(
            "select schema_name, list(table_name order by table_name) from duckdb_tables() "
            "where database_name = 'warehouse' and schema_name = 'meta' and list_contains(?, table_name) "
            "group by schema_name",
            [list(PUBLISHED_META_TABLES)],
        ).fetchall())
        for schema, tables in listed.items():
            _copy_from_warehouse(con, schema, tables)
        as_of = con.execute(
            "select max(as_of_date) from warehouse.intermediate.int_as_of_date"
            if con.execute(
                "select count(*) from duckdb_tables() where database_name = 'warehouse' "
                "and schema_name = 'intermediate' and table_name = 'int_as_of_date'"
            ).fetchone()[0]
            else "select null::date"
        ).fetchone()[0]
        con.execute("detach warehouse")
        # Row counts per table let a reader verify it sees one complete snapshot.
        tables = {
            f"{schema}.{table}": con.execute(f'select count(*) from {schema}."{table}"').fetchone()[0]
            for schema, table in con.execute(
                "select schema_name, table_name from duckdb_tables() where database_name = current_database() "
                "order by all"
            ).fetchall()
        }
        con.execute("create schema if not exists meta")
        con.execute(
            "create table meta.published as select now() as published_at, ?::date as as_of_date, ? as build_id, "
            "?::json as table_rows",
            [as_of, build_id, json.dumps(tables)],
        )
        con.execute("checkpoint")
    _fsync(staging_path)
    os.replace(staging_path, serving_path)
    _fsync(serving_path.parent)
    return {"build_id": build_id, "as_of_date": str(as_of), "tables": tables}


def publish_restricted_profile(warehouse_path: Path, restricted_path: Path, show_pii: bool) -> int | None:
    """With ``show_pii``: the unmasked profile into ``restricted_path`` (mode 0600, replaced atomically), and
    its row count; without: an earlier restricted file removed, and None.

    The file is written inside a fresh 0700 folder beside its target, so neither it nor its write-ahead log
    is readable by anyone else at any moment, then renamed into place.
    """
    if not show_pii:
        restricted_path.unlink(missing_ok=True)
        return None
    private_dir = Path(tempfile.mkdtemp(prefix=f".{restricted_path.name}.", dir=restricted_path.parent))
    staging_path = private_dir / restricted_path.name
    try:
        with duckdb.connect(str(staging_path)) as con:
            os.chmod(staging_path, 0o600)
            con.execute(f"attach {sql_literal(str(warehouse_path))} as warehouse (read_only)")
            con.execute(f"create schema {RESTRICTED_SCHEMA}")
            _copy_from_warehouse(con, RESTRICTED_SCHEMA, list(RESTRICTED_TABLES))
            rows = con.execute(f"select count(*) from {RESTRICTED_SCHEMA}.{RESTRICTED_TABLES[0]}").fetchone()[0]
            con.execute("detach warehouse")
            con.execute("checkpoint")
        _fsync(staging_path)
        os.replace(staging_path, restricted_path)
        _fsync(restricted_path.parent)
    finally:
        shutil.rmtree(private_dir, ignore_errors=True)
    return rows


@dg.asset(
    key=["serving", "published"],
    group_name="publish",
    kinds={"duckdb"},
    deps=mart_keys(),
    description="Read-only serving copy of the marts for dashboards and reports, replaced atomically.",
)
def serving_copy(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    settings = Settings.from_env()
    context.log.info(f"publishing the marts to {settings.serving_path}")
    with warehouse.get_connection() as con:
        built_from = inputs_fingerprint(con, settings)
    result = publish_serving_copy(settings.warehouse_path, settings.serving_path,
                                  memory_limit=settings.duckdb_memory_limit)
    context.log.info(f"published {len(result['tables'])} tables to {settings.serving_path}")
    restricted_rows = publish_restricted_profile(settings.warehouse_path, settings.restricted_path, settings.show_pii)
    # what this copy was built from: a later build with the same inputs has nothing to do
    with warehouse.get_connection() as con:
        record_published(con, built_from)
    return dg.MaterializeResult(
        metadata={
            "serving_path": str(settings.serving_path),
            "build_id": result["build_id"],
            "personal_data": "masked only",
            "restricted_profile": (
                f"{restricted_rows} unmasked profiles in {settings.restricted_path.name} (INSIGHT_SHOW_PII)"
                if restricted_rows is not None else "not published"
            ),
            "as_of_date": result["as_of_date"],
            "row_counts": dg.MetadataValue.json(result["tables"]),
        }
    )
