"""Every real asset, materialised on a tiny generated data set in a temporary folder."""

from __future__ import annotations

import importlib.util
import json
from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.sources import all_specs
from pipelines.warehouse import connect as connect_warehouse


@pytest.fixture
def warehouse(built):
    # Short-lived: a read-only connection must not be open while a later test ingests again.
    with connect_warehouse(built.warehouse_path, read_only=True) as con:
        yield con


@pytest.fixture(scope="module")
def manifest(built):
    return json.loads((built.landing_dir / "_manifest.json").read_text())


def test_the_build_succeeded_and_published(built):
    assert built.success
    assert built.serving_path.exists()


def test_every_landing_row_is_loaded_or_quarantined(warehouse, manifest):
    for spec in all_specs():
        read, loaded, quarantined = warehouse.execute(
            "select sum(rows_read), sum(rows_loaded), sum(rows_quarantined) from meta.load_log "
            "where source = ? and entity = ?",
            [spec.source, spec.entity],
        ).fetchone()
        assert read == manifest["tables"][spec.table]["rows"], spec.table
        assert read == loaded + quarantined, spec.table
        assert warehouse.execute(f"select count(*) from raw.{spec.table}").fetchone()[0] == loaded
        assert warehouse.execute(f"select count(*) from quarantine.{spec.table}").fetchone()[0] == quarantined


def test_every_damaged_row_is_quarantined(warehouse, manifest):
    for spec in all_specs():
        damaged = sum(manifest["tables"][spec.table]["damaged"].values())
        quarantined = warehouse.execute(f"select count(*) from quarantine.{spec.table}").fetchone()[0]
        assert quarantined == damaged, spec.table


def test_reingesting_the_same_files_adds_nothing(built, warehouse_counts_after_reingest):
    before, after = warehouse_counts_after_reingest
    # the contract checks keep the verdict of the loads they validated: no new load, no new history
    assert after == before


def test_a_build_with_nothing_new_skips_the_transformation(rebuilt_with_nothing_new):
    published_before, result, published_after = rebuilt_with_nothing_new
    assert result.success
    materialized = {event.asset_key.path[0] for event in result.get_asset_materialization_events()}
    # the ingest assets report their (empty) loads and the load log; dbt, the Python assets and publish
    # are skipped
    assert materialized == {"raw", "meta"}
    skipped = {event.step_key for event in result.all_events if event.event_type_value == "STEP_SKIPPED"}
    assert "serving__published" in skipped
    assert published_after == published_before


def test_order_totals_match_the_landing_files(warehouse, manifest):
    orders = manifest["tables"]["orders__orders"]
    paid, amount = warehouse.execute(
        "select count(*), sum(amount_cny) from marts.fct_orders where status = 'paid'"
    ).fetchone()
    rates = dict(warehouse.execute("select currency, rate_to_cny from seeds.currency_rates").fetchall())
    expected = sum(Decimal(str(total)) * Decimal(str(rates[currency])) for currency, total in orders["paid_amount_by_currency"].items())
    assert paid == orders["paid_orders"]
    assert abs(Decimal(str(amount)) - expected) < Decimal("0.01") * max(paid, 1)


def test_marts_are_consistent(warehouse):
    # One row per person: identity stitching merges a person's CRM accounts (issue 4).
    customers = warehouse.execute(
        "select count(distinct resolved_customer_id) from intermediate.int_customer_identities_stitched "
        "where source_system = 'crm'"
    ).fetchone()[0]
    assert warehouse.execute("select count(*) from marts.customer_360").fetchone()[0] == customers
    # Orders reach a person through their order-system account; orders of an account linked to no CRM
    # account (its CRM row was quarantined) have no customer to score.
    buyers = warehouse.execute(
        "select count(distinct orders.resolved_customer_id) from marts.fct_orders as fct "
        "join intermediate.int_customer_identities_stitched as orders "
        "on orders.source_system = 'orders' and orders.source_record_id = fct.customer_id "
        "where fct.is_paid and fct.order_date <= (select as_of_date from intermediate.int_as_of_date) "
        "and orders.has_crm_account"
    ).fetchone()[0]
    assert warehouse.execute("select count(*) from marts.customer_rfm").fetchone()[0] == buyers
    revenue_360, revenue_rfm = warehouse.execute(
        "select (select sum(lifetime_revenue) from marts.customer_360), (select sum(monetary) from marts.customer_rfm)"
    ).fetchone()
    assert revenue_360 == revenue_rfm
    unsegmented = warehouse.execute("select count(*) from marts.customer_rfm where segment is null").fetchone()[0]
    assert unsegmented == 0


def test_serving_copy_holds_the_marts_and_no_raw_pii(built):
    with duckdb.connect(str(built.serving_path), read_only=True) as con:
        schemas = {row[0] for row in con.execute("select distinct schema_name from duckdb_tables()").fetchall()}
        assert schemas == {"marts", "meta"}
        columns = {row[0] for row in con.execute("select column_name from duckdb_columns() where table_name = 'customer_360'").fetchall()}
        assert {"phone", "email", "name"}.isdisjoint(columns)
        assert con.execute("select count(*) from marts.fct_orders").fetchone()[0] > 0
        assert con.execute("select build_id from meta.published").fetchone()[0]


def test_check_outcomes_are_published_for_the_quality_page(built):
    with duckdb.connect(str(built.serving_path), read_only=True) as con:
        checked = set(con.execute("select distinct asset, check_name from meta.check_results where success").fetchall())
    assert ("raw/crm__customers", "gx_contract") in checked
    assert ("raw/orders__orders", "gx_contract") in checked
    # Blocking mart suites run before the publish, so the serving copy holds their outcomes.
    assert {("marts/customer_360", "gx_suite"), ("marts/kpi_monthly", "gx_suite")} <= checked


def _dashboard_fixture_columns() -> set[tuple[str, str, str]]:
    """(schema, table, column) of the hand-made serving file the dashboard tests run on."""
    path = Path(__file__).resolve().parents[1] / "dashboards" / "dashboard_serving.py"
    spec = importlib.util.spec_from_file_location("dashboard_serving", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with duckdb.connect() as con:
        con.execute(module.SCHEMA_SQL)
        return set(con.execute("select schema_name, table_name, column_name from duckdb_columns()").fetchall())


def test_serving_copy_has_every_column_the_dashboard_tests_assume(built):
    with duckdb.connect(str(built.serving_path), read_only=True) as con:
        published = set(con.execute("select schema_name, table_name, column_name from duckdb_columns()").fetchall())
    assert sorted(_dashboard_fixture_columns() - published) == []


def test_asset_checks_passed(built):
    failed = [
        evaluation.check_name
        for evaluation in built.check_evaluations
        if not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR
    ]
    assert failed == []


def _raw_personal_values(warehouse) -> set[str]:
    rows = warehouse.execute(
        "select phone from raw.crm__customers where length(phone) >= 8 union "
        "select email from raw.crm__customers where email like '%@%' union "
        "select name from raw.crm__customers where length(name) >= 2"
    ).fetchall()
    return {value for (value,) in rows if value}


def test_no_personal_data_in_logs_or_asset_metadata(built, warehouse):
    personal = _raw_personal_values(warehouse)
    assert len(personal) > 100
    leaked = sorted(value for value in personal if value in built.event_text)
    assert leaked == []


def test_serving_copy_holds_no_unmasked_personal_data(built, warehouse):
    personal = _raw_personal_values(warehouse)
    with duckdb.connect(str(built.serving_path), read_only=True) as con:
        text_columns = con.execute(
            "select schema_name, table_name, column_name from duckdb_columns() where data_type = 'VARCHAR'"
        ).fetchall()
        published = set()
        for schema, table, column in text_columns:
            published |= {v for (v,) in con.execute(f'select distinct "{column}" from {schema}."{table}"').fetchall() if v}
    assert personal & published == set()
