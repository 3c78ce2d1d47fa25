"""The monthly report on hand-made KPI rows: movers ranked by a standardised change in each KPI's own unit,
a workbook of typed and formatted cells on every sheet, em dashes for missing values, headings kept with
their tables in the PDF, and the as-of date with a staleness note."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest

from pipelines.reports import i18n
from pipelines.reports.data import ReportData, rank_moves
from pipelines.reports.pdf_report import ReportPdf, _table
from pipelines.reports.render import stale_note
from pipelines.reports.sections import Table, all_tables, kpi_table, movers_table
from pipelines.reports.xlsx_report import write_xlsx

KPI_COLUMNS = ["kpi", "kpi_order", "unit", "value", "previous_value", "change",
               "change_pct", "target", "target_status"]


def kpi(name: str, order: int, unit: str, value, previous, target, status: str) -> dict:
    change = None if value is None or previous is None else value - previous
    change_pct = None if change is None or not previous else change / abs(previous)
    return dict(zip(KPI_COLUMNS, [name, order, unit, value, previous, change,
                                  change_pct, target, status]))


@pytest.fixture
def kpis() -> pd.DataFrame:
    return pd.DataFrame([
        kpi("revenue", 1, "cny", 2_336_605.623000001, 2_000_000.0, 2_200_000.0, "met"),  # +16.8 %
        kpi("orders", 2, "count", 1_050.0, 1_000.0, 1_100.0, "missed"),  # +5 %
        kpi("nps", 3, "points", 4.8, -4.1, 10.0, "missed"),  # +217 % in percent, +8.9 points
        kpi("csat", 4, "score", 3.70, 3.80, 3.80, "missed"),  # -0.10
        kpi("resolved_24h_rate", 5, "share", 0.80, 0.86, 0.85, "missed"),  # -6 pp
        kpi("complaints", 6, "count", 300.0, None, 250.0, "missed"),  # no last month
    ])


@pytest.fixture
def data(kpis) -> ReportData:
    month = date(2026, 10, 1)
    trends = kpis.assign(month=month)[["month", "kpi", "kpi_order", "unit", "value",
                                       "target"]]
    return ReportData(
        month=month,
        as_of_date=date(2026, 10, 31),
        build_id="test",
        kpis=kpis,
        trends=trends,
        missed=rank_moves(kpis[kpis["target_status"] == "missed"], "target"),
        movers=rank_moves(kpis, "previous_value"),
        complaint_categories=pd.DataFrame([
            {"category": "delivery", "routed_department": None,
             "complaints": 108, "share_of_month": 0.308, "resolution_sla_rate": None, "resolution_sla_unknown": 4},
        ]),
        negative_topics=pd.DataFrame([{"topic": "price", "mentions": 20, "negative_mentions": 7,
                                       "negative_share": 0.35}]),
        negative_spikes=pd.DataFrame([{"posted_date": pd.Timestamp("2026-10-21"), "platform": "weibo",
                                       "negative_mentions": 9, "baseline_mean": 3.2142857, "top_topic": None}]),
        dimensions=pd.DataFrame([{"dimension": "overall",
                                  "answers": 498, "mean_score": 3.787, "satisfied_share": 0.6546,
                                  "target_mean_score": 4.0, "target_satisfied_share": 0.75,
                                  "is_below_target": True}]),
        segment_migration=pd.DataFrame([{"from_segment": "Loyal", "to_segment": "Lost",
                                         "customers": 12}]),
        sla_unknown=(0, 4),
    )


def test_movers_rank_by_a_standardised_change_in_each_unit(kpis):
    movers = rank_moves(kpis, "previous_value")

    # Standardised: revenue 16.8 % / 10 % = 1.68; resolved 6 pp / 5 pp = 1.2; NPS 8.9 / 10 = 0.89;
    # orders 5 % / 10 % = 0.5; CSAT 0.10 / 0.2 = 0.5. Complaints has no last month.
    assert list(movers["kpi"]) == ["revenue", "resolved_24h_rate", "nps", "orders", "csat"]
    assert movers.set_index("kpi")["standardised_move"].to_dict() == pytest.approx(
        {"revenue": 1.6830, "resolved_24h_rate": 1.2, "nps": 0.89, "orders": 0.5, "csat": 0.5}, abs=1e-3)


def test_an_nps_move_across_zero_is_not_a_percent(data):
    row = next(row for row in movers_table(data, "en").rows if row[0] == "NPS")

    assert row[2] == "+8.9"
    assert "%" not in row[2] and "217" not in "".join(row)


def test_missed_kpis_rank_by_their_standardised_gap_to_target(kpis):
    missed = rank_moves(kpis[kpis["target_status"] == "missed"], "target")

    # complaints 300 vs 250: 20 % / 10 % = 2.0; NPS 5.2 / 10 = 0.52; CSAT 0.1 / 0.2 = 0.5; resolved 5 pp = 1.0;
    # orders 1050 vs 1100: 4.5 % = 0.45
    assert list(missed["kpi"]) == ["complaints", "resolved_24h_rate", "nps", "csat", "orders"]


def test_changes_are_shown_in_the_unit_of_the_metric(data):
    rows = {row[0]: row for row in kpi_table(data, "en").rows}
    zh = {row[0]: row for row in kpi_table(data, "zh").rows}

    assert rows["Revenue (net CNY)"][3] == "+16.8%"
    assert rows["Resolved within 24 h"][3] == "-6.0 pp"
    assert zh["24 小时内解决率"][3] == "-6.0 个百分点"
    assert rows["CSAT (mean 1-5)"][3] == "-0.10"
    assert rows["Complaints"][2] == rows["Complaints"][3] == "—"  # missing: an em dash


def test_labels_and_kpis_are_named_and_defined_by_the_catalogue(data):
    tables = {table.title: table for table in all_tables(data, "en")}
    zh_tables = {table.title: table for table in all_tables(data, "zh")}

    complaints = tables["Top 5 complaint categories"].rows[0]
    assert complaints[0] == "Delivery" and complaints[1] == "—"  # no department: an em dash
    assert complaints[-1] == "4"  # resolution unknown, beside the rate
    assert tables["KPIs against target and last month"].note == (
        "The service rates leave out 0 ticket(s) with an unknown first response and 4 with an unknown resolution "
        "(their source records no such time, or the ticket no opening time).")
    assert zh_tables["投诉类别 Top 5"].rows[0][0] == "物流配送"
    migration = tables["Segment migration (last month end -> this month end)"].rows[0]
    assert migration[:2] == ["Loyal", "Lost (RFM)"]
    definitions = {row[0]: row for row in tables["What the KPIs count and how their targets are set"].rows}
    assert definitions["Revenue (net CNY)"][2] == "Target: the same month last year +10 %."
    assert definitions["NPS"][2] == "Target: at least 10."


def test_every_sheet_stores_typed_and_formatted_cells(data, tmp_path):
    tables = {table.title[:31]: table for table in all_tables(data, "en")[1:]}
    path = write_xlsx(tmp_path / "report.xlsx", data, "en", tables)
    workbook = openpyxl.load_workbook(path)

    assert len(workbook.worksheets) == 2 + len(tables)
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes is not None and sheet.freeze_panes[-1] == "2", sheet.title  # header row frozen
        assert all(sheet.column_dimensions[letter].width for letter in "AB"), sheet.title
        numbers = [cell for row in sheet.iter_rows(min_row=2) for cell in row
                   if isinstance(cell.value, (int, float, datetime))]
        assert numbers, sheet.title
        assert all(cell.number_format != "General" for cell in numbers), sheet.title
        texts = [cell.value for row in sheet.iter_rows(min_row=2) for cell in row if isinstance(cell.value, str)]
        assert not [text for text in texts if text.replace(",", "").replace(".", "").replace("%", "").strip(
            "+-¥ ").isdigit()], sheet.title  # no number stored as text

    kpi_sheet = workbook.worksheets[0]
    cells = {row[0].value: row for row in kpi_sheet.iter_rows(min_row=2)}
    assert cells["revenue"][3].value == 2336605.62
    assert cells["revenue"][3].number_format == "#,##0.00"
    assert cells["resolved_24h_rate"][3].number_format == "0.0%"
    assert cells["resolved_24h_rate"][5].value == pytest.approx(-6.0)  # the change in percentage points
    assert "pp" in cells["resolved_24h_rate"][5].number_format
    assert cells["nps"][6].value is None  # no percent change for a score
    trend_month = workbook.worksheets[1]["A2"]
    assert trend_month.value == datetime(2026, 10, 1) and trend_month.number_format == "yyyy-mm"


def _page_near_its_bottom() -> ReportPdf:
    pdf = ReportPdf("footer")
    pdf.add_page()
    pdf.set_font("NotoSansSC", size=8)
    pdf.set_y(pdf.h - 30)  # about 15 mm left above the bottom margin
    return pdf


def test_a_pdf_heading_starts_a_new_page_with_its_table():
    with_table, page_break_only = _page_near_its_bottom(), _page_near_its_bottom()
    table = Table("A table", ["KPI", "Value"], [[f"kpi {n}", "1"] for n in range(5)], "en")

    _table(with_table, table)
    page_break_only.add_page()

    assert with_table.page == 2
    # page 1 holds its footer only: nothing of the table, not even its title
    assert bytes(with_table.pages[1].contents) == bytes(page_break_only.pages[1].contents)


def test_the_report_says_when_its_data_is_stale():
    assert stale_note(date(2026, 10, 31), date(2026, 11, 5), 7, "en") == ""
    note = stale_note(date(2026, 10, 31), date(2026, 12, 3), 7, "en")
    assert "2026-10-31" in note and "33 days" in note and "2026-12-03" in note
    assert "33" in stale_note(date(2026, 10, 31), date(2026, 12, 3), 7, "zh")
    assert stale_note(None, date(2026, 12, 3), 7, "en") == ""
    assert i18n.MISSING == "—"


def test_a_long_pdf_table_starts_where_its_title_and_first_rows_fit_and_goes_on_overleaf():
    with_table, page_break_only = _page_near_its_bottom(), _page_near_its_bottom()
    for pdf in (with_table, page_break_only):
        pdf.set_y(pdf.h - 60)  # room for the title and a few rows, not for 30
    table = Table("A long table", ["KPI", "Value"], [[f"kpi {n}", "1"] for n in range(30)], "en")

    _table(with_table, table)
    page_break_only.add_page()

    assert with_table.page == 2
    # page 1 holds the title and the first rows, not only its footer
    assert len(bytes(with_table.pages[1].contents)) > len(bytes(page_break_only.pages[1].contents)) + 500
