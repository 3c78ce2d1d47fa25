"""Strings, number formats, chart builders and the page registry, without a running app."""

import io
import re
from datetime import date, datetime, timezone
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import dashboards
from dashboard_users import COMPANY_MANAGER

from dashboards import audit, charts, layout
from dashboards.formatting import (
    format_cny,
    format_count,
    format_date,
    format_kpi,
    format_kpi_change,
    format_month,
    format_timestamp,
)
from dashboards.i18n import LANGUAGES, STRINGS, both, default_lang, t, value_label
from dashboards.navigation import discover_pages
from dashboards.plots import customer as customer_plots
from dashboards.plots import segments as segment_plots
from dashboards.sql.actions import ACTION_LISTS
from dashboards.views import actions as actions_view

SEGMENTS = pd.DataFrame(
    {
        "segment": ["Champions", "At risk", None],
        "service_tier": ["high value", "at risk", None],
        "customers": [10, 5, 2],
        "revenue_net_cny": [5000.0, 800.0, 0.0],
    }
)
MONTHLY = pd.DataFrame(
    {
        "month": pd.to_datetime(["2024-01-01", "2024-02-01"]),
        "revenue_net_cny": [120.0, 280.0],
        "active_customers": [1, 2],
    }
)


def test_every_string_exists_in_both_languages() -> None:
    for key, texts in STRINGS.items():
        assert set(texts) == set(LANGUAGES), key
        assert all(text.strip() for text in texts.values()), key


def test_t_picks_the_language_and_fills_values() -> None:
    assert t("metric.customers", "en") == "Customers"
    assert t("metric.customers", "zh") == "客户数"
    assert t("serving.looked_for", "zh", path="/x") == "查找路径：`/x`"
    assert t("metric.customers") == "Customers"


def test_both_languages_together() -> None:
    assert both("serving.missing").splitlines()[0].startswith("No published warehouse yet")
    assert both("serving.missing").splitlines()[-1].startswith("尚未发布数据仓库")


@pytest.mark.parametrize(
    ("setting", "expected"), [(None, "en"), ("zh", "zh"), ("zh_CN", "zh"), ("en", "en"), ("fr", "en")]
)
def test_default_language_from_insight_lang(
    setting: str | None, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if setting is not None:
        monkeypatch.setenv("INSIGHT_LANG", setting)
    assert default_lang() == expected


def test_money_and_counts_read_with_separators() -> None:
    assert format_cny(1234567.8) == "¥1,234,568"
    assert format_cny(624.95, decimals=2) == "¥624.95"
    assert format_cny(-1500.0) == "-¥1,500"
    assert format_cny(None) == "—"
    assert format_cny(float("nan")) == "—"
    assert format_count(1234567) == "1,234,567"


def test_dates_read_as_iso() -> None:
    assert format_month(date(2024, 3, 1)) == "2024-03"
    assert format_date(pd.Timestamp("2024-04-30")) == "2024-04-30"
    assert format_date(pd.NaT) == "—"
    assert format_timestamp(datetime(2024, 4, 30, 20, 0, tzinfo=timezone.utc)) == "2024-04-30 20:00 UTC"


def test_monthly_figure_is_labelled_in_the_language_given() -> None:
    english = charts.monthly_trend_figure(MONTHLY, "en")
    chinese = charts.monthly_trend_figure(MONTHLY, "zh")

    assert [trace.name for trace in english.data] == ["Revenue (net, ¥)", "Active customers (90 d)"]
    assert list(english.data[0].x) == ["2024-01", "2024-02"]
    assert [trace.name for trace in chinese.data] == ["净收入（¥）", "活跃客户数（90 天）"]
    assert chinese.layout.xaxis.title.text == "月份"
    assert list(english.data[0].y) == [120.0, 280.0]


def test_segment_figure_names_segments_and_tiers_by_the_catalogue() -> None:
    english = charts.segment_mix_figure(SEGMENTS, "en")
    chinese = charts.segment_mix_figure(SEGMENTS, "zh")

    assert list(english.layout.yaxis.categoryarray) == ["Champions", "Slipping regulars", "No order yet"]
    assert list(chinese.layout.yaxis.categoryarray) == ["冠军客户", "渐失常客", "尚未下单"]
    assert [trace.name for trace in chinese.data if trace.showlegend is not False] == ["高价值层", "挽回层", "无服务层级"]
    english_tiers = [
        trace.name for trace in charts.segment_mix_figure(SEGMENTS, "en").data if trace.showlegend is not False
    ]
    assert english_tiers == ["High-value tier", "Win-back tier", "No service tier"]


def test_segment_figure_has_one_colour_per_tier_and_both_measures() -> None:
    figure = charts.segment_mix_figure(SEGMENTS, "en")

    customers = {trace.name: (list(trace.y), list(trace.x)) for trace in figure.data if trace.xaxis == "x"}
    revenue = {trace.name: (list(trace.y), list(trace.x)) for trace in figure.data if trace.xaxis == "x2"}
    assert customers == {
        "High-value tier": (["Champions"], [10]),
        "Win-back tier": (["Slipping regulars"], [5]),
        "No service tier": (["No order yet"], [2]),
    }
    assert revenue["High-value tier"] == (["Champions"], [5000.0])
    assert [trace.marker.color for trace in figure.data if trace.xaxis == "x"] == ["#2e7d32", "#e65100", "#9e9e9e"]


def test_tier_figure_has_a_donut_for_customers_and_one_for_revenue() -> None:
    chinese = charts.tier_mix_figure(SEGMENTS, "zh")

    assert [trace.type for trace in chinese.data] == ["pie", "pie"]
    assert list(chinese.data[0].labels) == ["高价值层", "挽回层", "无服务层级"]
    assert list(chinese.data[1].values) == [5000.0, 800.0, 0.0]


def test_pages_are_discovered_with_overview_first() -> None:
    specs = discover_pages()

    assert [spec.url_path for spec in specs] == [
        "overview",
        "customer",
        "segments",
        "voice",
        "service",
        "quality",
        "actions",
        "report",
        "personal-data",
    ]
    assert len({spec.url_path for spec in specs}) == len(specs)
    assert all(spec.title_key in STRINGS for spec in specs)


def test_every_string_the_dashboards_use_exists() -> None:
    used = set()
    for path in Path(dashboards.__file__).parent.rglob("*.py"):
        used |= set(re.findall(r'\bt\(\s*"([a-z_]+\.[a-z_0-9.]+)"', path.read_text()))
    for spec in ACTION_LISTS.values():
        used |= {f"col.{column}" for column in spec.columns}
        used |= {f"actions.{spec.key}.{part}" for part in ("title", "description", "threshold")}
    used |= {
        f"filter.{name}{suffix}" for name in ("segment", "channel", "region", "platform") for suffix in ("", "_help")
    }
    used |= {f"service.age.{order}" for order in range(1, 6)}

    assert sorted(used - set(STRINGS)) == []


def test_data_values_read_in_both_languages() -> None:
    assert value_label("wechat", "zh") == "微信"
    assert value_label("华东", "en") == "East China"
    assert value_label("北京", "en") == "Beijing"  # cities and industries through the catalogue
    assert value_label("互联网", "en") == "Internet"
    assert value_label("quality_control", "zh") == "品控部"
    assert value_label("some_new_code", "en") == "Some new code"
    assert value_label("冠军客户", "en") == "冠军客户"
    assert value_label(None, "zh") == "—"
    assert value_label(pd.NA, "en") == "—"
    # one code, three concepts, three names: the concept decides
    assert {value_label("at risk", "en", concept) for concept in ("lifecycle_stage", "service_tier")} == {
        "Lapsing (91-180 days)", "Win-back tier"}
    assert value_label("At risk", "zh", "rfm_segment") == "渐失常客"
    # customers without an order: the same name wherever their missing segment is shown
    assert value_label(None, "en", "rfm_segment") == value_label("(no order yet)", "en", "rfm_segment") == "No order yet"


def test_kpi_values_and_changes_read_in_their_unit() -> None:
    assert format_kpi(5010801.2, "cny") == "¥5,010,801"
    assert format_kpi(0.8523, "share") == "85.2%"
    assert format_kpi(4.84, "points") == "4.8"
    assert format_kpi(3.789, "score") == "3.79"
    assert format_kpi(461.0, "count") == "461"
    assert format_kpi(None, "cny") == "—"
    assert format_kpi_change(-1100.0, "cny") == "-¥1,100"
    assert format_kpi_change(0.012, "share") == "+1.2 pp"
    assert format_kpi_change(float("nan"), "count") is None


def test_migration_sankey_colours_segments_by_service_tier() -> None:
    migration = pd.DataFrame(
        {
            "from_segment": ["Champions", "(no order yet)"],
            "from_service_tier": ["high value", None],
            "to_segment": ["At risk", "Champions"],
            "to_service_tier": ["at risk", "high value"],
            "customers": [3, 2],
        }
    )

    sankey = segment_plots.migration_sankey(migration, "en").data[0]

    assert list(sankey.node.label) == ["Champions", "No order yet", "Slipping regulars", "Champions"]
    assert list(sankey.node.color) == ["#2e7d32", "#9e9e9e", "#e65100", "#2e7d32"]
    assert list(sankey.link.source) == [0, 1] and list(sankey.link.target) == [2, 3]
    assert list(segment_plots.migration_sankey(migration, "zh").data[0].node.label)[:2] == ["冠军客户", "尚未下单"]


def test_action_list_export_is_masked_localised_and_neutralised(serving_path: Path) -> None:
    spec = ACTION_LISTS["winback"]
    csv_text = actions_view.export(spec, "all", "all", None, "zh", "csv", COMPANY_MANAGER).decode("utf-8-sig")
    workbook = openpyxl.load_workbook(
        io.BytesIO(actions_view.export(spec, "all", "all", None, "en", "xlsx", COMPANY_MANAGER))
    )

    header, row = csv_text.splitlines()[:2]
    assert header.startswith("客户编号,姓名（脱敏）,手机（脱敏）,邮箱（脱敏）")
    assert "'=HYPERLINK(1)" in row and "冠军客户" in row and "华东" in row
    sheet = workbook["winback"]
    assert [cell.value for cell in sheet[1]][:2] == ["Customer id", "Name (masked)"]
    assert sheet["D2"].value == "'=HYPERLINK(1)" and sheet["D2"].data_type == "s"
    assert "East China" in [cell.value for cell in sheet[2]]
    # typed cells with number formats, a frozen header, fitted widths
    assert sheet.freeze_panes == "A2"
    headers = [cell.value for cell in sheet[1]]
    revenue = sheet.cell(row=2, column=headers.index("Lifetime revenue (¥)") + 1)
    assert isinstance(revenue.value, float) and revenue.number_format == "#,##0.00"
    last_order = sheet.cell(row=2, column=headers.index("Last order") + 1)
    assert last_order.is_date and last_order.number_format == "yyyy-mm-dd hh:mm"
    assert all(sheet.column_dimensions[letter].width for letter in "ABCD")
    downloads = [event for event in audit.events() if event["action"] == "list_download"]
    assert [(event["user"], event["customers"]) for event in downloads] == [("test-manager", 1)] * 2


def test_tables_show_every_missing_value_as_an_em_dash() -> None:
    frame = pd.DataFrame(
        {
            "amount": [1234.4, None],
            "score": pd.array([5, None], dtype="Int64"),
            "share": [0.8523, None],
            "at": pd.to_datetime(["2024-01-02 03:04", None]),
            "detail": ["Paid", None],
            "orders": [3, 4],
        }
    )
    columns = {
        "amount": layout.money("col.amount"),
        "score": layout.number("col.score", decimals=0),
        "share": layout.share("col.customer_share"),
        "at": layout.moment("col.event_at"),
        "detail": layout.text("col.detail"),
        "orders": layout.count("col.paid_orders"),
    }

    shown, configs = layout.dashed(frame, columns)

    assert shown.to_dict("list") == {
        "amount": ["¥1,234", "—"],
        "score": ["5", "—"],
        "share": ["85.2%", "—"],
        "at": ["2024-01-02 03:04", "—"],
        "detail": ["Paid", "—"],
        "orders": [3, 4],
    }
    assert configs["orders"] is columns["orders"]  # complete numbers stay typed
    assert {configs[column]["type_config"]["type"] for column in ("amount", "score", "share", "at")} == {"text"}


def test_the_at_risk_export_names_the_rules_that_fired_even_where_none_did(serving_path: Path) -> None:
    spec = ACTION_LISTS["at_risk"]
    csv_text = actions_view.export(spec, "all", "all", None, "zh", "csv", COMPANY_MANAGER).decode("utf-8-sig")
    assert "距上次下单时间拉长" in csv_text and "recency_rising" not in csv_text

    # a download frame is Arrow-backed: a customer without a fired rule holds <NA>, shown as an em dash
    rows = pd.DataFrame({column: [None, None] for column in spec.columns}).astype("string[pyarrow]")
    rows["churn_risk_reasons"] = pd.array(["recency_rising, low_nps", None], dtype="string[pyarrow]")
    shown = actions_view.shown_frame(rows, spec, "en")
    assert shown["churn_risk_reasons"].tolist() == ["Recency rising; Low NPS", "—"]


def test_the_timeline_names_details_and_dates_in_the_pages_language() -> None:
    events = pd.DataFrame(
        {
            "event_at": pd.to_datetime(["2024-03-01 10:00", "2024-02-01 09:00"]),
            "event_kind": ["tier", "survey"],
            "detail": ["gold", "(no score)"],
            "detail_from": ["silver", None],
            "amount_cny": [6000.0, None],
        }
    )

    figure = customer_plots.timeline_figure(events, "zh")

    assert [trace.text.tolist() for trace in figure.data] == [["未打 NPS 分"], ["白银会员 → 黄金会员"]]
    assert figure.layout.xaxis.tickformat == "%Y-%m"  # plotly's own ticks would say 'Mar 2024'
