"""The app as a user meets it, through Streamlit's AppTest (no browser, no server), on the hand-made
serving file (dashboard_serving.py says what it holds)."""

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboards.filters import store_key, widget_key

APP_PATH = Path(__file__).resolve().parents[2] / "dashboards" / "app.py"
INJECTION = "'; drop table marts.customer_360; --"
TITLES = {
    "overview": ("Customer overview", "客户概览"),
    "customer": ("Customer 360", "客户 360 视图"),
    "segments": ("Segments", "客群分析"),
    "voice": ("Voice of the customer", "客户之声"),
    "service": ("Service", "客户服务"),
    "quality": ("Data quality", "数据质量"),
    "actions": ("Action lists", "行动清单"),
}


def run_app() -> AppTest:
    app = AppTest.from_file(str(APP_PATH), default_timeout=30)
    app.run()
    assert not app.exception, [exception.value for exception in app.exception]
    return app


def open_page(app: AppTest, url_path: str) -> AppTest:
    """Open a page by its url path. AppTest.switch_page only finds pages that are script files; ours are
    callables (dashboards/views), so the page is looked up in the registry st.navigation filled."""
    if url_path != "overview":
        pages = app._registered_pages.items()
        app._page_hash = next(page for page, info in pages if info.get("url_pathname") == url_path)
    app.run()
    assert not app.exception, [exception.value for exception in app.exception]
    return app


def metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def choose(app: AppTest, name: str, value: str, lang: str = "en") -> AppTest:
    """Pick ``value`` in the sidebar filter ``name`` and rerun."""
    app.sidebar.selectbox(key=widget_key(name, lang)).set_value(value).run()
    assert not app.exception, [exception.value for exception in app.exception]
    return app


def table(app: AppTest, column: str | None = None) -> pd.DataFrame:
    """The first table shown behind a chart, or the first that has ``column``."""
    frames = [expander.dataframe[0].value for expander in app.expander if expander.dataframe]
    return next(frame for frame in frames if column is None or column in frame)


# Every page


@pytest.mark.parametrize("page", list(TITLES))
def test_every_page_renders_and_speaks_chinese(serving_path: Path, page: str) -> None:
    app = open_page(run_app(), page)
    assert app.title[0].value == TITLES[page][0]
    assert "test-build-1" in app.caption[0].value
    assert app.get("plotly_chart")

    app.sidebar.segmented_control(key="lang").set_value("zh").run()

    assert not app.exception, [exception.value for exception in app.exception]
    assert app.title[0].value == TITLES[page][1]
    labels = [subheader.value for subheader in app.subheader] + [metric.label for metric in app.metric]
    assert labels
    assert all(any(ord(character) > 0x2E80 for character in label) for label in labels), labels


def test_insight_lang_sets_the_starting_language(serving_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSIGHT_LANG", "zh")

    app = run_app()

    assert app.title[0].value == "客户概览"


def test_missing_serving_file_shows_the_bilingual_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSIGHT_SERVING_PATH", str(tmp_path / "not-yet.duckdb"))

    app = run_app()

    message = app.main.warning[0].value
    assert "No published warehouse yet — run `insight build`" in message
    assert "尚未发布数据仓库" in message
    assert not app.metric
    assert not (tmp_path / "not-yet.duckdb").exists()


# Filters shared by the pages


def test_month_filter_persists_across_pages_and_a_language_switch(serving_path: Path) -> None:
    app = run_app()
    app.sidebar.select_slider(key=widget_key("months")).set_range(date(2024, 2, 1), date(2024, 3, 1)).run()

    open_page(app, "service")
    assert app.sidebar.select_slider(key=widget_key("months")).value == (date(2024, 2, 1), date(2024, 3, 1))
    app.sidebar.segmented_control(key="lang").set_value("zh").run()
    open_page(app, "voice")

    assert app.sidebar.select_slider(key=widget_key("months")).value == (date(2024, 2, 1), date(2024, 3, 1))


def test_segment_and_region_persist_across_pages(serving_path: Path) -> None:
    app = open_page(run_app(), "customer")
    choose(app, "segment", "high value")
    choose(app, "region", "华北")

    open_page(app, "actions")

    assert app.sidebar.selectbox(key=widget_key("segment", "en")).value == "high value"
    assert app.sidebar.selectbox(key=widget_key("region", "en")).value == "华北"


def test_a_channel_one_page_lacks_is_kept_for_the_page_that_has_it(serving_path: Path) -> None:
    app = open_page(run_app(), "service")
    choose(app, "channel", "phone")

    open_page(app, "voice")
    assert app.sidebar.selectbox(key=widget_key("channel", "en")).value == "all"
    open_page(app, "service")

    assert app.sidebar.selectbox(key=widget_key("channel", "en")).value == "phone"


def test_a_kept_filter_value_that_is_not_an_option_filters_nothing(serving_path: Path) -> None:
    app = run_app()
    for name in ("segment", "channel", "region", "platform"):
        app.session_state[store_key(name)] = INJECTION

    for page in ("customer", "segments", "voice", "service", "actions"):
        open_page(app, page)
        assert [selectbox.value for selectbox in app.sidebar.selectbox] == ["all"] * len(app.sidebar.selectbox)

    with duckdb.connect(str(serving_path), read_only=True) as connection:
        assert connection.execute("select count(*) from marts.customer_360").fetchone()[0] == 5


# Time


@pytest.mark.parametrize("page", ["overview", "segments", "quality"])
def test_every_page_says_as_of_and_today_and_warns_when_the_data_is_stale(
    serving_path: Path, page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_page(run_app(), page)

    assert f"Data as of 2024-04-30 · today {date.today():%Y-%m-%d}" in app.caption[0].value
    stale = [warning.value for warning in app.warning if "INSIGHT_STALE_AFTER_DAYS" in warning.value]
    assert len(stale) == 1 and f"{(date.today() - date(2024, 4, 30)).days} days old" in stale[0]

    monkeypatch.setenv("INSIGHT_STALE_AFTER_DAYS", str((date.today() - date(2024, 4, 30)).days))
    app = open_page(run_app(), page)
    assert not [warning for warning in app.warning if "INSIGHT_STALE_AFTER_DAYS" in warning.value]


def test_the_quality_page_shows_the_churn_models_calibration_by_decile(serving_path: Path) -> None:
    app = open_page(run_app(), "quality")

    assert any("Churn model calibration" == header.value for header in app.subheader)
    calibration = next(frame.value for frame in app.dataframe if "calibration_gap" in frame.value)
    assert calibration["decile"].tolist() == [1, 2, 3]
    assert calibration["observed_rate"].tolist() == [0.1, 0.4, 0.9]


def test_the_customer_card_labels_the_rule_score_and_the_model_probability(serving_path: Path) -> None:
    app = open_page(run_app(), "customer")

    texts = [element.value for element in (*app.markdown, *app.caption)]
    assert any(text.startswith("Churn model: probability of no paid order in the next 180 days") for text in texts)
    assert any(text.startswith("How to read them together: the warning score") for text in texts)
    assert any(text.startswith("**Warning rules that fired") for text in texts)


def test_the_quality_page_explains_how_contacts_are_linked_to_customers(serving_path: Path) -> None:
    app = open_page(run_app(), "quality")

    linking = next(frame.value for frame in app.dataframe if "linked_share" in frame.value)
    assert linking["source_table"].tolist() == ["interactions__interactions", "surveys__responses"]
    assert (linking["linked"] <= linking["records"]).all()
    assert any("arrived without a customer id" in caption.value for caption in app.caption)


def test_the_quality_page_does_not_call_old_data_fresh(serving_path: Path) -> None:
    app = open_page(run_app(), "quality")

    assert not [success for success in app.success if "runs to" in success.value]
    assert any("runs only to 2024-04-30" in warning.value for warning in app.warning)


# Overview


def test_overview_shows_the_last_months_kpis_against_target(serving_path: Path) -> None:
    app = run_app()

    assert metrics(app) == {
        "Revenue (net CNY)": "¥250",
        "Active customers (90 d)": "3",
        "NPS": "20.0",
        "Complaints": "2",
        "Customers": "5",
        "Buyers": "3",
        "Revenue (net, CNY)": "¥2,000",
        "Paid orders": "4",
        "Average order value": "¥500.00",
    }
    revenue = next(metric for metric in app.metric if metric.label == "Revenue (net CNY)")
    assert revenue.delta == "-¥1,100"
    # the tooltip says what the KPI counts and how its target is set (the catalogue of definitions)
    assert revenue.help.startswith("Paid orders' amounts in CNY net of refunds")
    assert "Target: the same month last year +10 %." in revenue.help


def alert_warnings(app: AppTest) -> list[str]:
    """The overview's warning alerts, without the stale-data warning under the title (the hand-made data is old)."""
    return [warning.value for warning in app.main.warning if "INSIGHT_STALE_AFTER_DAYS" not in warning.value]


def test_overview_alerts_name_missed_targets_spikes_and_sla_breaches(serving_path: Path) -> None:
    app = run_app()

    missed = app.error[0].value
    assert "NPS: 20.0 (target 30.0)" in missed and "Complaints: 2 (target 1)" in missed
    spikes, sla = alert_warnings(app)
    assert "2024-04-10 · Weibo: 12 negative mentions, 4.0× the usual, mostly Delivery" in spikes
    assert "No first response within 1 h: 2 tickets (80.0% on time)" in sla


def test_month_filter_changes_the_kpis_totals_and_alerts(serving_path: Path) -> None:
    app = run_app()

    app.sidebar.select_slider(key=widget_key("months")).set_range(date(2024, 1, 1), date(2024, 3, 1)).run()

    assert not app.exception
    numbers = metrics(app)
    assert (numbers["Revenue (net CNY)"], numbers["NPS"], numbers["Complaints"]) == ("¥1,350", "40.0", "0")
    assert (numbers["Buyers"], numbers["Revenue (net, CNY)"], numbers["Paid orders"]) == ("2", "¥1,750", "3")
    assert not app.error and not alert_warnings(app)
    assert app.success[0].value == "No alerts this month."
    assert table(app)["month"].dt.strftime("%Y-%m").tolist() == ["2024-01", "2024-02", "2024-03"]


def test_overview_in_chinese_keeps_the_numbers(serving_path: Path) -> None:
    app = run_app()

    app.sidebar.segmented_control(key="lang").set_value("zh").run()

    numbers = metrics(app)
    assert (numbers["营收（净额，元）"], numbers["净推荐值 NPS"], numbers["净收入（人民币）"]) == (
        "¥250",
        "20.0",
        "¥2,000",
    )
    assert "净推荐值 NPS：20.0（目标 30.0）" in app.error[0].value


# Customer 360


def customer_options(app: AppTest) -> list[str]:
    return app.selectbox(key="customer_pick").options


def test_customer_search_matches_masked_forms(serving_path: Path) -> None:
    app = open_page(run_app(), "customer")
    found = {}
    for typed in ("张三", "+86 138-1234-1234", "5678", "li", "Zhang@QQ.com", "c3"):
        app.text_input(key="customer_search").input(typed).run()
        assert not app.exception
        found[typed] = [option.split(" · ")[0] for option in customer_options(app)]

    assert found == {
        "张三": ["C1"],
        "+86 138-1234-1234": ["C1"],
        "5678": ["C2"],
        "li": ["C2"],
        "Zhang@QQ.com": ["C1"],
        "c3": ["C3"],
    }


def test_customer_profile_card_value_and_risk(serving_path: Path) -> None:
    app = open_page(run_app(), "customer")

    app.text_input(key="customer_search").input("C3").run()

    numbers = metrics(app)
    assert numbers["Lifetime revenue (¥)"] == "¥250"
    assert numbers["Paid orders"] == "1"
    markdown = " ".join(block.value for block in app.markdown)
    # the rules that fired, named by the catalogue's churn_rule concept
    assert "- Recency rising" in markdown and "- More complaints than the prior period" in markdown
    assert "137\\*\\*\\*\\*0000" in markdown  # masked phone, stars escaped so markdown keeps them
    timeline = table(app)
    assert timeline["event_kind"].tolist() == ["Member tier", "Interaction", "Order", "Order"]
    assert timeline["detail"].tolist() == ["Silver member → No member tier", "Inquiry", "Paid", "Cancelled"]

    app.sidebar.segmented_control(key="lang").set_value("zh").run()

    markdown = " ".join(block.value for block in app.markdown)
    assert "- 距上次下单时间拉长" in markdown and "- 投诉增加" in markdown
    assert table(app)["detail"].tolist() == ["白银会员 → 无会员等级", "咨询", "已付款", "已取消"]
    app.sidebar.segmented_control(key="lang").set_value("en").run()

    app.text_input(key="customer_search").input("C1").run()

    assert "2 post(s) · latest Negative · mean sentiment -0.40" in " ".join(block.value for block in app.markdown)


def test_customer_search_follows_the_segment_and_region_filters(serving_path: Path) -> None:
    app = open_page(run_app(), "customer")
    assert len(customer_options(app)) == 5

    choose(app, "segment", "high value")
    assert [option.split(" · ")[0] for option in customer_options(app)] == ["C2", "C1"]
    choose(app, "region", "华东")

    assert [option.split(" · ")[0] for option in customer_options(app)] == ["C1"]


def test_injection_in_the_customer_search_finds_nothing_and_breaks_nothing(serving_path: Path) -> None:
    app = open_page(run_app(), "customer")

    app.text_input(key="customer_search").input(INJECTION).run()

    assert not app.exception
    assert app.info[0].value.startswith("No customer matches")
    with duckdb.connect(str(serving_path), read_only=True) as connection:
        assert connection.execute("select count(*) from marts.customer_360").fetchone()[0] == 5


# Segments


def test_segment_and_region_filters_change_the_segment_sizes(serving_path: Path) -> None:
    app = open_page(run_app(), "segments")
    assert table(app)["customers"].sum() == 3

    choose(app, "region", "华北")

    assert table(app)[["segment", "customers"]].values.tolist() == [["Loyal", 1]]


def test_month_filter_changes_the_tier_movements(serving_path: Path) -> None:
    app = open_page(run_app(), "segments")
    assert len(table(app, "tier_change")) == 3

    app.sidebar.select_slider(key=widget_key("months")).set_range(date(2024, 4, 1), date(2024, 4, 1)).run()

    assert table(app, "tier_change")["tier_change"].tolist() == ["Downgrade"]


# Voice of the customer


def test_channel_and_segment_filters_change_the_nps(serving_path: Path) -> None:
    app = open_page(run_app(), "voice")
    assert table(app)["nps"].tolist() == [10.0, 20.0]

    choose(app, "channel", "sms")
    assert table(app)["nps"].tolist() == [50.0]
    choose(app, "segment", "high value")

    assert table(app)["nps"].tolist() == [100.0]


def test_platform_filter_changes_the_social_volume(serving_path: Path) -> None:
    app = open_page(run_app(), "voice")
    assert table(app, "engagements")["mentions"].sum() == 10 + 15 + 8

    choose(app, "platform", "weibo")

    assert table(app, "engagements")["platform"].tolist() == ["Weibo"]


# Service


def test_channel_filter_changes_the_sla_figures(serving_path: Path) -> None:
    app = open_page(run_app(), "service")
    assert metrics(app)["First response within 1 h"] == "80.0%"
    # the tickets whose SLA is unknown are counted beside the rates, not in them
    assert any("Not in the rates: 1 ticket(s) with an unknown first response and 2 with an unknown resolution"
               in caption.value for caption in app.caption)
    # two sources send tickets: their figures side by side, named by the catalogue (or by their own name)
    [by_source] = [frame.value for frame in app.dataframe if "source_system" in frame.value.columns]
    assert by_source["source_system"].tolist() == ["Helpdesk", "Service desk"]

    choose(app, "channel", "phone")

    assert metrics(app)["First response within 1 h"] == "50.0%"


# Data quality


def test_source_filter_changes_the_checks_and_quarantine(serving_path: Path) -> None:
    app = open_page(run_app(), "quality")
    assert (metrics(app)["Passed"], metrics(app)["Failed"], metrics(app)["Rows read"]) == ("2", "1", "106")

    app.selectbox(key="quality_source.en").set_value("crm").run()

    assert (metrics(app)["Passed"], metrics(app)["Failed"], metrics(app)["Rows read"]) == ("1", "0", "6")


def test_quality_page_before_any_check_has_run(serving_path: Path) -> None:
    with duckdb.connect(str(serving_path)) as connection:
        connection.execute("drop table meta.check_results")

    app = open_page(run_app(), "quality")

    assert app.info[0].value == "No checks recorded yet."
    assert metrics(app)["Rows read"] == "106"


# Action lists


def test_each_action_list_shows_its_customers(serving_path: Path) -> None:
    app = open_page(run_app(), "actions")
    seen = {}
    for key in ("at_risk", "winback", "vip_upgrade", "high_value_uncontacted", "birthdays"):
        app.pills(key="actions_list").set_value(key).run()
        assert not app.exception
        seen[key] = app.dataframe[0].value["customer_id"].tolist()

    assert seen == {
        "at_risk": ["C3"],
        "winback": ["C1"],
        "vip_upgrade": ["C2"],
        "high_value_uncontacted": ["C2", "C1"],
        "birthdays": ["C4"],
    }


def test_relative_action_lists_name_their_week_and_month(serving_path: Path) -> None:
    app = open_page(run_app(), "actions")
    # the hand-made data's as-of date is Tuesday 2024-04-30: its week starts on Monday 2024-04-29
    assert "week of 2024-04-29" in app.caption[1].value
    app.pills(key="actions_list").set_value("birthdays").run()

    assert "birthday is in 2024-04" in app.caption[1].value


def test_action_list_filters_change_the_list(serving_path: Path) -> None:
    app = open_page(run_app(), "actions")
    app.pills(key="actions_list").set_value("high_value_uncontacted").run()
    assert metrics(app)["Customers on the list"] == "2"

    choose(app, "region", "华北")
    assert metrics(app)["Customers on the list"] == "1"
    choose(app, "region", "all")
    app.number_input(key="actions_threshold_high_value_uncontacted").set_value(100).run()

    assert app.dataframe[0].value["customer_id"].tolist() == ["C2"]  # never contacted counts as long ago


def test_action_lists_show_masked_personal_data_only(serving_path: Path) -> None:
    app = open_page(run_app(), "actions")

    shown = app.dataframe[0].value

    assert {"name_masked", "phone_masked", "email_masked"} <= set(shown.columns)
    assert not {"name", "phone", "email", "birthday"} & set(shown.columns)
