"""The report as an XLSX workbook (xlsxwriter): the KPI sheet in numbers, the other tables as shown."""

from pathlib import Path

import pandas as pd
import xlsxwriter

from pipelines.reports.data import ReportData
from pipelines.reports.i18n import TEXT
from pipelines.reports.sections import Table

NUMBER_FORMATS = {"cny": "#,##0.00", "count": "#,##0", "share": "0.0%", "points": "0.0", "score": "0.00"}


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _kpi_sheet(workbook, data: ReportData, lang: str) -> None:
    t = TEXT[lang]
    sheet = workbook.add_worksheet(t["sheet_kpis"])
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F4F7"})
    red = workbook.add_format({"font_color": "#B42318"})
    formats = {unit: workbook.add_format({"num_format": fmt}) for unit, fmt in NUMBER_FORMATS.items()}
    percent = workbook.add_format({"num_format": "0.0%"})
    headers = ["kpi", t["kpi"], "unit", t["value"], t["previous"], t["change"], f"{t['change']} %", t["target"],
               t["status"]]
    sheet.write_row(0, 0, headers, bold)
    for row, (_, kpi) in enumerate(data.kpis.iterrows(), start=1):
        number = formats[kpi["unit"]]
        sheet.write_string(row, 0, kpi["kpi"])
        sheet.write_string(row, 1, kpi["kpi_name_zh"] if lang == "zh" else kpi["kpi_name_en"])
        sheet.write_string(row, 2, kpi["unit"])
        for column, field, fmt in ((3, "value", number), (4, "previous_value", number), (5, "change", number),
                                   (6, "change_pct", percent), (7, "target", number)):
            value = _number(kpi[field])
            if value is None:
                sheet.write_blank(row, column, None)
            else:
                sheet.write_number(row, column, value, fmt)
        sheet.write_string(row, 8, t[kpi["target_status"]], red if kpi["target_status"] == "missed" else None)
    sheet.set_column(0, 0, 26)
    sheet.set_column(1, 1, 30)
    sheet.set_column(3, 8, 14)
    sheet.freeze_panes(1, 2)


def _trend_sheet(workbook, data: ReportData, lang: str) -> None:
    t = TEXT[lang]
    sheet = workbook.add_worksheet(t["sheet_trends"])
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F4F7"})
    sheet.write_row(0, 0, ["month", "kpi", t["kpi"], t["value"], t["target"]], bold)
    for row, (_, point) in enumerate(data.trends.iterrows(), start=1):
        sheet.write_string(row, 0, f"{point['month']:%Y-%m}")
        sheet.write_string(row, 1, point["kpi"])
        sheet.write_string(row, 2, point["kpi_name_zh"] if lang == "zh" else point["kpi_name_en"])
        for column, field in ((3, "value"), (4, "target")):
            value = _number(point[field])
            if value is not None:
                sheet.write_number(row, column, value)
    sheet.set_column(0, 1, 14)
    sheet.set_column(2, 2, 30)


def _table_sheet(workbook, name: str, table: Table) -> None:
    sheet = workbook.add_worksheet(name)
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F4F7"})
    red = workbook.add_format({"font_color": "#B42318"})
    sheet.write_row(0, 0, table.headers, bold)
    for row, cells in enumerate(table.rows, start=1):
        flagged = row - 1 < len(table.flagged) and table.flagged[row - 1]
        sheet.write_row(row, 0, cells, red if flagged else None)
    if not table.rows and table.empty_note:
        sheet.write_string(1, 0, table.empty_note)
    sheet.set_column(0, len(table.headers) - 1, 18)


def write_xlsx(path: Path, data: ReportData, lang: str, tables: dict[str, Table]) -> Path:
    """tables: sheet name -> table, written after the KPI and trend sheets."""
    workbook = xlsxwriter.Workbook(str(path))
    _kpi_sheet(workbook, data, lang)
    _trend_sheet(workbook, data, lang)
    for name, table in tables.items():
        _table_sheet(workbook, name, table)
    workbook.close()
    return path
