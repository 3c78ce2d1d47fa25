"""How numbers and dates read on the dashboards (the same in both languages)."""

from datetime import date, datetime

import pandas as pd

EMPTY = "—"
CNY_COLUMN_FORMAT = "¥%,.0f"
CNY_CENTS_COLUMN_FORMAT = "¥%,.2f"
COUNT_COLUMN_FORMAT = "%,d"
SHARE_COLUMN_FORMAT = "percent"


def format_cny(value: float | None, decimals: int = 0) -> str:
    """Money as yuan with thousands separators: 1234567.8 -> '¥1,234,568'; -5 -> '-¥5'."""
    if pd.isna(value):
        return EMPTY
    sign = "-" if value < 0 else ""
    return f"{sign}¥{abs(value):,.{decimals}f}"


def format_count(value: int | None) -> str:
    """A count with thousands separators: 1234567 -> '1,234,567'."""
    if pd.isna(value):
        return EMPTY
    return f"{int(value):,}"


def format_month(value: date) -> str:
    """A month as 2024-03."""
    return value.strftime("%Y-%m")


def format_timestamp(value: datetime | None) -> str:
    """A timestamp to the minute, with its time zone: 2024-03-31 18:05 UTC."""
    if pd.isna(value):
        return EMPTY
    return value.strftime("%Y-%m-%d %H:%M %Z").strip()


def format_date(value: date | None) -> str:
    """A date as 2024-03-31."""
    if pd.isna(value):
        return EMPTY
    return value.strftime("%Y-%m-%d")


def format_share(value: float | None, decimals: int = 1) -> str:
    """A 0-1 share as a percentage: 0.8523 -> '85.2%'."""
    if pd.isna(value):
        return EMPTY
    return f"{value:.{decimals}%}"


def format_kpi(value: float | None, unit: str) -> str:
    """A KPI value in its unit (the kpi entries of the definitions seed): cny, count, share, points (NPS) or score (CSAT 1-5)."""
    if pd.isna(value):
        return EMPTY
    if unit == "cny":
        return format_cny(value)
    if unit == "count":
        return format_count(round(value))
    if unit == "share":
        return format_share(value)
    if unit == "points":
        return f"{value:.1f}"
    return f"{value:.2f}"


def format_kpi_change(change: float | None, unit: str) -> str | None:
    """A month-over-month change with its sign, shares in percentage points: '+¥1,200', '-2.5 pp'.
    None when there is no previous month (st.metric then shows no delta)."""
    if pd.isna(change):
        return None
    sign = "+" if change >= 0 else "-"
    if unit == "share":
        return f"{sign}{abs(change) * 100:.1f} pp"
    return sign + format_kpi(abs(change), unit)
