"""The benchmark's comparators on a hand-made raw schema: bare SQL and pandas give the marts' business truth."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from bench.comparator import compare_results, execute_bare_sql, rfm_frame, run_bare_sql
from pipelines.ingest.tables import ensure_tables
from pipelines.sources import all_specs, spec_for
from pipelines.warehouse import MARTS_DATABASE, attach_marts

FIRST, SECOND = 1, 2  # loads: a later load of a key replaces the earlier one

CUSTOMERS = [
    {"customer_id": "c1", "city": "上海", "region": "华东", "signup_at": "2024-01-01 08:00:00+08"},
    {"customer_id": "c2", "city": "北京", "region": "华北", "signup_at": "2024-02-01 08:00:00+08"},
    {"customer_id": "c3", "city": "深圳", "region": "华南", "signup_at": "2024-03-01 08:00:00+08"},
    {"customer_id": "c4", "city": "成都", "region": "西南", "signup_at": "2024-04-01 08:00:00+08"},
]
MOVED = {"customer_id": "c1", "city": "杭州", "region": "华东", "signup_at": "2024-01-01 08:00:00+08"}


def order(order_id, customer_id, ordered_at, status, amount, currency="CNY", refund=None):
    return {"order_id": order_id, "customer_id": customer_id, "ordered_at": ordered_at, "status": status,
            "amount": amount, "refund_amount": refund, "currency": currency}


ORDERS = [
    order("o1", "c1", "2025-06-01 10:00:00+08", "paid", "100.00"),
    order("o2", "c1", "2025-06-20 10:00:00+08", "paid", "50.00", "USD", refund="10.00"),  # 355.00 - 71.00 CNY
    order("o3", "c1", "2025-06-25 10:00:00+08", "refunded", "30.00", refund="30.00"),
    order("o4", "c2", "2025-05-01 08:30:00+08", "paid", "200.00", "HKD"),  # 182.00 CNY
    order("o5", "c2", "2025-06-05 10:00:00+08", "paid", "80.00"),  # refunded in the second load
    order("o6", "c3", "2025-06-29 23:30:00+08", "paid", "12.35", "HKD"),  # 11.2385 -> 11.24 CNY
    order("o7", "c3", "2025-07-01 07:00:00+08", "paid", "5.00"),  # 2025-06-30 in UTC: the latest order date
    order("o8", "c9", "2025-06-10 10:00:00+08", "paid", "20.00"),  # an account without a CRM row
]
REFUNDED_LATER = order("o5", "c2", "2025-06-05 10:00:00+08", "refunded", "80.00", refund="80.00")
ITEMS = [
    {"order_id": "o1", "line_no": 1, "product_id": "p1", "category": "home", "quantity": 1, "unit_price": "60.00"},
    {"order_id": "o1", "line_no": 2, "product_id": "p2", "category": "food", "quantity": 2, "unit_price": "20.00"},
]
INTERACTIONS = [
    {"interaction_id": "i1", "customer_id": "c1", "channel": "phone", "kind": "complaint",
     "opened_at": "2025-06-15 10:00:00+08", "status": "closed"},
    {"interaction_id": "i2", "customer_id": "c1", "channel": "phone", "kind": "inquiry",
     "opened_at": "2025-01-15 10:00:00+08", "status": "closed"},
]

AS_OF = date(2025, 6, 30)
# customer -> (recency_days, frequency, monetary, r, f, m, segment), worked out by hand:
# recency ranks (most days first) c2 60, c1 10, c3 0 -> 1 + floor(5 * (rank - 1) / 3) = 1, 2, 4;
# frequency c2 1 < c1 = c3 2 -> 1, 2, 2; monetary c3 16.24 < c2 182.00 < c1 384.00 -> 1, 2, 4;
# fm = ceil((f + m) / 2): c1 3, c2 2, c3 2; segments from the seed on (r, fm).
EXPECTED_RFM = {
    "c1": (10, 2, Decimal("384.00"), 2, 2, 4, "At risk"),
    "c2": (60, 1, Decimal("182.00"), 1, 1, 2, "Lost"),
    "c3": (0, 2, Decimal("16.24"), 4, 2, 1, "Potential loyalist"),
}


def insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict], load: int) -> None:
    """Rows into raw.<table> as a load would write them; contract columns not given are null."""
    names = spec_for(table).field_names
    lineage = [f"load-{load}", f"{table}_{load}.csv", f"2025-07-0{load} 00:00:00+00"]
    con.executemany(
        f"insert into raw.{table} ({', '.join(names)}, _load_id, _source_file, _loaded_at) "
        f"values ({', '.join('?' for _ in range(len(names) + 3))})",
        [[row.get(name) for name in names] + lineage for row in rows],
    )


@pytest.fixture
def warehouse(tmp_path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        ensure_tables(con, all_specs())
        insert(con, "crm__customers", CUSTOMERS, FIRST)
        insert(con, "crm__customers", [MOVED], SECOND)
        insert(con, "orders__orders", ORDERS, FIRST)
        insert(con, "orders__orders", [REFUNDED_LATER], SECOND)
        insert(con, "orders__order_items", ITEMS, FIRST)
        insert(con, "orders__order_items", ITEMS[1:], SECOND)
        insert(con, "interactions__interactions", INTERACTIONS, FIRST)
    return path


@pytest.fixture
def bare(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.execute("set TimeZone = 'Asia/Shanghai'")  # dates are UTC dates whatever the session's time zone
        execute_bare_sql(con)
        yield con


def test_bare_fct_orders_keeps_the_latest_load_and_converts_to_cny(bare):
    rows = {r[0]: r[1:] for r in bare.execute(
        "select order_id, status, order_date, amount_cny, refund_amount_cny, net_amount_cny, item_count, quantity "
        "from bare.fct_orders").fetchall()}
    assert len(rows) == len(ORDERS)
    assert rows["o2"] == ("paid", date(2025, 6, 20), Decimal("355.00"), Decimal("71.00"), Decimal("284.00"), 0, 0)
    assert rows["o3"][3:5] == (Decimal("30.00"), Decimal("0.00"))
    assert rows["o5"][0] == "refunded" and rows["o5"][4] == 0
    assert rows["o6"][2] == Decimal("11.24")
    assert rows["o7"][1] == date(2025, 6, 30)  # UTC date
    assert rows["o1"][5:] == (2, 3)


def test_bare_rfm_follows_the_business_rules(bare):
    assert bare.execute("select as_of_date from bare.as_of").fetchone()[0] == AS_OF
    rows = bare.execute(
        "select customer_id, recency_days, frequency, monetary, r_score, f_score, m_score, segment, as_of_date "
        "from bare.customer_rfm").fetchall()
    assert {r[0]: r[1:8] for r in rows} == EXPECTED_RFM
    assert {r[8] for r in rows} == {AS_OF}


def test_bare_customer_360_and_sales_kpis(bare):
    c1 = bare.execute(
        "select city, lifetime_orders, lifetime_revenue, orders_12m, interactions_total, complaints_90d, segment "
        "from bare.customer_360 where customer_id = 'c1'").fetchone()
    assert c1 == ("杭州", 2, Decimal("384.00"), 2, 2, 1, "At risk")
    assert bare.execute("select lifetime_orders, segment from bare.customer_360 where customer_id = 'c4'").fetchone() == (0, None)
    kpis = dict(bare.execute("select kpi, value from bare.kpi_monthly where month = date '2025-06-01'").fetchall())
    # June: o1 100 + o2 284 + o6 11.24 + o7 5 + o8 20 (every order account counts); first orders of c1, c3, c9.
    assert kpis == pytest.approx({"revenue": 420.24, "orders": 5, "aov": 84.048, "new_customers": 3,
                                  "active_customers": 4})
    may = dict(bare.execute("select kpi, value from bare.kpi_monthly where month = date '2025-05-01'").fetchall())
    assert may == pytest.approx({"revenue": 182.0, "orders": 1, "aov": 182.0, "new_customers": 1, "active_customers": 1})


def test_pandas_rfm_matches_the_rules_in_cents(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        frame = rfm_frame(con)
    got = {row.customer_id: (row.recency_days, row.frequency, Decimal(int(row.monetary)) / 100, row.r_score,
                             row.f_score, row.m_score, row.segment) for row in frame.itertuples()}
    assert got == EXPECTED_RFM


def test_run_bare_sql_works_on_a_copy_in_a_fresh_process(warehouse, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    result = run_bare_sql(warehouse, work)
    assert result["seconds"] > 0 and result["peak_rss_mib"] > 0
    assert list(result["scripts"]) == sorted(result["scripts"]) and "03_customer_rfm.sql" in result["scripts"]
    with duckdb.connect(result["copy"], read_only=True) as con:
        assert con.execute("select count(*) from bare.customer_rfm").fetchone()[0] == len(EXPECTED_RFM)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from duckdb_tables() where schema_name = 'bare'").fetchone()[0] == 0


def test_comparison_counts_differences_on_customers_nobody_was_merged_with(warehouse, bare, tmp_path):
    """Pipeline marts copied from bare, then changed: c1's monetary (counted) and c3's (merged with c4: not)."""
    attach_marts(bare, warehouse)  # the pipeline's marts live in the marts file beside the warehouse
    bare.execute("create schema intermediate")
    for table in ("fct_orders", "customer_rfm", "customer_360", "kpi_monthly"):
        bare.execute(f"create table {MARTS_DATABASE}.marts.{table} as select * from bare.{table}")
    bare.execute("update marts.customer_rfm set monetary = monetary + 1 where customer_id in ('c1', 'c3')")
    bare.execute("update marts.kpi_monthly set value = value + 1 where kpi = 'orders' and month = date '2025-05-01'")
    bare.execute("create table intermediate.int_as_of_date as select as_of_date from bare.as_of")
    bare.execute("""
        create table intermediate.int_customer_identities_stitched as
        select * from (values ('crm', 'c1', 'c1'), ('crm', 'c2', 'c2'), ('crm', 'c3', 'c3'), ('crm', 'c4', 'c3'),
                              ('orders', 'c1', 'c1'), ('orders', 'c2', 'c2'), ('orders', 'c3', 'c3'))
            as stitched(source_system, source_record_id, resolved_customer_id)
    """)
    pandas_result = tmp_path / "pandas.parquet"
    rfm_frame(bare).to_parquet(pandas_result, index=False)
    bare.close()
    checks = compare_results(warehouse, pandas_result)
    json.dumps(checks)  # goes into the benchmark's JSON as it is
    assert checks["as_of_date_equal"] is True
    assert checks["fct_orders"]["rows_differing"] == 0
    assert checks["customer_rfm"]["unmerged_customers"] == 2
    assert checks["customer_rfm"]["rfm_values_differing"] == 1
    assert checks["customer_rfm"]["monetary_cents_pipeline"] - checks["customer_rfm"]["monetary_cents_compared"] == 200
    assert checks["pandas_rfm"]["rfm_values_differing"] == 1
    assert checks["pandas_rfm_vs_bare"] == {"rows_pandas": 3, "rows_differing": 0}
    assert checks["customer_360"] == {"unmerged_customers": 2, "order_figures_differing": 0}
    assert checks["kpi_monthly"]["values_differing"] == 1
