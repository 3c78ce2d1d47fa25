"""The monthly KPI report page: the months the report can be rendered for."""

from datetime import date

from dashboards.queries import Query, Reach, fetch

REPORT_MONTHS_SQL = Query(
    """
select distinct month from marts.kpi_monthly order by month desc
""",
    Reach.COMPANY,
)


def report_months() -> list[date]:
    """The months with KPIs (kpi_monthly), latest first."""
    return [month.date() for month in fetch(REPORT_MONTHS_SQL)["month"]]
