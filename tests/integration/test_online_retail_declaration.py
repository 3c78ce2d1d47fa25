"""The README recipe is the truth: "Adding a data source" followed literally on a real export.

In a temporary copy of the repository, the YAML block of the README's Online Retail II example becomes
pipelines/sources/declared/online_retail.yml, the export is copied into its landing folder, `insight build
--stage ingest` loads it and dbt builds customer_rfm. The customers and their recency, frequency,
monetary and scores must equal an independent polars computation of the same rules, read from the raw
file: an invoice is an order of its sale lines (a customer, quantity >= 1, price >= 0 at the cent), a
customer's credit notes are netted against the customer's orders the latest first (an order they take
whole is refunded), amounts in GBP at the seed's rate; an order worth 0.00 after refunds is no purchase. Skipped when the export is absent (docs/REAL_DATA.md).
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.warehouse import connect as connect_warehouse

REPO = Path(__file__).resolve().parents[2]
ONLINE_RETAIL = REPO.parent / "shared" / "data" / "online_retail_ii_2009_2010.parquet"
DBT = Path(sys.executable).with_name("dbt")
NAMESPACE = "online_retail:"

pytestmark = pytest.mark.skipif(not ONLINE_RETAIL.exists(), reason="Online Retail II file not present (docs/REAL_DATA.md)")


def readme_declaration() -> str:
    """The YAML block of the README's Online Retail II example, as printed."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = readme[readme.index("### Example: Online Retail II"):]
    return re.search(r"```yaml\n(.*?)```", example, re.DOTALL).group(1)


def repository_copy(target: Path) -> Path:
    """The repository's files (tracked and new, not ignored) copied to ``target``."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, text=True, check=True).stdout.splitlines()
    for name in listed:
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def gbp_rate() -> float:
    with (REPO / "dbt_project" / "seeds" / "currency_rates.csv").open(encoding="utf-8") as handle:
        return next(float(row["rate_to_cny"]) for row in csv.DictReader(handle) if row["currency"] == "GBP")


def expected_rfm() -> pl.DataFrame:
    """The rule in whole cents (floats would leave a credit that nets an order exactly a hair short)."""
    lines = pl.read_parquet(ONLINE_RETAIL).with_columns(
        customer_id=pl.col("Customer ID").cast(pl.Int64).cast(pl.Utf8),
        price=(pl.col("Price") * 100).round(0).cast(pl.Int64),
        ordered_at=pl.col("InvoiceDate").str.to_datetime("%Y-%m-%d %H:%M:%S")
        .dt.replace_time_zone("Europe/London").dt.convert_time_zone("UTC"),
        credit_note=pl.col("Invoice").str.starts_with("C"),
    ).filter(pl.col("customer_id").is_not_null() & (pl.col("price") >= 0))
    lines = lines.with_columns(line_amount=pl.col("Quantity") * pl.col("price"))
    orders = lines.filter(~pl.col("credit_note") & (pl.col("Quantity") >= 1)).group_by("Invoice").agg(
        customer_id=pl.col("customer_id").min(),
        ordered_at=pl.col("ordered_at").min(),
        amount=pl.col("line_amount").sum(),
    )
    credits = lines.filter(pl.col("credit_note")).group_by("customer_id").agg(credit=pl.col("line_amount").abs().sum())
    orders = orders.join(credits, on="customer_id", how="left").sort(
        ["customer_id", "ordered_at", "Invoice"], descending=[False, True, True]
    ).with_columns(
        later=(pl.col("amount").cum_sum().over("customer_id") - pl.col("amount")),
    ).with_columns(
        refund=pl.min_horizontal(pl.col("amount"), (pl.col("credit").fill_null(0) - pl.col("later")).clip(lower_bound=0)),
    )
    rate = gbp_rate()
    as_of = orders["ordered_at"].max().date()
    # a purchase: not refunded whole and worth more than 0.00 after refunds (2 invoices of free lines are not)
    paid = orders.filter(~((pl.col("refund") > 0) & (pl.col("refund") == pl.col("amount")))).with_columns(
        net=(pl.col("amount") * rate / 100).round(2) - (pl.col("refund") * rate / 100).round(2)
    ).filter(pl.col("net") > 0)
    per_customer = paid.group_by("customer_id").agg(
        last_order_date=pl.col("ordered_at").max().dt.date(),
        frequency=pl.len(),
        monetary=pl.col("net").sum(),
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


@pytest.fixture(scope="module")
def comparison(tmp_path_factory) -> tuple[pl.DataFrame, pl.DataFrame, str]:
    work = tmp_path_factory.mktemp("online_retail")
    repo = repository_copy(work / "repo")
    (repo / "pipelines" / "sources" / "declared" / "online_retail.yml").write_text(readme_declaration(), encoding="utf-8")
    data = work / "data"
    landing = data / "landing" / "online_retail" / "invoice_lines"
    landing.mkdir(parents=True)
    shutil.copy(ONLINE_RETAIL, landing / ONLINE_RETAIL.name)
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("INSIGHT_", "DAGSTER_HOME"))}
    env = {**inherited, "INSIGHT_DATA_DIR": str(data), "PYTHONPATH": str(repo),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DO_NOT_TRACK": "1"}
    ingest = subprocess.run([sys.executable, "-m", "pipelines.cli", "build", "--stage", "ingest"], cwd=repo, env=env,
                            capture_output=True, text=True, timeout=1800, check=False)
    assert ingest.returncode == 0, ingest.stderr[-3000:]
    warehouse = data / "warehouse.duckdb"
    result = subprocess.run(
        [str(DBT), "build", "--select", "+customer_rfm", "--resource-type", "seed", "--resource-type", "model",
         "--project-dir", str(repo / "dbt_project"), "--profiles-dir", str(repo / "dbt_project"),
         "--target-path", str(work / "target"), "--log-path", str(work / "logs")],
        env={**env, "INSIGHT_WAREHOUSE_PATH": str(warehouse)}, capture_output=True, text=True, timeout=1800,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-5000:]
    with connect_warehouse(warehouse, read_only=True) as con:
        built = con.sql(
            "select customer_id, last_order_date, recency_days, frequency, cast(monetary as double) as monetary, "
            "r_score, f_score, m_score from marts.customer_rfm"
        ).pl()
        reasons = con.sql("select reason, sum(rows) from meta.load_reasons group by 1 order by 1").fetchall()
    return built, expected_rfm(), reasons


def test_the_declared_source_reaches_rfm_with_its_ids_namespaced(comparison):
    built, expected, _ = comparison
    assert built["customer_id"].str.starts_with(NAMESPACE).all()
    assert sorted(built["customer_id"].str.strip_prefix(NAMESPACE)) == sorted(expected["customer_id"])


def test_recency_frequency_monetary_and_scores_match_polars(comparison):
    built, expected, _ = comparison
    counts = ["recency_days", "frequency", "r_score", "f_score", "m_score"]

    def exact(frame: pl.DataFrame) -> pl.DataFrame:
        columns = ["customer_id", "last_order_date", *counts]
        return frame.select(columns).cast({column: pl.Int64 for column in counts}).sort("customer_id")

    built = built.with_columns(pl.col("customer_id").str.strip_prefix(NAMESPACE))
    assert_frame_equal(exact(built), exact(expected))
    joined = expected.join(built, on="customer_id", suffix="_dbt")
    worst = joined.select((pl.col("monetary") - pl.col("monetary_dbt")).abs().max()).item()
    assert worst < 0.005


def test_lines_that_cannot_be_a_purchase_are_quarantined_with_their_reason(comparison):
    """In this export every line with a customer is a purchase or a credit note's line: the quarantined
    lines are exactly those without a customer, each with that reason (and the other fault they have)."""
    _, _, reasons = comparison
    lines = pl.read_parquet(ONLINE_RETAIL)
    assert sum(rows for _, rows in reasons) == lines["Customer ID"].null_count()
    assert {reason for reason, _ in reasons} == {
        "missing value: customer_id",
        "missing value: customer_id; out of range: quantity",  # a sale line with a quantity below 1
        "missing value: customer_id; out of range: unit_price",  # bad-debt adjustments
    }
