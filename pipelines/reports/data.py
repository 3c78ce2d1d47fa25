"""What the report shows for a month, read from the published serving copy only (never the warehouse)."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

TREND_MONTHS = 13
TREND_KPIS = ("revenue", "active_customers", "nps", "csat", "complaints", "first_response_1h_rate",
              "resolved_24h_rate", "social_negative_share")
TOP_CATEGORIES = 5
TOP_MOVERS = 5
TOP_MIGRATIONS = 10
MIGRATION_COLUMNS = {"from_month", "to_month", "from_segment", "to_segment",
                     "customers"}


class MonthNotInServingCopy(LookupError):
    """The serving copy has no KPI row for the month asked for."""


@dataclass(frozen=True)
class ReportData:
    month: date
    as_of_date: date | None
    build_id: str
    kpis: pd.DataFrame  # kpi_monthly rows of the month, in report order
    trends: pd.DataFrame  # kpi_monthly rows of TREND_KPIS over the last TREND_MONTHS months
    missed: pd.DataFrame  # KPIs that missed target, furthest from it (standardised) first
    movers: pd.DataFrame  # KPIs with the biggest standardised month-on-month move
    complaint_categories: pd.DataFrame
    negative_topics: pd.DataFrame
    negative_spikes: pd.DataFrame
    dimensions: pd.DataFrame
    segment_migration: pd.DataFrame | None  # None when the serving copy has no migration mart
    # the month's tickets whose first-response and resolution SLA are unknown (out of the SLA rates)
    sla_unknown: tuple[int, int] = (0, 0)

    @property
    def label(self) -> str:
        return f"{self.month:%Y-%m}"


def parse_month(text: str) -> date:
    year, month = (int(part) for part in text.split("-"))
    return date(year, month, 1)


def _query(con: duckdb.DuckDBPyConnection, sql: str, **params) -> pd.DataFrame:
    return con.execute(sql, params).df()


def _has_table(con: duckdb.DuckDBPyConnection, table: str, columns: set[str] = frozenset()) -> bool:
    found = {
        name
        for (name,) in con.execute(
            "select column_name from duckdb_columns() where schema_name = 'marts' and table_name = ?", [table]
        ).fetchall()
    }
    return bool(found) and columns <= found


# "Biggest movers" are ranked by a standardised change: each KPI's month-on-month change in its own unit,
# divided by the change that counts as notable in that unit: 10 % for amounts and counts (no natural
# bound: relative change), and 5 % of the full range for bounded units: 5 percentage points for shares,
# 10 points for NPS (-100..100), 0.2 for the CSAT score (1..5). Percent change for every KPI would put
# unlike units in one ranking and blow up near zero (NPS from -4.1 to +4.8 is "+217 %"); distance from
# target is what the "missed" table shows (by the same scale), and most targets are last year plus 10 %,
# so ranking by it would rank the year, not the month.
RELATIVE_UNITS = {"cny": 0.10, "count": 0.10}
ABSOLUTE_UNITS = {"share": 0.05, "points": 10.0, "score": 0.2}


def standardised_move(unit: str, value: float | None, reference: float | None) -> float | None:
    """How far ``value`` is from ``reference`` in notable moves of its unit (1.0 = one notable move)."""
    if value is None or reference is None or pd.isna(value) or pd.isna(reference):
        return None
    if unit in RELATIVE_UNITS:
        return abs(value / reference - 1) / RELATIVE_UNITS[unit] if reference else None
    if unit in ABSOLUTE_UNITS:
        return abs(value - reference) / ABSOLUTE_UNITS[unit]
    raise ValueError(f"no notable move defined for the KPI unit {unit!r}")


def rank_moves(kpis: pd.DataFrame, reference: str) -> pd.DataFrame:
    """The KPIs with a ``reference`` value (previous_value or target), biggest standardised move first."""
    moves = [standardised_move(unit, value, ref) for unit, value, ref in
             zip(kpis["unit"], kpis["value"], kpis[reference])]
    ranked = kpis.assign(standardised_move=pd.Series(moves, index=kpis.index, dtype="float64"))
    ranked = ranked[ranked["standardised_move"].notna()]
    return ranked.sort_values(["standardised_move", "kpi_order"], ascending=[False, True], kind="stable")


def load_report_data(serving_path: Path, month: date) -> ReportData:
    # A fresh in-memory connection that attaches the file read-only: the pipeline may replace the file.
    with duckdb.connect() as con:
        con.execute("attach ? as serving (read_only)", [str(serving_path)])
        con.execute("use serving")
        kpis = _query(con, "select * from marts.kpi_monthly where month = $month order by kpi_order", month=month)
        if kpis.empty:
            raise MonthNotInServingCopy(f"no KPIs for {month:%Y-%m} in {serving_path}")
        published = con.execute("select as_of_date, build_id from meta.published").fetchone()
        trends = _query(
            con,
            "select month, kpi, kpi_order, unit, value, target from marts.kpi_monthly "
            "where kpi in (select unnest($kpis)) and month <= $month "
            "and month > $month - to_months($months) order by kpi_order, month",
            kpis=list(TREND_KPIS), month=month, months=TREND_MONTHS,
        )
        complaint_categories = _query(
            con,
            "select category, routed_department, complaints, share_of_month, "
            "resolution_sla_rate, resolution_sla_unknown from marts.service_complaints_monthly where month = $month "
            "order by category_rank limit $top",
            month=month, top=TOP_CATEGORIES,
        )
        negative_topics = _query(
            con,
            "select topic, mentions, negative_mentions, negative_share from marts.social_topics_monthly "
            "where month = $month order by negative_mentions desc, topic",
            month=month,
        )
        negative_spikes = _query(
            con,
            "select posted_date, platform, negative_mentions, baseline_mean, spike_ratio, top_topic "
            "from marts.social_negative_spikes where posted_date >= $month and posted_date < $month + interval 1 month "
            "order by negative_mentions desc, posted_date, platform",
            month=month,
        )
        dimensions = _query(
            con,
            "select dimension, answers, mean_score, satisfied_share, target_mean_score, "
            "target_satisfied_share, is_below_target from marts.survey_dimension_scores_monthly "
            "where month = $month order by dimension = 'overall' desc, dimension",
            month=month,
        )
        sla_unknown = con.execute(
            "select first_response_sla_unknown, resolution_sla_unknown from marts.service_sla_monthly "
            "where month = $month and kind = 'all' and channel = 'all' and routed_department = 'all'",
            {"month": month},
        ).fetchone() or (0, 0)
        segment_migration = None
        if _has_table(con, "customer_segment_migration", MIGRATION_COLUMNS):
            segment_migration = _query(
                con,
                "select from_segment, to_segment, sum(customers) as customers "
                "from marts.customer_segment_migration "
                "where to_month = $month and from_month = $month - interval 1 month and from_segment <> to_segment "
                "group by all order by customers desc, from_segment, to_segment limit $top",
                month=month, top=TOP_MIGRATIONS,
            )
    missed = rank_moves(kpis[kpis["target_status"] == "missed"], "target")
    movers = rank_moves(kpis, "previous_value").head(TOP_MOVERS)
    return ReportData(
        month=month,
        as_of_date=published[0] if published else None,
        build_id=published[1] if published else "",
        kpis=kpis,
        trends=trends,
        missed=missed,
        movers=movers,
        complaint_categories=complaint_categories,
        negative_topics=negative_topics,
        negative_spikes=negative_spikes,
        dimensions=dimensions,
        segment_migration=segment_migration,
        sla_unknown=tuple(int(count) for count in sla_unknown),
    )
