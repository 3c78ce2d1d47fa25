"""The dashboards' query layer: the serving file, the connection and the cache, and the overview's queries.

The other pages' queries live in dashboards/sql/<page>.py and run through ``fetch`` here; nothing else in
the dashboards holds SQL.

Rules every query here follows:
- It reads the published serving copy only: ``INSIGHT_SERVING_PATH``, default
  ``$INSIGHT_DATA_DIR/serving.duckdb``, ``INSIGHT_DATA_DIR`` default ``./data``, resolved by the
  pipeline's own settings so that writer and readers always agree on the file.
- Values reach SQL as named parameters (``$name``), never by string formatting.
- Every query declares its reach (``Query``). A query over a mart with the customers' region binds the
  signed-in user's regions as ``$scope_regions`` (null = every region) and filters on them with
  ``in_scope(column)``; DuckDB refuses a bound parameter the SQL does not use, so a scoped query cannot
  forget its predicate. A company-wide query (a mart without a region) is refused for a user limited to
  regions: its figures would cover other regions. Reference data (months, tier names, the publish date)
  holds no customer figures and runs for everyone.
- Each query runs on its own cursor, closed before returning, of one read-only reader per published
  file: an in-memory DuckDB that ATTACHes the file read-only (``duckdb.connect(path)`` would hand back a
  process-wide cached instance that keeps reading a file the pipeline has since replaced). Attaching
  costs more than most queries, so it is paid once per published copy.
  The pipeline publishes by writing a new file and renaming it over the old one, which an open reader
  does not block; the next query sees the new file's identity, attaches it, and lets go of the old
  reader (its last cursor closing frees the old file).
- Results are aggregates (by month, segment, tier) or row lists with a LIMIT, never a whole mart; they
  are cached with ``st.cache_data``; the serving file's identity (inode, mtime, size) is part of the cache
  key, so a newly published file is read at once. The one exception is a download of a whole list
  (``fetch_download``): run on each click, uncached, into Arrow-backed columns.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboards.access import User
from pipelines import catalogue
from pipelines.settings import Settings

CACHE_TTL_SECONDS = 3600
CACHE_MAX_ENTRIES = 512

FileVersion = tuple[int, int, int]


class ServingNotPublished(FileNotFoundError):
    """The serving file does not exist: nothing has been published yet."""


class NotSignedIn(PermissionError):
    """A query ran with nobody signed in."""


class OutOfScope(PermissionError):
    """A company-wide query asked for by a user limited to regions."""


class Reach(StrEnum):
    REFERENCE = "reference"  # no customer figures: months, tier names, the publish date
    REGION = "region"  # filtered on the customers' region with in_scope()
    COMPANY = "company"  # company-wide figures from a mart without a region


@dataclass(frozen=True)
class Query:
    sql: str
    reach: Reach


def in_scope(column: str) -> str:
    """The scope predicate on ``column`` (the customers' region): true for every row when unscoped."""
    return f"($scope_regions::varchar[] is null or list_contains($scope_regions::varchar[], {column}))"


USER_SESSION_KEY = "access.user"
_acting_user: ContextVar[User | None] = ContextVar("acting_user", default=None)


@contextmanager
def acting_as(user: User) -> Iterator[User]:
    """Run queries as ``user`` outside a Streamlit session (the `insight` command, the benchmark, tests)."""
    token = _acting_user.set(user)
    try:
        yield user
    finally:
        _acting_user.reset(token)


def current_user() -> User:
    """The signed-in user of this Streamlit session, else the user of ``acting_as``; NotSignedIn otherwise."""
    user = _acting_user.get()
    if get_script_run_ctx(suppress_warning=True) is not None:
        user = st.session_state.get(USER_SESSION_KEY, user)
    if user is None:
        raise NotSignedIn("no signed-in user")
    return user


def _scoped_params(query: Query, params: dict[str, object]) -> dict[str, object]:
    """``params`` with the user's scope bound where the query carries one; OutOfScope where it cannot."""
    user = current_user()
    if query.reach is Reach.REGION:
        return {**params, "scope_regions": user.scope_regions}
    if query.reach is Reach.COMPANY and user.scoped:
        raise OutOfScope(f"company-wide figures are withheld from {user.name} (limited to {', '.join(user.regions)})")
    return params


def stale_after_days() -> int:
    """Days the data's as-of date may lag today before the pages call it stale (INSIGHT_STALE_AFTER_DAYS)."""
    return Settings.from_env().stale_after_days


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


class _Reader:
    """The read-only reader of one published file version; Streamlit sessions share it across threads."""

    _lock = threading.Lock()
    _current: tuple[str, FileVersion | None, duckdb.DuckDBPyConnection] | None = None

    @classmethod
    def cursor(cls, path: str, file_version: FileVersion | None) -> duckdb.DuckDBPyConnection:
        with cls._lock:
            if cls._current is None or cls._current[:2] != (path, file_version):
                # Dropped, not closed: closing would cut off cursors other sessions are reading from.
                cls._current = (path, file_version, _attach(path))
            cursor = cls._current[2].cursor()
        cursor.execute("use serving")
        return cursor


def _attach(path: str) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute("attach ? as serving (read_only)", [path])
    connection.execute("set enable_external_access = false")
    return connection


def _run(path: str, sql: str, params: dict[str, object], file_version: FileVersion | None = None) -> pd.DataFrame:
    """Run one query on its own cursor of the reader of ``file_version`` (default: the file now at ``path``)."""
    with _Reader.cursor(path, file_version or serving_version(Path(path))) as cursor:
        return cursor.execute(sql, params).df()


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=CACHE_MAX_ENTRIES, show_spinner=False)
def _cached_run(path: str, file_version: FileVersion, sql: str, params: dict[str, object]) -> pd.DataFrame:
    """``_run`` behind the cache; ``file_version`` keys both the cache and the reader."""
    return _run(path, sql, params, file_version)


def _published() -> tuple[str, FileVersion]:
    """The serving file and its version now; ServingNotPublished when there is none."""
    path = serving_path()
    version = serving_version(path)
    if version is None:
        raise ServingNotPublished(path)
    return str(path), version


def display_order(concept: str) -> list[str]:
    """The codes of ``concept`` in the catalogue's display order, for a query's ``list_position`` sort."""
    return catalogue.codes(concept)


def fetch(query: Query, **params: object) -> pd.DataFrame:
    """Run ``query`` with named ``params`` and the user's scope on the current serving copy, through the cache."""
    return _cached_run(*_published(), query.sql, _scoped_params(query, params))


def fetch_download(query: Query, **params: object) -> pd.DataFrame:
    """``query`` on the current serving copy, uncached, as Arrow-backed columns: for a whole list to download.

    A whole list can be tens of thousands of rows: Python string objects and a pickled copy in the cache
    would cost several times the query; a download is made once per click, so a cached copy would only
    hold memory.
    """
    params = _scoped_params(query, params)
    with _Reader.cursor(*_published()) as cursor:
        return cursor.sql(query.sql, params=params).to_arrow_table().to_pandas(types_mapper=pd.ArrowDtype)


class RestrictedNotPublished(FileNotFoundError):
    """No restricted profile beside the serving copy: INSIGHT_SHOW_PII was off at the last publish."""


def restricted_published() -> bool:
    """Whether the unmasked profile has been published beside the serving copy."""
    return Settings.from_env().restricted_path.exists()


def fetch_restricted(sql: str, **params: object) -> pd.DataFrame:
    """``sql`` on the restricted profile file, for a privacy officer's purpose-bound request only
    (dashboards/sql/unmask.py): a reader of its own, opened and closed per request, never cached."""
    path = Settings.from_env().restricted_path
    if not path.exists():
        raise RestrictedNotPublished(path)
    with duckdb.connect() as connection:
        connection.execute("attach ? as restricted_store (read_only)", [str(path)])
        connection.execute("set enable_external_access = false")
        connection.execute("use restricted_store")
        return connection.execute(sql, params).df()


PUBLISHED_SQL = Query(
    """
select published_at, as_of_date, build_id
from meta.published
""",
    Reach.REFERENCE,
)


def published() -> pd.DataFrame:
    """The one row of meta.published: published_at, as_of_date, build_id."""
    return fetch(PUBLISHED_SQL)


ORDER_MONTH_RANGE_SQL = Query(
    """
select min(start_month) as first_month, max(end_month) as last_month
from marts.orders_by_month_range
""",
    Reach.REFERENCE,
)


def order_months() -> list[date]:
    """Every month from the first to the last order month (empty when there are no orders)."""
    bounds = fetch(ORDER_MONTH_RANGE_SQL).iloc[0]
    if pd.isna(bounds["first_month"]):
        return []
    months = pd.date_range(bounds["first_month"], bounds["last_month"], freq="MS")
    return [month.date() for month in months]


# One row of the range aggregate, the range clamped to the months with orders; no range, no orders.
HEADLINE_SQL = Query(
    """
with wanted as (
    select
        greatest($start_month::date, min(start_month)) as start_month,
        least($end_month::date, max(end_month)) as end_month
    from marts.orders_by_month_range
    having $start_month is not null and $end_month is not null
)
select
    (select count(*) from marts.customer_360) as customers,
    coalesce(any_value(ranges.buyers), 0) as buyers,
    coalesce(any_value(ranges.revenue_net_cny), 0)::double as revenue_net_cny,
    coalesce(any_value(ranges.paid_orders), 0) as paid_orders,
    (any_value(ranges.revenue_net_cny) / nullif(any_value(ranges.paid_orders), 0))::double as avg_order_value_cny
from wanted
inner join marts.orders_by_month_range as ranges
    on ranges.start_month = wanted.start_month and ranges.end_month = wanted.end_month
""",
    Reach.COMPANY,
)


def headline(start_month: date | None, end_month: date | None) -> pd.DataFrame:
    """One row: customers (all), and buyers, net revenue, paid orders, average order value in the months
    (from the range aggregate orders_by_month_range, so any range costs one row's lookup)."""
    return fetch(HEADLINE_SQL, start_month=start_month, end_month=end_month)


MONTHLY_SQL = Query(
    """
select
    month,
    any_value(value) filter (where kpi = 'revenue') as revenue_net_cny,
    any_value(value) filter (where kpi = 'orders') as paid_orders,
    any_value(value) filter (where kpi = 'active_customers') as active_customers
from marts.kpi_monthly
where kpi in ('revenue', 'orders', 'active_customers') and month between $start_month and $end_month
group by month
order by month
""",
    Reach.COMPANY,
)


def monthly_trend(start_month: date, end_month: date) -> pd.DataFrame:
    """Per month in the range, from kpi_monthly: net revenue, paid orders and active customers."""
    return fetch(MONTHLY_SQL, start_month=start_month, end_month=end_month)


KPIS_SQL = Query(
    """
with history as (
    select kpi, list(value order by month) as history
    from marts.kpi_monthly
    where month between $start_month and $end_month and value is not null
    group by kpi
)
select
    kpis.kpi,
    kpis.unit,
    kpis.direction,
    kpis.value,
    kpis.previous_value,
    kpis.change,
    kpis.target,
    kpis.target_status,
    history.history
from marts.kpi_monthly as kpis
left join history on kpis.kpi = history.kpi
where kpis.month = $end_month
order by kpis.kpi_order
""",
    Reach.COMPANY,
)


def kpis(start_month: date, end_month: date) -> pd.DataFrame:
    """Every KPI of ``end_month`` with last month's value, the change, the target and its status (met,
    missed, no target, no data), and its known values over the range (oldest first) for a sparkline."""
    return fetch(KPIS_SQL, start_month=start_month, end_month=end_month)


NEGATIVE_SPIKES_SQL = Query(
    """
select posted_date, platform, negative_mentions, baseline_mean, spike_ratio, top_topic
from marts.social_negative_spikes
where posted_date >= $month and posted_date < $month + interval 1 month
order by posted_date desc, negative_mentions desc
""",
    Reach.COMPANY,
)


def negative_spikes(month: date) -> pd.DataFrame:
    """The month's negative social spike days, per platform and over all platforms ('all'), latest first."""
    return fetch(NEGATIVE_SPIKES_SQL, month=month)


SLA_BREACHES_SQL = Query(
    """
select
    first_response_sla_decided - first_response_sla_met as first_response_breaches,
    resolution_sla_decided - resolution_sla_met as resolution_breaches,
    follow_up_sla_decided - follow_up_sla_met as follow_up_breaches,
    first_response_sla_rate,
    resolution_sla_rate,
    follow_up_sla_rate
from marts.service_sla_monthly
where month = $month and kind = 'all' and channel = 'all' and routed_department = 'all'
""",
    Reach.COMPANY,
)


def sla_breaches(month: date) -> pd.DataFrame:
    """Tickets opened in the month that missed the 1 h first response, the 24 h resolution and the
    follow-up call, and each SLA's attainment rate (at most one row)."""
    return fetch(SLA_BREACHES_SQL, month=month)


# From customer_segment_summary (customer_360 per segment, tier and region): it carries the region the
# scope needs, and its lifetime revenue is customer_rfm's monetary (net paid revenue to as_of).
SEGMENT_MIX_SQL = Query(
    f"""
select
    segment,
    service_tier,
    sum(customers)::bigint as customers,
    coalesce(sum(lifetime_revenue), 0)::double as revenue_net_cny,
    sum(customers) / sum(sum(customers)) over () as customer_share,
    coalesce(sum(lifetime_revenue) / nullif(sum(sum(lifetime_revenue)) over (), 0), 0)::double as revenue_share
from marts.customer_segment_summary
where {in_scope("region")}
group by segment, service_tier
order by
    list_position($tier_order, service_tier) nulls last,
    customers desc,
    segment
""",
    Reach.REGION,
)


def segment_mix() -> pd.DataFrame:
    """Per RFM segment (with its service tier), tier by tier: customers and net paid revenue, and shares."""
    return fetch(SEGMENT_MIX_SQL, tier_order=display_order("service_tier"))


TIER_MIX_SQL = Query(
    f"""
select
    service_tier,
    sum(customers)::bigint as customers,
    coalesce(sum(lifetime_revenue), 0)::double as revenue_net_cny,
    sum(customers) / sum(sum(customers)) over () as customer_share,
    coalesce(sum(lifetime_revenue) / nullif(sum(sum(lifetime_revenue)) over (), 0), 0)::double as revenue_share
from marts.customer_segment_summary
where {in_scope("region")}
group by service_tier
order by
    list_position($tier_order, service_tier) nulls last,
    service_tier
""",
    Reach.REGION,
)


def tier_mix() -> pd.DataFrame:
    """Per service tier (high value, potential, at risk): customers and net paid revenue, and shares."""
    return fetch(TIER_MIX_SQL, tier_order=display_order("service_tier"))


SERVICE_TIERS_SQL = Query(
    """
select service_tier
from marts.customer_rfm
group by service_tier
order by list_position($tier_order, service_tier) nulls last, service_tier
""",
    Reach.REFERENCE,
)


def service_tiers() -> list[str]:
    """The service tiers (the service tier filter's options), in service order."""
    return fetch(SERVICE_TIERS_SQL, tier_order=display_order("service_tier"))["service_tier"].tolist()


REGIONS_SQL = Query(
    f"""
select distinct region from marts.customer_360 where region is not null and {in_scope("region")} order by region
""",
    Reach.REGION,
)


def regions() -> list[str]:
    """The customers' regions (the region filter's options): the user's own when they are limited to some."""
    return fetch(REGIONS_SQL)["region"].tolist()
