"""Files people open in spreadsheets: CSV and XLSX with formula injection neutralised.

A cell that starts with =, +, -, @ (or a tab / carriage return before one) is run as a formula by
Excel and LibreOffice: `=HYPERLINK("http://evil", "click")` in a customer comment would become a live
link. Such text cells get a leading apostrophe, the OWASP-recommended neutralisation, which the
spreadsheet shows as plain text. Numbers are left alone, so a negative amount stays a number.
"""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_text(value: str | None) -> str | None:
    if value is not None and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Prefix every formula-like text cell of every string column with an apostrophe."""
    pattern = r"^[=+\-@\t\r]"
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(pattern)).then(pl.lit("'") + pl.col(name)).otherwise(pl.col(name)).alias(name)
        for name, dtype in frame.schema.items()
        if dtype == pl.String
    )


def write_csv(frame: pl.DataFrame, path: Path) -> Path:
    """UTF-8 with BOM so Excel opens Chinese text correctly; formula-like cells neutralised."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(csv_bytes(frame))
    return path


def csv_bytes(frame: pl.DataFrame) -> bytes:
    return "\ufeff".encode() + neutralise_frame(frame).write_csv().encode()


def xlsx_bytes(frames: dict[str, pl.DataFrame], column_formats: dict[str, str] | None = None) -> bytes:
    """One sheet per frame: numbers and dates typed with their number format (``column_formats`` by
    column name, e.g. '#,##0.00' for yuan, '0.0%' for shares; polars' defaults otherwise), a bold frozen
    header row, widths fitted to the content; text written as strings (never as formulas) after
    neutralising."""
    buffer = io.BytesIO()
    import xlsxwriter  # imported here: only exports need it

    with xlsxwriter.Workbook(buffer, {"strings_to_formulas": False, "strings_to_urls": False}) as workbook:
        for sheet_name, frame in frames.items():
            formats = {name: fmt for name, fmt in (column_formats or {}).items() if name in frame.columns}
            neutralise_frame(frame).write_excel(
                workbook=workbook,
                worksheet=sheet_name[:31],
                autofit=True,
                column_formats=formats or None,
                header_format={"bold": True},
                freeze_panes=(1, 0),
                dtype_formats={pl.Datetime: "yyyy-mm-dd hh:mm", pl.Date: "yyyy-mm-dd"},
            )
    return buffer.getvalue()
