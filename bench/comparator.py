"""What the pipeline costs against doing the same by hand: bare SQL in DuckDB, and RFM in pandas.

Both start from the raw.* tables of a built warehouse, as dbt does:

- ``run_bare_sql``: the scripts in bench/bare_sql/ (plain SQL copying the rules of fct_orders,
  customer_rfm, customer_360 and kpi_monthly, flattened) run in a fresh process on a copy of the
  warehouse, into schema ``bare``: wall time and peak memory.
- ``pandas_rfm``: the same RFM computed with pandas from raw.orders__orders and raw.crm__customers,
  in a fresh process: wall time and peak memory, and the result.
- ``compare_results``: the bare marts and the pandas RFM against the pipeline's marts.

Neither does identity stitching, which the pipeline does (int_customer_identities_stitched): dbt counts
a person's CRM accounts as one customer and adds up their orders, where bare SQL and pandas count each
CRM account on its own. So recency, frequency and monetary are compared on the customers whose person
has a single CRM account and no other order-system account (nothing merged into them). The scores
are quintiles over the whole population, which stitching changes, and the monetary totals differ too
(dbt also credits the orders of an account without a CRM row to the person it is stitched to), so
those differences are reported, not expected to be zero. fct_orders and the sales KPIs of
kpi_monthly (revenue, orders, average order value) use no stitching and must match exactly; the bare
scripts still compute new and active customers (per account) so that their time is comparable.

    python -m bench.comparator bare-sql WAREHOUSE TIMINGS_JSON   (what run_bare_sql runs)
    python -m bench.comparator pandas-rfm WAREHOUSE OUT_PARQUET  (what pandas_rfm runs)
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from bench.measure import run_measured
from pipelines.warehouse import connect as connect_warehouse
from pipelines.warehouse import marts_path_for

REPO_ROOT = Path(__file__).resolve().parents[1]
BARE_SQL_DIR = Path(__file__).resolve().parent / "bare_sql"
SEEDS_DIR = REPO_ROOT / "dbt_project" / "seeds"
RFM_COLUMNS = ["customer_id", "recency_days", "frequency", "monetary", "r_score", "f_score", "m_score", "segment"]
# The KPIs compared exactly; new and active customers count people in the pipeline, accounts in bare SQL.
KPIS = ("revenue", "orders", "aov")


# --- bare SQL -------------------------------------------------------------------------------------

def bare_sql_scripts() -> list[Path]:
    return sorted(BARE_SQL_DIR.glob("*.sql"))


def execute_bare_sql(con: duckdb.DuckDBPyConnection) -> dict[str, float]:
    """Run every bare SQL script on ``con`` in name order; returns the seconds each took."""
    con.execute(f"set file_search_path = '{REPO_ROOT}'")
    seconds = {}
    for script in bare_sql_scripts():
        started = time.perf_counter()
        con.execute(script.read_text(encoding="utf-8"))
        seconds[script.name] = round(time.perf_counter() - started, 3)
    return seconds


def run_bare_sql(warehouse_path: Path, work_dir: Path) -> dict:
    """Copy the warehouse into ``work_dir`` and run the bare SQL on the copy in a fresh process.

    Returns wall seconds and peak MiB of that process, the seconds per script and the copy's path (it
    holds schema bare, and its marts file the pipeline's marts, for ``compare_results``).
    """
    copy = Path(work_dir) / "bare_sql_copy.duckdb"
    shutil.copyfile(warehouse_path, copy)
    if marts_path_for(warehouse_path).exists():  # the pipeline's marts, beside the copy
        shutil.copyfile(marts_path_for(warehouse_path), marts_path_for(copy))
    timings = Path(work_dir) / "bare_sql_timings.json"
    seconds, peak, code, cpu = run_measured(
        [sys.executable, "-m", "bench.comparator", "bare-sql", str(copy), str(timings)], dict(os.environ), cwd=REPO_ROOT)
    if code != 0:
        raise RuntimeError(f"bare SQL failed (exit {code})")
    return {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "peak_rss_mib": round(peak, 1),
            "scripts": json.loads(timings.read_text()), "copy": str(copy)}


# --- pandas ---------------------------------------------------------------------------------------

def _frame(con: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    """A query's result as pandas through Arrow: at 2 M orders this peaks at under half of ``.df()``."""
    return con.sql(sql).to_arrow_table().to_pandas()


def _latest(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """The latest load of each key, ordered as staging orders it."""
    ordered = frame.sort_values(["_loaded_at", "_load_id", "_source_file"], kind="stable")
    return ordered.drop_duplicates(key, keep="last")


def _cny_cents(cents: pd.Series, rate_micro: pd.Series) -> pd.Series:
    """round(amount * rate, 2) in cents, half away from zero as DuckDB rounds decimals (amounts are >= 0)."""
    return (cents * rate_micro + 500_000) // 1_000_000


def rfm_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """customer_rfm computed with pandas from the raw tables that ``con`` holds (money in integer cents)."""
    con.execute("set TimeZone = 'UTC'")
    orders = _latest(_frame(con,
        "select order_id, customer_id, ordered_at, status, currency, amount, refund_amount, "
        "_loaded_at, _load_id, _source_file from raw.orders__orders"), "order_id")
    customers = _latest(_frame(con, "select customer_id, _loaded_at, _load_id, _source_file from raw.crm__customers"),
                        "customer_id")
    rates = pd.read_csv(SEEDS_DIR / "currency_rates.csv")
    segments = pd.read_csv(SEEDS_DIR / "rfm_segments.csv")

    status = orders["status"].str.strip().str.lower()
    currency = orders["currency"].str.strip().str.upper()
    rate_micro = currency.map(dict(zip(rates["currency"], (rates["rate_to_cny"] * 1_000_000).round().astype("int64"))))
    amount = (orders["amount"].astype("float64") * 100).round().astype("int64")
    refund = (orders["refund_amount"].astype("float64").fillna(0) * 100).round().astype("int64")
    refunded = _cny_cents(np.where(status == "refunded", amount, refund), rate_micro)
    net = np.where(status == "paid", _cny_cents(amount, rate_micro) - refunded, 0)
    order_date = orders["ordered_at"].dt.tz_convert("UTC").dt.tz_localize(None).dt.normalize()
    as_of = order_date.max()

    # a purchase: paid and worth more than 0 after refunds
    paid = pd.DataFrame({"customer_id": orders["customer_id"], "order_date": order_date, "net": net})[
        (status == "paid").to_numpy() & (net > 0) & (order_date <= as_of).to_numpy()
        & orders["customer_id"].isin(customers["customer_id"]).to_numpy()]
    rfm = paid.groupby("customer_id", as_index=False).agg(
        last_order_date=("order_date", "max"), frequency=("order_date", "size"), monetary=("net", "sum"))
    rfm["recency_days"] = (as_of - rfm["last_order_date"]).dt.days
    n = len(rfm)
    for score, column, ascending in (("r_score", "recency_days", False), ("f_score", "frequency", True),
                                     ("m_score", "monetary", True)):
        rank = rfm[column].rank(method="min", ascending=ascending)
        rfm[score] = (1 + np.floor(5 * (rank - 1) / n)).astype("int64")
    rfm["fm_score"] = np.ceil((rfm["f_score"] + rfm["m_score"]) / 2).astype("int64")
    rfm = rfm.merge(segments[["r_score", "fm_score", "segment"]], on=["r_score", "fm_score"], how="left")
    return rfm[RFM_COLUMNS].sort_values("customer_id", ignore_index=True)


def pandas_rfm(warehouse_path: Path, work_dir: Path) -> dict:
    """RFM with pandas from the warehouse's raw tables in a fresh process: wall seconds, peak MiB, result file."""
    out = Path(work_dir) / "pandas_rfm.parquet"
    seconds, peak, code, cpu = run_measured(
        [sys.executable, "-m", "bench.comparator", "pandas-rfm", str(warehouse_path), str(out)],
        dict(os.environ), cwd=REPO_ROOT)
    if code != 0:
        raise RuntimeError(f"pandas RFM failed (exit {code})")
    return {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "peak_rss_mib": round(peak, 1), "result": str(out)}


# --- results --------------------------------------------------------------------------------------

def _one(con: duckdb.DuckDBPyConnection, sql: str) -> dict:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return {name: (float(value) if hasattr(value, "as_tuple") else value)
            for name, value in zip(names, cursor.fetchone())}


def compare_results(copy_path: Path, pandas_result: Path) -> dict:
    """Bare SQL and pandas against the pipeline's marts, in a warehouse copy that holds schema bare."""
    with connect_warehouse(copy_path) as con:
        con.execute(f"create or replace table bare.pandas_rfm as select * from read_parquet('{pandas_result}')")
        con.execute("""
            create or replace temp table unmerged as
            select resolved_customer_id as customer_id
            from intermediate.int_customer_identities_stitched
            group by resolved_customer_id
            having count(*) filter (where source_system = 'crm') = 1
                and count(*) filter (where source_system = 'orders' and source_record_id <> resolved_customer_id) = 0
        """)
        return {
            "as_of_date_equal": con.execute(
                "select (select as_of_date from bare.as_of) = (select as_of_date from intermediate.int_as_of_date)"
            ).fetchone()[0],
            "fct_orders": _one(con, """
                select
                    (select count(*) from marts.fct_orders) as rows_pipeline,
                    (select count(*) from bare.fct_orders) as rows_bare,
                    (select count(*) from (
                        select order_id, customer_id, status, amount_cny, refund_amount_cny, net_amount_cny,
                            item_count, quantity, order_date from marts.fct_orders
                        except all
                        select order_id, customer_id, status, amount_cny, refund_amount_cny, net_amount_cny,
                            item_count, quantity, order_date from bare.fct_orders)) as rows_differing
            """),
            "customer_rfm": _rfm_against_pipeline(con, "bare.customer_rfm", "cast(other.monetary * 100 as bigint)"),
            "customer_360": _one(con, """
                select
                    count(*) as unmerged_customers,
                    count(*) filter (
                        where pipeline.lifetime_orders <> bare.lifetime_orders
                        or pipeline.lifetime_revenue <> bare.lifetime_revenue
                        or pipeline.orders_12m <> bare.orders_12m
                        or pipeline.revenue_12m <> bare.revenue_12m
                    ) as order_figures_differing
                from marts.customer_360 as pipeline
                inner join bare.customer_360 as bare on pipeline.customer_id = bare.customer_id
                where pipeline.customer_id in (select customer_id from unmerged)
            """),
            "kpi_monthly": _one(con, f"""
                select
                    count(*) as values_compared,
                    count(*) filter (
                        where bare.value is distinct from pipeline.value
                        and coalesce(abs(bare.value - pipeline.value) > 1e-9 * greatest(abs(pipeline.value), 1), true)
                    ) as values_differing
                from marts.kpi_monthly as pipeline
                full join bare.kpi_monthly as bare on pipeline.month = bare.month and pipeline.kpi = bare.kpi
                where coalesce(pipeline.kpi, bare.kpi) in ({", ".join(f"'{k}'" for k in KPIS)})
            """),
            "pandas_rfm_vs_bare": _one(con, """
                select
                    (select count(*) from bare.pandas_rfm) as rows_pandas,
                    (select count(*) from (
                        select customer_id, recency_days, frequency, cast(monetary * 100 as bigint) as monetary_cents,
                            r_score, f_score, m_score, segment from bare.customer_rfm
                        except all
                        select customer_id, recency_days, frequency, monetary, r_score, f_score, m_score, segment
                        from bare.pandas_rfm)) as rows_differing
            """),
            "pandas_rfm": _rfm_against_pipeline(con, "bare.pandas_rfm", "other.monetary"),
        }


def _rfm_against_pipeline(con: duckdb.DuckDBPyConnection, table: str, monetary_cents: str) -> dict:
    """RFM of ``table`` (alias other; ``monetary_cents`` its monetary in cents) against marts.customer_rfm."""
    return _one(con, f"""
        select
            (select count(*) from marts.customer_rfm) as customers_pipeline,
            (select count(*) from {table}) as customers_compared,
            (select cast(sum(monetary) * 100 as bigint) from marts.customer_rfm) as monetary_cents_pipeline,
            (select sum({monetary_cents}) from {table} as other) as monetary_cents_compared,
            count(*) as unmerged_customers,
            count(*) filter (
                where pipeline.recency_days <> other.recency_days
                or pipeline.frequency <> other.frequency
                or cast(pipeline.monetary * 100 as bigint) <> {monetary_cents}
            ) as rfm_values_differing,
            count(*) filter (
                where pipeline.r_score <> other.r_score or pipeline.f_score <> other.f_score
                or pipeline.m_score <> other.m_score
            ) as scores_differing
        from marts.customer_rfm as pipeline
        inner join {table} as other on pipeline.customer_id = other.customer_id
        where pipeline.customer_id in (select customer_id from unmerged)
    """)


def compare_with_pipeline(warehouse_path: Path, work_dir: Path, pipeline_seconds: float) -> dict:
    """Bare SQL and pandas RFM timed and checked against a built warehouse, in a scratch folder in ``work_dir``.

    ``pipeline_seconds``: what the pipeline took from raw to marts (the benchmark's dbt stage, which also
    builds every other mart, runs the tests and the Python assets).
    """
    with tempfile.TemporaryDirectory(prefix="comparator-", dir=work_dir) as scratch:
        bare = run_bare_sql(warehouse_path, Path(scratch))
        pandas = pandas_rfm(warehouse_path, Path(scratch))
        checks = compare_results(Path(bare.pop("copy")), Path(pandas.pop("result")))
    return {
        "bare_sql": bare,
        "pandas_rfm": pandas,
        "pipeline_over_bare_sql": round(pipeline_seconds / bare["seconds"], 2),
        "pandas_rfm_over_pipeline": round(pandas["seconds"] / pipeline_seconds, 3),
        "checks": checks,
    }


def main(argv: list[str]) -> int:
    command, warehouse, out = argv
    if command == "bare-sql":
        with duckdb.connect(warehouse) as con:
            timings = execute_bare_sql(con)
        Path(out).write_text(json.dumps(timings))
        return 0
    if command == "pandas-rfm":
        with duckdb.connect(warehouse, read_only=True) as con:
            frame = rfm_frame(con)
        frame.to_parquet(out, index=False)
        return 0
    raise SystemExit(f"unknown command {command!r}: bare-sql or pandas-rfm")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
