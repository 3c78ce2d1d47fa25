"""Exported CSV/XLSX cells that a spreadsheet would run as formulas are neutralised."""

import io

import openpyxl
import polars as pl
import pytest

from pipelines.exports import csv_bytes, neutralise_text, xlsx_bytes

INJECTIONS = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "'; drop table x; --"]


@pytest.mark.parametrize("text", INJECTIONS[:5])
def test_formula_triggers_get_an_apostrophe(text):
    assert neutralise_text(text) == "'" + text


def test_plain_text_and_numbers_are_untouched():
    assert neutralise_text("张三 bought 2") == "张三 bought 2"
    frame = pl.DataFrame({"comment": ["ok"], "amount": [-5.0]})
    assert b"ok,-5.0" in csv_bytes(frame)


def test_csv_starts_with_a_bom_and_neutralises_every_text_column():
    frame = pl.DataFrame({"a": INJECTIONS, "b": ["x"] * len(INJECTIONS)})
    data = csv_bytes(frame)
    assert data.startswith("\ufeff".encode())
    body = pl.read_csv(io.BytesIO(data[3:]))
    assert all(not value.startswith(("=", "+", "-", "@", "\t")) for value in body["a"])


def test_xlsx_cells_are_text_not_formulas():
    frame = pl.DataFrame({"a": INJECTIONS, "n": list(range(len(INJECTIONS)))})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes({"list": frame})))["list"]
    values = [row[0].value for row in sheet.iter_rows(min_row=2)]
    cell_types = {row[0].data_type for row in sheet.iter_rows(min_row=2)}
    assert values[0] == "'" + INJECTIONS[0]
    assert cell_types == {"s"}  # strings, no formula cells
