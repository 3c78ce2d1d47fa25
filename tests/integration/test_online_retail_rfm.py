"""An independent check of the RFM rule on real data: UCI Online Retail II (2009-2010).

The invoices are loaded as raw orders (one paid order per invoice that has a customer and is not a
cancellation, amount = sum of its lines with quantity and price above 0) with one CRM row per customer,
the dbt project builds customer_rfm on them, and recency, frequency, monetary and the quintile scores
must equal a plain polars computation of the same rule. Skipped when the real-data folder (docs/REAL_DATA.md) is absent.
"""

import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.ingest.tables import ensure_tables
from pipelines.sources import all_specs
from pipelines.warehouse import connect as connect_warehouse

ONLINE_RETAIL = Path(__file__).resolve().parents[3] / "shared" / "data" / "online_retail_ii_2009_2010.parquet"
DBT_PROJECT_DIR = Path(__file__).resolve().parents[2] / "dbt_project"
DBT = Path(sys.executable).with_name("dbt")
# docs/REAL_DATA.md: paid lines with a customer, quantity > 0 and price > 0 cover 4,312 customers.
REFERENCE_CUSTOMERS = 4312

pytestmark = pytest.mark.skipif(not ONLINE_RETAIL.exists(), reason="Online Retail II file not present (docs/REAL_DATA.md)")


def invoices() -> pl.DataFrame:
    lines = pl.read_parquet(ONLINE_RETAIL).filter(
        pl.col("Customer ID").is_not_null()
        & ~pl.col("Invoice").str.starts_with("C")
        & (pl.col("Quantity") > 0)
        & (pl.col("Price") > 0)
    )
    return lines.group_by("Invoice").agg(
        customer_id=pl.col("Customer ID").first().cast(pl.Int64).cast(pl.Utf8),
        ordered_at=pl.col("InvoiceDate").min().str.to_datetime("%Y-%m-%d %H:%M:%S"),
        amount=(pl.col("Quantity") * pl.col("Price")).sum().round(2),
    ).rename({"Invoice": "order_id"})


def expected_rfm(orders: pl.DataFrame) -> pl.DataFrame:
    """customer_rfm's rule: recency in days to as_of (the latest order date), paid orders, net amount;
    scores 1 + floor(5 * (rank - 1) / n) with ties on the lowest rank, ordered worst to best."""
    as_of = orders["ordered_at"].max().date()
    per_customer = orders.group_by("customer_id").agg(
        last_order_date=pl.col("ordered_at").max().dt.date(),
        frequency=pl.len(),
        monetary=pl.col("amount").sum().round(2),
    ).with_columns(recency_days=(pl.lit(as_of) - pl.col("last_order_date")).dt.total_days())
    n = per_customer.height

    def score(column: str, descending: bool) -> pl.Expr:
        rank = pl.col(column).rank(method="min", descending=descending)
        return (1 + (5 * (rank - 1) / n).floor()).cast(pl.Int64)

    return per_customer.with_columns(
        r_score=score("recency_days", descending=True),
        f_score=score("frequency", descending=False),
        m_score=score("monetary", descending=False),
    )


def load_raw(warehouse: Path, orders: pl.DataFrame) -> None:
    load = "'online-retail', 'online_retail_ii_2009_2010.parquet', timestamptz '2024-01-01 00:00:00+00'"
    customers = orders.group_by("customer_id").agg(signup_at=pl.col("ordered_at").min())
    with connect_warehouse(warehouse) as con:
        con.execute("set TimeZone = 'UTC'")
        ensure_tables(con, all_specs())
        con.register("customers", customers.to_arrow())
        con.register("orders", orders.to_arrow())
        con.execute(
            "insert into raw.crm__customers (customer_id, signup_at, _load_id, _source_file, _loaded_at) "
            f"select customer_id, signup_at, {load} from customers"
        )
        con.execute(
            "insert into raw.orders__orders (order_id, customer_id, ordered_at, status, amount, currency, "
            "_load_id, _source_file, _loaded_at) "
            f"select order_id, customer_id, ordered_at, 'paid', cast(amount as decimal(18, 2)), 'CNY', {load} from orders"
        )


@pytest.fixture(scope="module")
def comparison(tmp_path_factory) -> tuple[pl.DataFrame, pl.DataFrame]:
    work_dir = tmp_path_factory.mktemp("online_retail")
    warehouse = work_dir / "warehouse.duckdb"
    orders = invoices()
    load_raw(warehouse, orders)
    env = {**os.environ, "INSIGHT_WAREHOUSE_PATH": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DO_NOT_TRACK": "1"}
    result = subprocess.run(
        [str(DBT), "build", "--select", "+customer_rfm", "--resource-type", "seed", "--resource-type", "model", "--project-dir", str(DBT_PROJECT_DIR),
         "--profiles-dir", str(DBT_PROJECT_DIR), "--target-path", str(work_dir / "target"),
         "--log-path", str(work_dir / "logs")],
        env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    assert result.returncode == 0, result.stdout[-5000:]
    with connect_warehouse(warehouse, read_only=True) as con:
        built = con.sql(
            "select customer_id, last_order_date, recency_days, frequency, cast(monetary as double) as monetary, "
            "r_score, f_score, m_score from marts.customer_rfm"
        ).pl()
    return built, expected_rfm(orders)


def test_every_reference_customer_is_scored(comparison):
    built, expected = comparison
    assert expected.height == REFERENCE_CUSTOMERS
    assert built.height == REFERENCE_CUSTOMERS


def test_recency_frequency_monetary_and_scores_match_polars(comparison):
    built, expected = comparison
    counts = ["recency_days", "frequency", "r_score", "f_score", "m_score"]

    def exact(frame: pl.DataFrame) -> pl.DataFrame:
        columns = ["customer_id", "last_order_date", *counts]
        return frame.select(columns).cast({column: pl.Int64 for column in counts}).sort("customer_id")

    assert_frame_equal(exact(built), exact(expected))
    joined = expected.join(built, on="customer_id", suffix="_dbt")
    worst = joined.select((pl.col("monetary") - pl.col("monetary_dbt")).abs().max()).item()
    assert worst < 0.005
