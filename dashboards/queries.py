"""The dashboards' query layer: the only place with SQL.

Rules every query here follows:
- It reads the published serving copy only: ``INSIGHT_SERVING_PATH``, default
  ``$INSIGHT_DATA_DIR/serving.duckdb``, ``INSIGHT_DATA_DIR`` default ``./data``, resolved by the
  pipeline's own settings so that writer and readers always agree on the file.
- Values reach SQL as named parameters (``$name``), never by string formatting.
- Each query opens its own short-lived, read-only connection and closes it before returning.
  The connection is a fresh in-memory DuckDB that ATTACHes the file read-only: ``duckdb.connect(path)``
  would hand back a process-wide cached instance while another session still has it open, and that
  instance keeps reading the file the pipeline has since replaced.
- Results are aggregates (by month, segment, tier), cached with ``st.cache_data``; the serving file's
  identity (inode, mtime, size) is part of the cache key, so a newly published file is read at once.
"""

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from pipelines.settings import Settings

CACHE_TTL_SECONDS = 3600
CACHE_MAX_ENTRIES = 512

FileVersion = tuple[int, int, int]


class ServingNotPublished(FileNotFoundError):
    """The serving file does not exist: nothing has been published yet."""


def serving_path() -> Path:
    """Where the published serving copy lives, from the environment (read on every call)."""
    return Settings.from_env().serving_path


def serving_version(path: Path) -> FileVersion | None:
    """The file's identity (inode, mtime_ns, size), which changes whenever the pipeline replaces it."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def is_published() -> bool:
    """Whether a serving copy has been published."""
    return serving_version(serving_path()) is not None


def _run(path: str, sql: str, params: dict[str, object]) -> pd.DataFrame:
    """Run one query on a new read-only connection to the serving file, then close it."""
    with duckdb.connect() as connection:
        connection.execute("attach ? as serving (read_only)", [path])
        connection.execute("use serving")
        connection.execute("set enable_external_access = false")
        return connection.execute(sql, params).df()


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=CACHE_MAX_ENTRIES, show_spinner=False)
def _cached_run(path: str, file_version: FileVersion, sql: str, params: dict[str, object]) -> pd.DataFrame:
    """``_run`` behind the cache; ``file_version`` is only there to be part of the cache key."""
    return _run(path, sql, params)


def _fetch(sql: str, **params: object) -> pd.DataFrame:
    path = serving_path()
    version = serving_version(path)
    if version is None:
        raise ServingNotPublished(path)
    return _cached_run(str(path), version, sql, params)


PUBLISHED_SQL = """
select published_at, as_of_date, build_id
from meta.published
"""


def published() -> pd.DataFrame:
    """The one row of meta.published: published_at, as_of_date, build_id."""
    return _fetch(PUBLISHED_SQL)


ORDER_MONTH_RANGE_SQL = """
select min(order_month) as first_month, max(order_month) as last_month
from marts.fct_orders
"""


def order_months() -> list[date]:
    """Every month from the first to the last order month (empty when there are no orders)."""
    bounds = _fetch(ORDER_MONTH_RANGE_SQL).iloc[0]
    if pd.isna(bounds["first_month"]):
        return []
    months = pd.date_range(bounds["first_month"], bounds["last_month"], freq="MS")
    return [month.date() for month in months]


HEADLINE_SQL = """
with paid_orders as (
    select customer_id, net_amount_cny
    from marts.fct_orders
    where is_paid and order_month between $start_month and $end_month
)
select
    (select count(*) from marts.customer_360) as customers,
    count(distinct customer_id) as buyers,
    coalesce(sum(net_amount_cny), 0)::double as revenue_net_cny,
    count(*) as paid_orders,
    (sum(net_amount_cny) / nullif(count(*), 0))::double as avg_order_value_cny
from paid_orders
"""


def headline(start_month: date | None, end_month: date | None) -> pd.DataFrame:
    """One row: customers (all), and buyers, net revenue, paid orders, average order value in the months."""
    return _fetch(HEADLINE_SQL, start_month=start_month, end_month=end_month)


MONTHLY_SQL = """
select
    order_month,
    sum(net_amount_cny)::double as revenue_net_cny,
    count(*) as paid_orders,
    (sum(net_amount_cny) / count(*))::double as avg_order_value_cny
from marts.fct_orders
where is_paid and order_month between $start_month and $end_month
group by order_month
order by order_month
"""


def monthly_revenue(start_month: date, end_month: date) -> pd.DataFrame:
    """Per order month in the range: net revenue, paid orders, average order value.

    No buyers per month: a distinct count per month costs seconds at 20 M orders, the sums milliseconds.
    """
    return _fetch(MONTHLY_SQL, start_month=start_month, end_month=end_month)


SEGMENT_MIX_SQL = """
select
    segment,
    segment_zh,
    service_tier,
    service_tier_zh,
    count(*) as customers,
    coalesce(sum(monetary), 0)::double as revenue_net_cny,
    count(*) / sum(count(*)) over () as customer_share,
    coalesce(sum(monetary) / nullif(sum(sum(monetary)) over (), 0), 0)::double as revenue_share
from marts.customer_rfm
group by segment, segment_zh, service_tier, service_tier_zh
order by
    case service_tier when 'high value' then 1 when 'potential' then 2 when 'at risk' then 3 else 4 end,
    customers desc,
    segment
"""


def segment_mix() -> pd.DataFrame:
    """Per RFM segment (with its service tier), tier by tier: customers and net paid revenue, and shares."""
    return _fetch(SEGMENT_MIX_SQL)


TIER_MIX_SQL = """
select
    service_tier,
    service_tier_zh,
    count(*) as customers,
    coalesce(sum(monetary), 0)::double as revenue_net_cny,
    count(*) / sum(count(*)) over () as customer_share,
    coalesce(sum(monetary) / nullif(sum(sum(monetary)) over (), 0), 0)::double as revenue_share
from marts.customer_rfm
group by service_tier, service_tier_zh
order by
    case service_tier when 'high value' then 1 when 'potential' then 2 when 'at risk' then 3 else 4 end,
    service_tier
"""


def tier_mix() -> pd.DataFrame:
    """Per service tier (high value, potential, at risk): customers and net paid revenue, and shares."""
    return _fetch(TIER_MIX_SQL)
