"""The monthly KPI report rendered from the serving copy of the small built warehouse."""

from __future__ import annotations

import re

import dagster as dg
import duckdb
import openpyxl
import pytest

from pipelines.reports import render_report
from pipelines.reports.data import parse_month
from pipelines.warehouse import connect as connect_warehouse


@pytest.fixture(scope="module")
def latest_month(built):
    assert built.success
    with duckdb.connect(str(built.serving_path), read_only=True) as con:
        return con.execute("select max(month) from marts.kpi_monthly").fetchone()[0]


@pytest.fixture(scope="module")
def report_files(built, latest_month, tmp_path_factory):
    return render_report(built.serving_path, latest_month, tmp_path_factory.mktemp("reports"))


def _kpi_rows(built, month) -> dict[str, tuple]:
    with duckdb.connect(str(built.serving_path), read_only=True) as con:
        rows = con.execute(
            "select kpi, unit, value, previous_value, target from marts.kpi_monthly where month = ?", [month]
        ).fetchall()
    return {kpi: (unit, (value, previous, target)) for kpi, unit, value, previous, target in rows}


def test_every_format_in_both_languages(report_files, latest_month):
    names = {path.name for path in report_files}
    label = f"{latest_month:%Y-%m}"
    for lang in ("zh", "en"):
        assert {f"kpi_report_{label}_{lang}.{ext}" for ext in ("html", "pdf", "xlsx")} <= names


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_has_pages_and_embeds_the_cjk_font(report_files, lang):
    pdf = next(path for path in report_files if path.name.endswith(f"_{lang}.pdf")).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 2
    assert b"NotoSansSC" in pdf


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_xlsx_kpi_sheet_holds_the_mart_numbers(built, report_files, latest_month, lang):
    workbook = openpyxl.load_workbook(next(path for path in report_files if path.name.endswith(f"_{lang}.xlsx")))
    sheet = workbook.worksheets[0]
    assert sheet.title == "KPI"
    expected = _kpi_rows(built, latest_month)
    found = {row[0]: (row[3], row[4], row[7]) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert found.keys() == expected.keys()
    for kpi, (unit, numbers) in expected.items():
        # amounts are stored to the cent
        assert found[kpi] == pytest.approx(numbers, nan_ok=True, abs=0.005 if unit == "cny" else 1e-12), kpi


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_xlsx_sheet_stores_typed_formatted_numbers(report_files, lang):
    workbook = openpyxl.load_workbook(next(path for path in report_files if path.name.endswith(f"_{lang}.xlsx")))
    for sheet in workbook.worksheets:
        cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value is not None]
        numbers = [cell for cell in cells if not isinstance(cell.value, str)]
        texts = [cell.value for cell in cells if isinstance(cell.value, str)]
        assert sheet.freeze_panes is not None, sheet.title
        assert all(cell.number_format != "General" for cell in numbers), sheet.title
        assert not [text for text in texts if re.fullmatch(r"[-+¥]?[\d,.]+ ?(%|pp)?", text)], sheet.title
        # no float noise (2336605.623000001): at most 12 significant digits
        assert all(float(f"{cell.value:.12g}") == cell.value for cell in numbers if isinstance(cell.value, float))


def test_html_is_bilingual_and_carries_no_personal_data(built, report_files):
    zh = next(path for path in report_files if path.name.endswith("_zh.html")).read_text(encoding="utf-8")
    en = next(path for path in report_files if path.name.endswith("_en.html")).read_text(encoding="utf-8")
    assert "月度 KPI 报告" in zh and "Monthly KPI report" in en
    with connect_warehouse(built.warehouse_path, read_only=True) as con:
        secrets = [value for (value,) in con.execute(
            "select phone from staging.stg_crm__customers where phone is not null "
            "union all select email from staging.stg_crm__customers where email is not null "
            "union all select customer_name from staging.stg_crm__customers where length(customer_name) > 2"
        ).fetchall()]
    assert not [secret for secret in secrets if secret in zh or secret in en]


def test_the_partitioned_asset_renders_a_month(built, latest_month):
    from pipelines.assets.reports import monthly_kpi_report, reports_dir
    from pipelines.settings import Settings

    result = dg.materialize([monthly_kpi_report], partition_key=f"{latest_month:%Y-%m-%d}")
    assert result.success
    folder = reports_dir(Settings.from_env()) / f"{latest_month:%Y-%m}"
    assert (folder / f"kpi_report_{latest_month:%Y-%m}_zh.pdf").exists()


def test_month_parsing():
    assert f"{parse_month('2026-10'):%Y-%m-%d}" == "2026-10-01"
