"""The warehouse is two DuckDB files: the pipeline's own (raw, quarantine, meta, staging, intermediate,
ml, text, restricted) and, beside it, the marts, which dbt writes into a file of their own
(``<warehouse>_marts.duckdb``, attached as ``mart_store``). Publishing the marts is then a copy of that
file, not a copy of every table. Both files have one writer, the pipeline.

Every connection that reads marts attaches the marts file and puts ``mart_store.marts`` on its search
path, so ``marts.<table>`` means the same in Python as in dbt.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.ingest.contract import sql_literal

MARTS_DATABASE = "mart_store"
MARTS_SCHEMA = "marts"


def marts_path_for(warehouse_path: Path) -> Path:
    """``warehouse.duckdb`` -> ``warehouse_marts.duckdb`` (the same rule dbt's profiles.yml applies)."""
    name = warehouse_path.name.removesuffix(".duckdb")
    return warehouse_path.with_name(f"{name}_marts.duckdb")


def attach_marts(con: duckdb.DuckDBPyConnection, warehouse_path: Path, read_only: bool = False) -> None:
    """Attach the marts file to a warehouse connection (read-only: only when it exists)."""
    marts_path = marts_path_for(warehouse_path)
    if read_only and not marts_path.exists():
        return
    mode = " (read_only)" if read_only else ""
    con.execute(f"attach if not exists {sql_literal(str(marts_path))} as {MARTS_DATABASE}{mode}")
    if not read_only:
        con.execute(f"create schema if not exists {MARTS_DATABASE}.{MARTS_SCHEMA}")
    elif not con.execute(
        "select count(*) from duckdb_schemas() where database_name = ? and schema_name = ?",
        [MARTS_DATABASE, MARTS_SCHEMA],
    ).fetchone()[0]:
        return  # a marts file dbt has not built into yet
    main = con.execute("select current_database()").fetchone()[0]
    con.execute(f"set search_path = '{main}.main,{MARTS_DATABASE}.{MARTS_SCHEMA}'")


def connect(warehouse_path: Path, read_only: bool = False, config: dict | None = None) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse with its marts attached."""
    con = duckdb.connect(str(warehouse_path), read_only=read_only, config=config or {})
    attach_marts(con, warehouse_path, read_only)
    return con
