"""The app as a user meets it, through Streamlit's AppTest (no browser, no server)."""

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP_PATH = Path(__file__).resolve().parents[2] / "dashboards" / "app.py"


def run_app() -> AppTest:
    app = AppTest.from_file(str(APP_PATH), default_timeout=30)
    app.run()
    assert not app.exception, [exception.value for exception in app.exception]
    return app


def metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def test_overview_shows_the_known_totals(serving_path: Path) -> None:
    app = run_app()

    assert metrics(app) == {
        "Customers": "5",
        "Buyers": "3",
        "Revenue (net, CNY)": "¥2,000",
        "Paid orders": "4",
        "Average order value": "¥500.00",
    }
    assert app.title[0].value == "Customer overview"
    published = app.caption[0].value
    assert "2024-04-30" in published and "test-build-1" in published


def test_overview_draws_its_charts_with_tables_behind_them(serving_path: Path) -> None:
    app = run_app()

    assert len(app.get("plotly_chart")) == 3
    assert len(app.expander) == 3
    assert all(len(expander.get("dataframe")) == 1 for expander in app.expander)


def test_switching_to_chinese_relabels_the_page(serving_path: Path) -> None:
    app = run_app()

    app.sidebar.segmented_control(key="lang").set_value("zh").run()

    assert not app.exception
    assert app.session_state["lang"] == "zh"
    assert app.title[0].value == "客户概览"
    assert metrics(app) == {
        "客户数": "5",
        "购买客户": "3",
        "净收入（人民币）": "¥2,000",
        "已付订单": "4",
        "客单价": "¥500.00",
    }
    assert [subheader.value for subheader in app.subheader] == ["月度收入与已付订单", "RFM 客群分布", "服务层级"]


def test_insight_lang_sets_the_starting_language(serving_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSIGHT_LANG", "zh")

    app = run_app()

    assert app.title[0].value == "客户概览"


def test_month_filter_changes_the_revenue_numbers(serving_path: Path) -> None:
    app = run_app()
    months = app.select_slider(key="overview_months")
    assert months.value == (date(2024, 1, 1), date(2024, 4, 1))

    months.set_range(date(2024, 3, 1), date(2024, 4, 1)).run()

    assert not app.exception
    assert metrics(app) == {
        "Customers": "5",
        "Buyers": "2",
        "Revenue (net, CNY)": "¥1,600",
        "Paid orders": "2",
        "Average order value": "¥800.00",
    }


def test_month_filter_survives_a_language_switch(serving_path: Path) -> None:
    app = run_app()
    app.select_slider(key="overview_months").set_range(date(2024, 1, 1), date(2024, 2, 1)).run()

    app.sidebar.segmented_control(key="lang").set_value("zh").run()

    assert metrics(app)["净收入（人民币）"] == "¥400"


def test_missing_serving_file_shows_the_bilingual_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSIGHT_SERVING_PATH", str(tmp_path / "not-yet.duckdb"))

    app = run_app()

    message = app.warning[0].value
    assert "No published warehouse yet — run `insight build`" in message
    assert "尚未发布数据仓库" in message
    assert not app.metric
    assert not (tmp_path / "not-yet.duckdb").exists()
