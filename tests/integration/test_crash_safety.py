"""Builds killed with SIGKILL at ingest, dbt and publish, re-run, give the marts of a clean build;
readers querying the serving copy during builds never fail and always see one complete snapshot.

The builds run as `insight build` subprocesses on a copy of the landing files of the session's clean
build (`built`), so the clean build is the reference.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from dashboards import queries
from dashboards.queries import Reach
from pipelines.warehouse import MARTS_DATABASE
from pipelines.warehouse import connect as connect_warehouse

REPO = Path(__file__).resolve().parents[2]
# Operational marts carry load timestamps and "days since"; they legitimately differ between builds.
TIME_STAMPED_MARTS = {"quality_loads_daily", "quality_freshness", "quality_quarantine_reasons"}


def mart_checksums(database: Path) -> dict[str, tuple[int, int]]:
    """(rows, order-independent hash) per marts table, lineage columns left out; doubles rounded, since
    parallel sums vary in the last bits."""
    with connect_warehouse(database, read_only=True) as con:
        columns = con.execute(
            "select table_name, column_name, data_type from duckdb_columns() "
            "where database_name = ? and schema_name = 'marts' order by table_name, column_index",
            [MARTS_DATABASE],
        ).fetchall()
        by_table: dict[str, list[str]] = {}
        for table, column, data_type in columns:
            if column.startswith("_"):
                continue  # lineage (_loaded_at): when a row was loaded, which differs between builds
            value = f'round("{column}", 6)' if data_type in ("DOUBLE", "FLOAT") else f'"{column}"'
            by_table.setdefault(table, []).append(f"{value}")
        return {
            table: con.execute(
                f"select count(*), coalesce(sum(hash(row({', '.join(values)}))::hugeint), 0) from marts.\"{table}\""
            ).fetchone()
            for table, values in by_table.items()
            if table not in TIME_STAMPED_MARTS
        }


def build_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INSIGHT_") and k != "DAGSTER_HOME"}
    return {**env, "INSIGHT_DATA_DIR": str(data_dir)}


def build_command(stage: str) -> list[str]:
    return [sys.executable, "-m", "pipelines.cli", "build", "--stage", stage]


def run_build(data_dir: Path, stage: str = "all") -> None:
    completed = subprocess.run(
        build_command(stage), cwd=REPO, env=build_env(data_dir),
        capture_output=True, text=True, timeout=900,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]


def build_killed_at(data_dir: Path, marker: str, delay: float = 0.0, stage: str = "all") -> None:
    """Start a build and SIGKILL its whole process group once ``marker`` appears in its log (plus ``delay``)."""
    process = subprocess.Popen(
        build_command(stage), cwd=REPO, env=build_env(data_dir),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    try:
        for line in process.stdout:
            if marker in line:
                time.sleep(delay)
                break
        else:
            pytest.fail(f"the build ended before {marker!r} appeared")
        assert process.poll() is None, "the build finished before it could be killed"
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=60)
        process.stdout.close()


class Readers:
    """Dashboard queries in a loop on the serving copy, each checking it sees one complete snapshot."""

    def __init__(self, serving: Path):
        self.serving = str(serving)
        self.errors: list[str] = []
        self.reads = 0
        self.builds_seen: set[str] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _read_once(self) -> None:
        # The snapshot check runs on one connection: a later connection may already see a newer copy.
        with duckdb.connect() as con:
            con.execute("attach ? as serving (read_only)", [self.serving])
            con.execute("use serving")
            build_id, table_rows = con.execute("select build_id, table_rows from meta.published").fetchone()
            for table, rows in json.loads(table_rows).items():
                counted = con.execute(f"select count(*) from {table}").fetchone()[0]
                if counted != rows:
                    self.errors.append(f"{build_id}: {table} has {counted} rows, published {rows}")
        # What the dashboard runs, through its own query layer (uncached, so every call reads the file).
        for query in (queries.HEADLINE_SQL, queries.MONTHLY_SQL):
            self._dashboard_query(query, {"start_month": None, "end_month": None})
        self._dashboard_query(queries.SEGMENT_MIX_SQL, {"tier_order": queries.display_order("service_tier")})
        self.builds_seen.add(build_id)

    def _dashboard_query(self, query, params: dict) -> None:
        # as a company-wide reader: a regional query binds an empty scope
        scope = {"scope_regions": None} if query.reach is Reach.REGION else {}
        queries._run(self.serving, query.sql, {**params, **scope})

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self._read_once()
                self.reads += 1
            except Exception as exc:  # every failure counts; the test asserts there are none
                self.errors.append(f"{type(exc).__name__}: {exc}")

    def __enter__(self) -> Readers:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=60)


@pytest.fixture(scope="module")
def reference(built) -> dict:
    checksums = mart_checksums(built.warehouse_path)
    assert {"customer_360", "fct_orders", "customer_timeline"} <= set(checksums)  # the marts file was read
    return checksums


@pytest.fixture(scope="module")
def crash_dir(built, tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("crash")
    shutil.copytree(built.landing_dir, data_dir / "landing")
    return data_dir


def test_killed_during_ingest_then_dbt_then_rerun_gives_the_clean_marts(crash_dir, reference):
    build_killed_at(crash_dir, "crm__customers: read")
    build_killed_at(crash_dir, "Running dbt command", delay=3.0)
    run_build(crash_dir)
    assert mart_checksums(crash_dir / "warehouse.duckdb") == reference


def test_readers_never_fail_and_a_killed_publish_leaves_the_old_copy(crash_dir, reference):
    # The publish stage alone (the warehouse is complete after the previous test): the same code as the
    # last step of a full build, without rebuilding the marts twice more.
    serving = crash_dir / "serving.duckdb"
    first_build = duckdb.connect(str(serving), read_only=True).execute("select build_id from meta.published").fetchone()[0]
    with Readers(serving) as readers:
        build_killed_at(crash_dir, "publishing the marts", stage="publish")
        with duckdb.connect(str(serving), read_only=True) as con:
            assert con.execute("select build_id from meta.published").fetchone()[0] == first_build
        run_build(crash_dir, stage="publish")
        time.sleep(1.0)
    assert readers.errors == []
    assert readers.reads > 0
    assert len(readers.builds_seen) == 2  # the old copy, then the new one
    assert not list(crash_dir.glob(".serving.duckdb.*.tmp")), "the next publish cleans up a killed one"
    assert mart_checksums(crash_dir / "warehouse.duckdb") == reference
