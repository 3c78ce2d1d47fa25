"""A report cell: a typed value and its kind, shown as text in HTML and PDF and as a formatted number in XLSX.

The kinds and their formats are defined here once, so the PDF's "+0.8 pp" and the workbook's cell say the
same thing.
"""

from dataclasses import dataclass
import pandas as pd

from pipelines.reports.i18n import MISSING, TEXT, format_value

# kind -> XLSX number format. Shares are fractions shown as percentages; "pp" cells hold percentage
# points (a share's change times 100); "pct_change" cells hold a relative change as a fraction.
XLSX_FORMATS = {
    "cny": "#,##0.00",
    "count": "#,##0",
    "share": "0.0%",
    "points": "+0.0;-0.0;0.0",
    "score": "0.00",
    "pp": '+0.0 "pp";-0.0 "pp";0.0 "pp"',
    "pct_change": "+0.0%;-0.0%;0.0%",
    "change": "+0.00;-0.00;0.00",
    "decimal": "0.0",
    "date": "yyyy-mm-dd",
    "month": "yyyy-mm",
}


@dataclass(frozen=True)
class Cell:
    value: object  # float, int, date, or None for a missing value
    kind: str

    def __post_init__(self) -> None:
        if self.kind not in XLSX_FORMATS:
            raise ValueError(f"unknown cell kind {self.kind!r}")


def number(value, kind: str) -> Cell:
    """A number cell; NaN and None become a missing value."""
    return Cell(None if value is None or pd.isna(value) else value, kind)


def show(cell, lang: str) -> str:
    """The text of a cell as the HTML and PDF show it (text cells are already text)."""
    if not isinstance(cell, Cell):
        return cell if cell else MISSING
    value, kind = cell.value, cell.kind
    if value is None:
        return MISSING
    if kind in ("cny", "count", "share", "points", "score"):
        return format_value(value, kind, lang)
    if kind == "pp":
        return f"{value:+.1f} {TEXT[lang]['pp']}"
    if kind == "pct_change":
        return f"{value:+.1%}"
    if kind == "change":
        return f"{value:+.2f}"
    if kind == "decimal":
        return f"{value:.1f}"
    if kind == "date":
        return f"{value:%Y-%m-%d}"
    return f"{value:%Y-%m}"


def kpi_change(change, change_pct, unit: str) -> Cell:
    """A KPI's change in its unit: amounts and counts in %, shares in percentage points, scores in points."""
    if unit == "share":
        return number(None if change is None or pd.isna(change) else change * 100, "pp")
    if unit == "points":
        return number(change, "points")
    if unit == "score":
        return number(change, "change")
    return number(change_pct, "pct_change")


def stored(value, kind: str = ""):
    """The value as the workbook stores it: amounts to the cent, other floats without their noise
    (2336605.623000001 -> 2336605.623)."""
    if isinstance(value, float) and kind == "cny":
        return round(value, 2)
    if isinstance(value, float):
        return float(f"{value:.12g}")
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value

