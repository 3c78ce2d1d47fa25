"""Each page's queries (dashboards/sql) on the hand-made serving file: business truth, filters, limits,
and injection strings that stay values."""

from datetime import date
from pathlib import Path

import duckdb
import pytest

from dashboards.sql import actions, customer, quality, segments, service, voice

INJECTION = "'; drop table marts.customer_360; --"
M1, M2, M3, M4 = date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1), date(2024, 4, 1)


def customers_left(path: Path) -> int:
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.execute("select count(*) from marts.customer_360").fetchone()[0]


# Customer 360


@pytest.mark.parametrize(
    ("typed", "terms"),
    [
        ("张三", customer.SearchTerms(name_masked="张*")),
        ("John  Smith", customer.SearchTerms(name_masked="J*** S****")),
        ("王*", customer.SearchTerms(name_masked="王*")),
        ("+86 138-1234-5678", customer.SearchTerms(phone_masked="138****5678")),
        ("+1 415 555 0123", customer.SearchTerms(phone_masked="+14*****0123")),
        ("5678", customer.SearchTerms(phone_last4="5678")),
        ("Zhang@Example.com", customer.SearchTerms(email_masked="z***@example.com")),
        ("@QQ.com", customer.SearchTerms(email_domain="@qq.com")),
        ("c44910482", customer.SearchTerms(customer_id="C44910482", name_masked="c********")),
        ("   ", customer.SearchTerms()),
    ],
)
def test_search_masks_what_is_typed_like_the_marts(typed: str, terms: customer.SearchTerms) -> None:
    assert customer.search_terms(typed) == terms


def test_search_by_each_kind_of_term(serving_path: Path) -> None:
    typed = ("张三", "139 1234 5678", "13800000000", "0000", "@qq.com", "C2")
    found = {text: customer.search(text)["customer_id"].tolist() for text in typed}

    assert found == {
        "张三": ["C1"],
        "139 1234 5678": ["C2"],
        "13800000000": [],
        "0000": ["C3"],
        "@qq.com": ["C1", "C3"],
        "C2": ["C2"],
    }


def test_empty_search_lists_the_most_valuable_within_the_filters(serving_path: Path) -> None:
    assert customer.search("")["customer_id"].tolist()[:3] == ["C2", "C1", "C3"]
    assert customer.search("", segment="at risk")["customer_id"].tolist() == ["C3"]
    assert customer.search("", region="华东")["customer_id"].tolist() == ["C1", "C4"]


def test_profile_and_timeline(serving_path: Path) -> None:
    assert customer.profile("C1").iloc[0]["email_masked"] == "z***@qq.com"
    assert customer.profile("nobody").empty

    timeline = customer.timeline("C1")

    assert timeline["event_kind"].tolist() == ["mention", "survey", "tier", "interaction", "order", "order", "mention"]
    assert timeline["sentiment"].dropna().tolist() == ["negative", "negative", "positive"]
    assert timeline["amount_cny"].dropna().tolist() == [400.0, 280.0, 120.0]
    assert timeline["source_system"].dropna().tolist() == ["interactions"]  # the interaction names its source


def test_search_and_timeline_take_injection_as_a_value(serving_path: Path) -> None:
    assert customer.search(INJECTION, INJECTION, INJECTION).empty
    assert customer.timeline(INJECTION).empty
    assert customers_left(serving_path) == 5


# Segments


def test_segment_sizes_follow_tier_and_region(serving_path: Path) -> None:
    assert segments.segment_sizes()["customers"].sum() == 3
    assert segments.segment_sizes("high value")["segment"].tolist() == ["Champions", "Loyal"]
    assert segments.segment_sizes(region="华北")["revenue_net_cny"].tolist() == [1350.0]


def test_migration_between_two_months(serving_path: Path) -> None:
    assert segments.migration_months() == [M3, M4]

    everyone = segments.migration(M3, M4)
    high_value = segments.migration(M3, M4, "high value")

    assert everyone["customers"].sum() == 3
    assert set(everyone["from_segment"]) == {"Champions", "Loyal", "(no order yet)"}
    assert high_value["from_segment"].tolist() == ["Champions", "Loyal"]
    assert high_value["from_service_tier"].tolist() == ["high value", "high value"]


def test_lifecycle_stages_and_transitions(serving_path: Path) -> None:
    stages = segments.lifecycle_stages()

    assert stages[["lifecycle_stage", "customers"]].values.tolist() == [["prospect", 2], ["new", 1], ["active", 2]]
    assert segments.lifecycle_stages(region="西南")["customers"].tolist() == [1]
    transitions = segments.lifecycle_transitions(M1, M4)
    assert transitions[["to_stage", "customers"]].values.tolist() == [["at risk", 1], ["active", 2]]


def test_cohorts_tier_changes_and_cross_sell(serving_path: Path) -> None:
    assert segments.cohort_retention("first_order", M3, M4)["ordering_share"].tolist() == [1.0, 0.5]
    assert segments.cohort_retention("signup", M1, M4).empty
    assert segments.tier_changes(M1, M4)["customers"].sum() == 3
    assert segments.tier_changes(M1, M4, "at risk")["tier_change"].tolist() == ["downgrade"]
    assert segments.tier_changes(M1, M4, region="华北")["to_member_tier"].tolist() == ["gold"]
    assert segments.cross_sell()["lift"].tolist() == [1.25, 1.25]


def test_segment_queries_take_injection_as_a_value(serving_path: Path) -> None:
    assert segments.segment_sizes(INJECTION, INJECTION).empty
    assert segments.migration(M3, M4, INJECTION).empty
    assert segments.lifecycle_stages(INJECTION, INJECTION).empty
    assert segments.cohort_retention(INJECTION, M1, M4).empty
    assert segments.tier_changes(M1, M4, INJECTION, INJECTION).empty
    with pytest.raises(duckdb.ConversionException):
        segments.lifecycle_transitions(INJECTION, M4)
    assert customers_left(serving_path) == 5


# Voice of the customer


def test_survey_trend_and_breakdown(serving_path: Path) -> None:
    assert voice.survey_channels() == ["sms", "wechat"]
    assert voice.survey_trend(M1, M4)["nps"].tolist() == [10.0, 20.0]
    assert voice.survey_trend(M1, M4, channel="sms", segment="high value")["nps"].tolist() == [100.0]

    breakdown = voice.nps_breakdown(M4, M4).set_index(["breakdown", "value"])["nps"].to_dict()

    assert breakdown == {
        ("channel", "sms"): 50.0,
        ("channel", "wechat"): 0.0,
        ("segment", "high value"): 60.0,
        ("segment", "at risk"): -20.0,
    }


def test_dimensions_and_low_scores(serving_path: Path) -> None:
    dimensions = voice.dimension_scores(M1, M4)
    assert dimensions.loc[dimensions["is_below_target"], "dimension"].tolist() == ["product_quality"]

    assert voice.low_score_topics(M1, M4).values.tolist() == [["delivery", 1], ["no comment", 1]]
    low = voice.low_scores(M1, M4)
    assert low["nps_score"].tolist() == [5, 3]
    assert low.loc[low["nps_score"] == 3, "comment_keywords"].tolist() == ["慢, 快递"]
    assert voice.low_scores(M1, M4, channel="sms")["customer_id"].tolist() == ["C1"]
    assert voice.low_scores(M4, M4, segment="high value").empty
    # the segment is the respondent's tier at the end of the month sent (C1: high value in M3, at risk in M4)
    by_tier = voice.low_scores(M1, M4, segment="high value")
    assert by_tier[["customer_id", "customer_segment"]].values.tolist() == [["C1", "high value"]]
    assert voice.low_scores(M1, M4, segment="at risk").empty
    assert voice.low_scores(M1, M4, segment="unknown")["nps_score"].tolist() == [5]


def test_social_volume_topics_keywords_and_spikes(serving_path: Path) -> None:
    assert voice.platforms() == ["wechat", "weibo"]
    assert voice.social_volume(M1, M4)["mentions"].sum() == 33
    assert voice.social_volume(M1, M4, "weibo")["negative_mentions"].tolist() == [12]
    assert voice.topics(M4, M4)["topic"].tolist() == ["delivery", "price"]
    assert voice.keywords(M1, M4, "zh")["keyword"].tolist() == ["快递"]
    assert voice.keywords(M1, M4, "en")["keyword"].tolist() == ["delivery"]
    assert voice.negative_daily(M1, M4)["negative_mentions"].tolist() == [8, 15]
    assert voice.spikes(M1, M4)["negative_mentions"].tolist() == [15]
    assert voice.spikes(M1, M4, "wechat")["posted_date"].dt.date.tolist() == [date(2024, 2, 5)]
    examples = voice.spike_examples(date(2024, 4, 10), "all")
    assert examples["engagements"].tolist() == [60, 1]
    assert voice.spike_examples(date(2024, 4, 10), "weibo")["keywords"].tolist() == ["快递, 太慢"]


def test_voice_queries_take_injection_as_a_value(serving_path: Path) -> None:
    assert voice.survey_trend(M1, M4, INJECTION, INJECTION).empty
    assert voice.nps_breakdown(M1, M4, INJECTION, INJECTION).empty
    assert voice.low_scores(M1, M4, INJECTION, INJECTION).empty
    assert voice.social_volume(M1, M4, INJECTION).empty
    assert voice.keywords(M1, M4, INJECTION).empty
    assert voice.spikes(M1, M4, INJECTION).empty
    assert customers_left(serving_path) == 5


# Service


def test_sla_backlog_complaints_and_requirements(serving_path: Path) -> None:
    assert service.service_channels() == ["phone", "wechat"]
    assert service.sla_monthly(M1, M4)["first_response_breaches"].tolist() == [0, 2]
    assert service.sla_monthly(M1, M4)[["first_response_sla_unknown", "resolution_sla_unknown"]].values.tolist() == [
        [0, 0], [1, 2]]
    assert service.sla_monthly(M1, M4, "phone")["first_response_sla_rate"].tolist() == [0.5]
    assert service.sla_monthly(M1, M4, kind="requirement")["resolution_rate"].tolist() == pytest.approx([1.0, 2 / 3])
    assert service.sla_targets(M4) == {}
    assert service.backlog()["open_tickets"].tolist() == [2, 1]
    complaints = service.complaints(M1, M4)
    assert complaints[["category", "complaints"]].values.tolist() == [["delivery", 2], ["price", 1]]
    assert complaints["resolution_sla_rate"].tolist() == [0.5, 1.0]
    assert service.sla_monthly(M1, M4, INJECTION, INJECTION).empty
    by_source = service.sla_by_source(M1, M4)
    assert by_source.astype(object).where(by_source.notna(), None).to_dict("records") == [
        {"source_system": "helpdesk", "tickets": 1, "first_response_sla_rate": None, "resolution_sla_rate": None,
         "first_response_sla_unknown": 1, "resolution_sla_unknown": 1},
        {"source_system": "interactions", "tickets": 1, "first_response_sla_rate": 1.0, "resolution_sla_rate": 0.0,
         "first_response_sla_unknown": 0, "resolution_sla_unknown": 0},
    ]
    assert service.sla_by_source(M1, M4, "phone")["source_system"].tolist() == ["interactions"]


# Data quality


def test_quality_by_source(serving_path: Path) -> None:
    assert quality.sources() == ["crm", "orders"]
    assert quality.checks_published()
    checks = quality.latest_checks()
    assert checks["success"].tolist() == [False, True, True]  # failures first
    assert quality.latest_checks("crm")["asset"].tolist() == ["raw/crm__customers"]
    assert quality.quarantine("orders")["reason"].tolist() == ["missing key: order_id"]
    assert quality.freshness()["source_table"].tolist() == ["orders__orders", "crm__customers"]  # stale first
    assert quality.completeness("surveys")["field"].tolist() == ["customer_id"]
    assert quality.loads()["rows_quarantined"].tolist() == [1, 2]
    assert quality.latest_checks(INJECTION).empty
    assert quality.quarantine(INJECTION).empty


# Action lists


def test_every_action_list_with_its_filters(serving_path: Path) -> None:
    found = {key: actions.rows(key)["customer_id"].tolist() for key in actions.ACTION_LISTS}

    assert found == {
        "at_risk": ["C3"],
        "winback": ["C1"],
        "vip_upgrade": ["C2"],
        "high_value_uncontacted": ["C2", "C1"],
        "birthdays": ["C4"],
    }
    assert actions.rows("high_value_uncontacted", region="华东")["customer_id"].tolist() == ["C1"]
    assert actions.rows("high_value_uncontacted", segment="at risk").empty
    assert actions.rows("high_value_uncontacted", threshold=100)["customer_id"].tolist() == ["C2"]
    assert actions.rows("vip_upgrade", threshold=600).empty
    assert actions.rows("high_value_uncontacted", limit=1)["customer_id"].tolist() == ["C2"]
    # a download is the same list, whole and uncached, with the same filters
    assert actions.download_rows("high_value_uncontacted")["customer_id"].tolist() == ["C2", "C1"]
    assert actions.download_rows("high_value_uncontacted", region="华东")["customer_id"].tolist() == ["C1"]
    assert actions.summary("high_value_uncontacted")[["segment", "customers"]].values.tolist() == [
        ["Champions", 1],
        ["Loyal", 1],
    ]


def test_every_action_list_has_the_columns_it_shows(serving_path: Path) -> None:
    for key, spec in actions.ACTION_LISTS.items():
        shown = set(actions.rows(key).columns)
        assert set(spec.columns) <= shown, (key, set(spec.columns) - shown)


def test_action_lists_take_injection_as_a_value(serving_path: Path) -> None:
    for key in actions.ACTION_LISTS:
        assert actions.rows(key, INJECTION, INJECTION).empty
        assert actions.summary(key, INJECTION, INJECTION).empty
        assert actions.download_rows(key, INJECTION, INJECTION).empty
    with pytest.raises(KeyError):
        actions.rows(INJECTION)
    assert customers_left(serving_path) == 5
