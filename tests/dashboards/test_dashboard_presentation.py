"""Strings, number formats, chart builders and the page registry, without a running app."""

from datetime import date, datetime, timezone

import pandas as pd
import pytest

from dashboards import charts
from dashboards.formatting import format_cny, format_count, format_date, format_month, format_timestamp
from dashboards.i18n import LANGUAGES, STRINGS, both, default_lang, t
from dashboards.navigation import discover_pages

SEGMENTS = pd.DataFrame(
    {
        "segment": ["Champions", "At risk", None],
        "segment_zh": ["冠军客户", "流失风险客户", None],
        "service_tier": ["high value", "at risk", None],
        "service_tier_zh": ["高价值", "风险", None],
        "customers": [10, 5, 2],
        "revenue_net_cny": [5000.0, 800.0, 0.0],
    }
)
MONTHLY = pd.DataFrame(
    {
        "order_month": pd.to_datetime(["2024-01-01", "2024-02-01"]),
        "revenue_net_cny": [120.0, 280.0],
        "paid_orders": [1, 1],
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
    english = charts.monthly_revenue_figure(MONTHLY, "en")
    chinese = charts.monthly_revenue_figure(MONTHLY, "zh")

    assert [trace.name for trace in english.data] == ["Revenue (net, ¥)", "Paid orders"]
    assert list(english.data[0].x) == ["2024-01", "2024-02"]
    assert [trace.name for trace in chinese.data] == ["净收入（¥）", "已付订单"]
    assert chinese.layout.xaxis.title.text == "月份"
    assert list(english.data[0].y) == [120.0, 280.0]


def test_segment_figure_uses_the_bilingual_names_from_the_data() -> None:
    english = charts.segment_mix_figure(SEGMENTS, "en")
    chinese = charts.segment_mix_figure(SEGMENTS, "zh")

    assert list(english.layout.yaxis.categoryarray) == ["Champions", "At risk", "Unclassified"]
    assert list(chinese.layout.yaxis.categoryarray) == ["冠军客户", "流失风险客户", "未分类"]
    assert [trace.name for trace in chinese.data if trace.showlegend is not False] == ["高价值", "风险", "未分类"]


def test_segment_figure_has_one_colour_per_tier_and_both_measures() -> None:
    figure = charts.segment_mix_figure(SEGMENTS, "en")

    customers = {trace.name: (list(trace.y), list(trace.x)) for trace in figure.data if trace.xaxis == "x"}
    revenue = {trace.name: (list(trace.y), list(trace.x)) for trace in figure.data if trace.xaxis == "x2"}
    assert customers == {
        "high value": (["Champions"], [10]),
        "at risk": (["At risk"], [5]),
        "Unclassified": (["Unclassified"], [2]),
    }
    assert revenue["high value"] == (["Champions"], [5000.0])
    assert [trace.marker.color for trace in figure.data if trace.xaxis == "x"] == ["#2e7d32", "#e65100", "#9e9e9e"]


def test_tier_figure_has_a_donut_for_customers_and_one_for_revenue() -> None:
    chinese = charts.tier_mix_figure(SEGMENTS, "zh")

    assert [trace.type for trace in chinese.data] == ["pie", "pie"]
    assert list(chinese.data[0].labels) == ["高价值", "风险", "未分类"]
    assert list(chinese.data[1].values) == [5000.0, 800.0, 0.0]


def test_pages_are_discovered_with_overview_first() -> None:
    specs = discover_pages()

    assert specs[0].url_path == "overview"
    assert len({spec.url_path for spec in specs}) == len(specs)
    assert all(spec.title_key in STRINGS for spec in specs)
