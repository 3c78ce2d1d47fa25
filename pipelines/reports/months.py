"""The months the serving copy has KPIs for; light (DuckDB only), so `insight report` can refuse a month fast."""

from datetime import date
from pathlib import Path

import duckdb


def report_months(serving_path: Path) -> list[date]:
    """The first days of the months with rows in kpi_monthly, oldest first."""
    with duckdb.connect() as con:
        con.execute("attach ? as serving (read_only)", [str(serving_path)])
        return [month for (month,) in con.execute("select distinct month from serving.marts.kpi_monthly order by 1").fetchall()]


def describe_months(months: list[date]) -> str:
    """``2025-10 to 2026-10`` for runs of consecutive months, runs separated by commas."""
    if not months:
        return "none"
    runs: list[list[date]] = [[months[0]]]
    for month in months[1:]:
        last = runs[-1][-1]
        if (month.year * 12 + month.month) - (last.year * 12 + last.month) == 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    return ", ".join(f"{run[0]:%Y-%m}" if len(run) == 1 else f"{run[0]:%Y-%m} to {run[-1]:%Y-%m}" for run in runs)
