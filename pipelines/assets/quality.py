"""Data quality as Dagster asset checks: Great Expectations suites, freshness, and their history.

Every check writes its outcomes to meta.check_results, so the quality dashboard shows history, not
just the latest run. Mart checks are blocking: a mart that breaks its suite is not published.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

import dagster as dg

from pipelines.assets.dbt import dbt_models
from pipelines.assets.ingest import ingest_asset_key
from pipelines.resources import WarehouseResource
from pipelines.sources import all_specs
from pipelines.sources.base import EntitySpec

# Raw suites validate the rows of the newest load (at most this many): bounded memory and time at any
# scale, and it is the new data that can break a contract. Keys repeat across loads on purpose (a
# re-sent record is a new row), so key uniqueness is a property of one load.
NEWEST_ROWS = 250_000

CHECK_RESULTS_DDL = """
create table if not exists meta.check_results (
    checked_at TIMESTAMPTZ not null,
    run_id VARCHAR,
    asset VARCHAR not null,
    check_name VARCHAR not null,
    suite VARCHAR,
    expectation VARCHAR not null,
    column_name VARCHAR,
    success BOOLEAN not null,
    observed VARCHAR,
    element_count BIGINT,
    unexpected_count BIGINT
)
"""


def _record(con, run_id: str, asset: dg.AssetKey, check_name: str, outcomes) -> None:
    con.execute("create schema if not exists meta")
    con.execute(CHECK_RESULTS_DDL)
    checked_at = datetime.now(UTC)
    con.executemany(
        "insert into meta.check_results values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [checked_at, run_id, asset.to_user_string(), check_name, o.suite, o.expectation, o.column, o.success,
             o.observed, o.element_count, o.unexpected_count]
            for o in outcomes
        ],
    )


@dataclass(frozen=True)
class _StoredOutcome:
    expectation: str
    column: str | None
    success: bool
    observed: str


def _outcomes_since(con, asset: dg.AssetKey, check_name: str, since) -> list[_StoredOutcome] | None:
    """The outcomes of the latest run of a check made at or after ``since``; None when there is none."""
    if since is None or not con.execute(
        "select count(*) from duckdb_tables() where schema_name = 'meta' and table_name = 'check_results'"
    ).fetchone()[0]:
        return None
    rows = con.execute(
        "select expectation, column_name, success, observed from meta.check_results "
        "where asset = ? and check_name = ? and checked_at = "
        "(select max(checked_at) from meta.check_results where asset = ? and check_name = ?) and checked_at >= ?",
        [asset.to_user_string(), check_name, asset.to_user_string(), check_name, since],
    ).fetchall()
    return [_StoredOutcome(*row) for row in rows] or None


def _result(check_name: str, outcomes, severity=dg.AssetCheckSeverity.ERROR) -> dg.AssetCheckResult:
    failed = [f"{o.expectation}({o.column or ''}): {o.observed}" for o in outcomes if not o.success]
    return dg.AssetCheckResult(
        check_name=check_name,
        passed=not failed,
        severity=severity,
        metadata={"expectations": len(outcomes), "failed": len(failed), "failures": dg.MetadataValue.json(failed)},
    )


def build_raw_contract_check(spec: EntitySpec) -> dg.AssetChecksDefinition:
    key = ingest_asset_key(spec)

    @dg.asset_check(
        asset=key,
        name="gx_contract",
        description=f"Great Expectations suite raw.{spec.table} on the rows of the newest load (at most "
        f"{NEWEST_ROWS:,}).",
    )
    def _check(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.get_connection() as con:
            # a load's rows carry its load_log.loaded_at (one transaction); as a constant, the filter skips
            # the row groups of older loads by their min/max instead of sorting the whole table
            newest_load_at = con.execute(
                "select max(loaded_at) from meta.load_log where source = ? and entity = ? and rows_loaded > 0",
                [spec.source, spec.entity],
            ).fetchone()[0]
            earlier = _outcomes_since(con, key, "gx_contract", newest_load_at)
            if earlier is not None:
                # the newest load was validated when it arrived: the same rows get the same verdict
                return _result("gx_contract", earlier)
            from quality.suites import raw_suite
            from quality.validate import validate_frame

            frame = con.execute(
                f"select * from raw.{spec.table} where _loaded_at = ? limit {NEWEST_ROWS}", [newest_load_at]
            ).df()
            outcomes = validate_frame(frame, raw_suite(spec))
            _record(con, context.run.run_id, key, "gx_contract", outcomes)
        return _result("gx_contract", outcomes)

    return _check


def build_freshness_check(spec: EntitySpec) -> dg.AssetChecksDefinition:
    key = ingest_asset_key(spec)

    @dg.asset_check(
        asset=key,
        name="fresh",
        description=f"A new landing file was loaded within {spec.fresh_within_days} day(s).",
    )
    def _check(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.get_connection() as con:
            last_loaded_at, age_days = con.execute(
                "select max(loaded_at), date_diff('hour', max(loaded_at), now()) / 24.0 "
                "from meta.load_log where source = ? and entity = ? and rows_read > 0",
                [spec.source, spec.entity],
            ).fetchone()
        fresh = age_days is not None and age_days <= spec.fresh_within_days
        return dg.AssetCheckResult(
            check_name="fresh",
            passed=fresh,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "last_loaded_at": str(last_loaded_at) if last_loaded_at else "never",
                "age_days": round(float(age_days), 2) if age_days is not None else -1.0,
                "threshold_days": spec.fresh_within_days,
            },
        )

    return _check


def build_mart_check(table: str) -> dg.AssetChecksDefinition:
    key = dg.AssetKey(["marts", table])

    @dg.asset_check(
        asset=key,
        name="gx_suite",
        blocking=True,
        description=f"Great Expectations suite marts.{table}; a failure stops the publish.",
    )
    def _check(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
        from quality.suites import mart_suites
        from quality.validate import validate_frame

        suite = mart_suites()[table]
        with warehouse.get_connection() as con:
            # only the columns the suite checks: customer_360 has 80 columns and a million rows at scale 100
            columns = ", ".join(f'"{column}"' for column in suite.columns)
            frame = con.execute(f"select {columns} from marts.{table}").df()
            outcomes = validate_frame(frame, suite)
            _record(con, context.run.run_id, key, "gx_suite", outcomes)
        return _result("gx_suite", outcomes)

    return _check


# Mart suites are declared in quality/suites.py; a check exists for each mart the dbt project has.
CHECKED_MARTS = ("customer_360", "customer_rfm", "kpi_monthly")

quality_checks = [
    *(build_raw_contract_check(spec) for spec in all_specs()),
    *(build_freshness_check(spec) for spec in all_specs()),
    *(build_mart_check(table) for table in CHECKED_MARTS if dg.AssetKey(["marts", table]) in dbt_models.keys),
]
