"""The report as an XLSX workbook (xlsxwriter): every number a typed number and every date a date, each with
a number format in its unit; a frozen header row and column widths fitted to the content on every sheet."""

import unicodedata
from pathlib import Path

import pandas as pd
import xlsxwriter

from pipelines import catalogue
from pipelines.reports.cells import XLSX_FORMATS, Cell, kpi_change, number, show, stored
from pipelines.reports.data import RELATIVE_UNITS, ReportData
from pipelines.reports.i18n import TEXT
from pipelines.reports.sections import Table

MAX_WIDTH = 60


def _width(text: str) -> int:
    """Display width in characters: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


class _Sheet:
    """One worksheet: bold header, typed cells, widths from the longest text shown in each column."""

    def __init__(self, workbook, name: str, headers: list[str], lang: str):
        self.workbook, self.lang = workbook, lang
        self.sheet = workbook.add_worksheet(name)
        self.widths = [_width(header) for header in headers]
        self.formats = {kind: workbook.add_format({"num_format": fmt}) for kind, fmt in XLSX_FORMATS.items()}
        self.red = workbook.add_format({"font_color": "#B42318"})
        self.red_formats = {kind: workbook.add_format({"num_format": fmt, "font_color": "#B42318"})
                            for kind, fmt in XLSX_FORMATS.items()}
        self.sheet.write_row(0, 0, headers, workbook.add_format({"bold": True, "bg_color": "#F2F4F7"}))
        self.sheet.freeze_panes(1, 0)

    def write(self, row: int, column: int, cell: Cell | str, flagged: bool = False) -> None:
        text = show(cell, self.lang)
        self.widths[column] = max(self.widths[column], _width(text))
        if not isinstance(cell, Cell):
            self.sheet.write_string(row, column, cell or "", self.red if flagged else None)
            return
        fmt = (self.red_formats if flagged else self.formats)[cell.kind]
        if cell.value is None:
            self.sheet.write_blank(row, column, None, fmt)
        elif cell.kind in ("date", "month"):
            self.sheet.write_datetime(row, column, stored(cell.value), fmt)
        else:
            self.sheet.write_number(row, column, stored(cell.value, cell.kind), fmt)

    def finish(self) -> None:
        for column, width in enumerate(self.widths):
            self.sheet.set_column(column, column, min(width + 2, MAX_WIDTH))


def _kpi_sheet(workbook, data: ReportData, lang: str) -> None:
    """The KPIs with their codes and units (columns as in kpi_monthly), for further work in a spreadsheet."""
    t = TEXT[lang]
    headers = [t["kpi_code"], t["kpi"], t["unit"], t["value"], t["previous"], t["change"], t["change_pct"], t["target"],
               t["status"]]
    sheet = _Sheet(workbook, t["sheet_kpis"], headers, lang)
    for row, (_, kpi) in enumerate(data.kpis.iterrows(), start=1):
        unit, flagged = kpi["unit"], kpi["target_status"] == "missed"
        # The change in the KPI's unit (shares in pp); a percent change only where it means something.
        change = kpi_change(kpi["change"], None, unit) if unit not in RELATIVE_UNITS else number(kpi["change"], unit)
        change_pct = number(kpi["change_pct"] if unit in RELATIVE_UNITS else None, "pct_change")
        cells = [kpi["kpi"], catalogue.label("kpi", kpi["kpi"], lang), unit,
                 number(kpi["value"], unit), number(kpi["previous_value"], unit), change, change_pct,
                 number(kpi["target"], unit), catalogue.label("target_status", kpi["target_status"], lang)]
        for column, cell in enumerate(cells):
            sheet.write(row, column, cell, flagged and column in (1, 8))
    sheet.sheet.freeze_panes(1, 2)
    sheet.finish()


def _trend_sheet(workbook, data: ReportData, lang: str) -> None:
    t = TEXT[lang]
    sheet = _Sheet(workbook, t["sheet_trends"], [t["month"], t["kpi_code"], t["kpi"], t["value"], t["target"]], lang)
    for row, (_, point) in enumerate(data.trends.iterrows(), start=1):
        cells = [number(pd.Timestamp(point["month"]).date(), "month"), point["kpi"],
                 catalogue.label("kpi", point["kpi"], lang),
                 number(point["value"], point["unit"]), number(point["target"], point["unit"])]
        for column, cell in enumerate(cells):
            sheet.write(row, column, cell)
    sheet.finish()


def _table_sheet(workbook, name: str, table: Table) -> None:
    sheet = _Sheet(workbook, name, table.headers, table.lang)
    for row, cells in enumerate(table.cells, start=1):
        flagged = row - 1 < len(table.flagged) and table.flagged[row - 1]
        for column, cell in enumerate(cells):
            sheet.write(row, column, cell, flagged)
    if not table.cells and table.empty_note:
        sheet.sheet.write_string(1, 0, table.empty_note)
    sheet.finish()


def write_xlsx(path: Path, data: ReportData, lang: str, tables: dict[str, Table]) -> Path:
    """tables: sheet name -> table, written after the KPI and trend sheets."""
    workbook = xlsxwriter.Workbook(str(path))
    _kpi_sheet(workbook, data, lang)
    _trend_sheet(workbook, data, lang)
    for name, table in tables.items():
        _table_sheet(workbook, name, table)
    workbook.close()
    return path
