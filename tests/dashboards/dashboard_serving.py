"""A tiny hand-made serving file, written with the tables and columns of the serving contract.

Known totals of the default data (orders are paid unless said otherwise):
    C1: O1 2024-01 ¥120, O2 2024-02 ¥280
    C2: O3 2024-02 refunded in full (not paid, net ¥0), O4 2024-03 ¥1,350
    C3: O5 2024-03 cancelled (not paid), O6 2024-04 ¥260 less a ¥10 refund = ¥250
    C4, C5: no orders
  all months:   5 customers, 3 buyers, 4 paid orders, revenue ¥2,000, average order value ¥500.00
  2024-03..04:  2 buyers, 2 paid orders, revenue ¥1,600, average order value ¥800.00
  RFM: C1 Champions (high value, ¥400), C2 Loyal (high value, ¥1,350), C3 At risk (at risk, ¥250)

The other marts hold a few rows each, enough to tell every filter's effect apart:
  customers: C1 张* 华东 138****1234 z***@qq.com, C2 L* 华北 139****5678 l***@163.com, C3 王* 华南 (churn
    risk 75), C4 陈* 华东 (no order, birthday this month), C5 M* 西南 (no order)
  KPIs (kpi_monthly), 2024-01..04: April misses its NPS and complaints targets, March misses none
  negative spikes: 2024-04-10 on weibo and over all platforms, 2024-02-05 on wechat
  service (service_sla_monthly): April 10 tickets, 2 without a first response in 1 h, 1 not resolved in
    24 h, 1 complaint without a follow-up call; by phone 6 tickets, 3 late first responses; March none late
  surveys (survey_scores_monthly): NPS overall 10.0 in March, 20.0 in April; by sms 50.0 in April
  action lists: at risk C3; win-back C1; VIP upgrade C2; high value not contacted C1, C2; birthdays C4
"""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import duckdb

AS_OF = date(2024, 4, 30)


class Order(NamedTuple):
    order_id: str
    customer_id: str
    ordered_at: datetime
    status: str
    amount_cny: Decimal
    refund_amount_cny: Decimal = Decimal("0")


ORDERS = (
    Order("O1", "C1", datetime(2024, 1, 10, 10, 0), "paid", Decimal("120.00")),
    Order("O2", "C1", datetime(2024, 2, 5, 12, 30), "paid", Decimal("280.00")),
    Order("O3", "C2", datetime(2024, 2, 20, 9, 0), "refunded", Decimal("80.00"), Decimal("80.00")),
    Order("O4", "C2", datetime(2024, 3, 3, 15, 0), "paid", Decimal("1350.00")),
    Order("O5", "C3", datetime(2024, 3, 15, 11, 0), "cancelled", Decimal("60.00")),
    Order("O6", "C3", datetime(2024, 4, 1, 18, 0), "paid", Decimal("260.00"), Decimal("10.00")),
)

# customer_id, name_masked, city, segment, service_tier, monetary
CUSTOMERS = (
    ("C1", "张*", "上海", "Champions", "high value", Decimal("400.00")),
    ("C2", "L*", "北京", "Loyal", "high value", Decimal("1350.00")),
    ("C3", "王*", "深圳", "At risk", "at risk", Decimal("250.00")),
    ("C4", "陈*", "杭州", None, None, None),
    ("C5", "M*", "成都", None, None, None),
)

# customer_id -> the rest of its customer_360 row
PROFILES = {
    "C1": {
        "region": "华东",
        "phone_masked": "138****1234",
        "email_masked": "z***@qq.com",
        "gender": "F",
        "lifetime_orders": 2,
        "lifetime_revenue": Decimal("400.00"),
        "avg_order_value": Decimal("200.00"),
        "revenue_12m": Decimal("400.00"),
        "last_order_at": datetime(2024, 2, 5, 12, 30),
        "recency_days": 85,
        "r_score": 3,
        "f_score": 4,
        "m_score": 3,
        "lifecycle_stage": "active",
        "member_tier": "silver",
        "churn_risk_score": 20,
        "churn_probability": 0.2,
        "probability_alive": 0.9,
        "predicted_clv_12m": Decimal("300.00"),
        "tags": "recent complaint",
        "social_mentions_total": 2,
        "last_mention_at": datetime(2024, 4, 20, 8, 0),
        "social_sentiment_score": -0.4,
        "latest_social_sentiment": "negative",
        "last_contact_at": datetime(2024, 2, 10, 9, 0),
    },
    "C2": {
        "region": "华北",
        "phone_masked": "139****5678",
        "email_masked": "l***@163.com",
        "gender": "M",
        "lifetime_orders": 1,
        "lifetime_revenue": Decimal("1350.00"),
        "avg_order_value": Decimal("1350.00"),
        "revenue_12m": Decimal("1350.00"),
        "last_order_at": datetime(2024, 3, 3, 15, 0),
        "recency_days": 58,
        "r_score": 4,
        "f_score": 3,
        "m_score": 5,
        "lifecycle_stage": "active",
        "member_tier": "gold",
        "churn_risk_score": 10,
        "churn_probability": 0.1,
        "probability_alive": 0.95,
        "predicted_clv_12m": Decimal("900.00"),
        "social_mentions_total": 0,
    },
    "C3": {
        "region": "华南",
        "phone_masked": "137****0000",
        "email_masked": "w***@qq.com",
        "gender": "M",
        "lifetime_orders": 1,
        "lifetime_revenue": Decimal("250.00"),
        "avg_order_value": Decimal("250.00"),
        "revenue_12m": Decimal("250.00"),
        "last_order_at": datetime(2024, 4, 1, 18, 0),
        "recency_days": 29,
        "r_score": 5,
        "f_score": 1,
        "m_score": 2,
        "lifecycle_stage": "new",
        "churn_risk_score": 75,
        "churn_probability": 0.7,
        "churn_risk_reasons": "recency_rising, complaints_up",
        "social_mentions_total": 0,
    },
    "C4": {
        "region": "华东",
        "lifetime_orders": 0,
        "lifetime_revenue": Decimal("0"),
        "lifecycle_stage": "prospect",
        "social_mentions_total": 0,
    },
    "C5": {
        "region": "西南",
        "phone_masked": "136****9999",
        "lifetime_orders": 0,
        "lifetime_revenue": Decimal("0"),
        "lifecycle_stage": "prospect",
        "social_mentions_total": 0,
    },
}

SCHEMA_SQL = (
    """
create schema marts;
create schema meta;
create table marts.fct_orders (
    order_id varchar, customer_id varchar, ordered_at timestamp, order_date date, order_month date,
    status varchar, is_paid boolean, currency varchar, amount_cny decimal(18, 2),
    refund_amount_cny decimal(18, 2), net_amount_cny decimal(18, 2), item_count integer, quantity integer,
    channel varchar, payment_method varchar, store_id varchar
);
create table marts.customer_rfm (
    customer_id varchar, as_of_date date, last_order_date date, recency_days integer, frequency integer,
    monetary decimal(18, 2), r_score integer, f_score integer, m_score integer, fm_score integer,
    rfm_cell varchar, segment varchar, service_tier varchar
);
create table marts.customer_rfm_monthly (
    customer_id varchar, month_start date, snapshot_date date, segment varchar, service_tier varchar
);
create table meta.published (published_at timestamptz, as_of_date date, build_id varchar);
"""
    + """create table marts.customer_360 (
    customer_id varchar, crm_accounts integer, name_masked varchar, phone_masked varchar,
    email_masked varchar, gender varchar, city varchar, region varchar, industry varchar,
    signup_at timestamp, acquisition_channel varchar, crm_member_tier varchar, lifetime_orders integer,
    lifetime_revenue decimal(18,2), first_order_at timestamp, last_order_at timestamp,
    avg_order_value decimal(18,2), orders_12m integer, revenue_12m decimal(18,2),
    avg_order_value_12m decimal(18,2), favourite_category varchar,
    favourite_channel varchar, last_interaction_at timestamp, last_interaction_channel varchar,
    interactions_total integer, open_tickets integer, complaints_90d integer, last_contact_at timestamp,
    last_contact_channel varchar, last_contact_source varchar, latest_nps integer, latest_csat integer,
    latest_response_at timestamp, social_mentions_total integer, last_mention_at timestamp,
    social_sentiment_score double, latest_social_sentiment varchar,
    recency_days bigint, r_score integer, f_score integer, m_score integer, fm_score integer,
    rfm_cell varchar, segment varchar, service_tier varchar,
    lifecycle_stage varchar, member_tier varchar,
    churn_risk_score integer, churn_risk_reasons varchar,
    churn_probability double, expected_purchases_12m double, probability_alive double,
    predicted_clv_12m decimal(18,2), tags varchar, as_of_date date
);
create table marts.kpi_monthly (
    month date, kpi varchar, kpi_order integer, unit varchar,
    direction varchar, value double, previous_value double, change double, change_pct double,
    last_year_value double, target_kind varchar, target double, target_met boolean, target_status varchar
);
create table marts.social_negative_spikes (
    posted_date date, platform varchar, negative_mentions bigint, baseline_mean double,
    baseline_stddev double, spike_ratio double, top_topic varchar
);
create table marts.service_sla_monthly (
    month date, kind varchar, channel varchar, routed_department varchar, tickets bigint,
    impossible_tickets hugeint, first_response_sla_decided bigint, first_response_sla_met hugeint,
    resolution_sla_decided bigint, resolution_sla_met hugeint, follow_up_sla_decided bigint,
    follow_up_sla_met hugeint, resolved_tickets hugeint, reopened_tickets hugeint, open_tickets hugeint,
    complaints hugeint, misrouted_complaints hugeint, median_first_response_minutes double,
    median_resolution_hours double, mean_satisfaction double, first_response_sla_rate double,
    resolution_sla_rate double, follow_up_sla_rate double, resolution_rate double, reopen_rate double,
    first_response_sla_unknown hugeint, resolution_sla_unknown hugeint
);
create table marts.customer_segment_migration (
    from_month date, from_snapshot_date date, to_month date, to_snapshot_date date, from_segment varchar,
    to_segment varchar, customers integer,
    revenue decimal(18,2)
);
create table marts.customer_lifecycle_transitions (
    month_start date, snapshot_date date, from_stage varchar, to_stage varchar,
    is_stage_change boolean, customers integer
);
create table marts.customer_cohort_retention (
    cohort_basis varchar, cohort_month date, months_since integer, cohort_customers integer,
    ordering_customers integer, active_customers integer, ordering_share double, active_share double
);
create table marts.customer_timeline (
    customer_id varchar, event_at timestamp, event_kind varchar, event_id varchar, detail varchar,
    channel varchar, amount_cny double, score integer, sentiment varchar
);
create table marts.customer_tier_changes (
    customer_id varchar, month_start date, snapshot_date date, from_member_tier varchar,
    to_member_tier varchar, tier_change varchar,
    net_revenue_12m decimal(18,2), paid_orders_12m integer
);
create table marts.customer_cross_sell (
    antecedent_category varchar, consequent_category varchar,
    pair_customers integer, antecedent_customers integer,
    consequent_customers integer, total_customers integer, support double, confidence double, lift double
);
create table marts.fct_interactions (
    interaction_id varchar, customer_id varchar, channel varchar, kind varchar, category varchar,
    status varchar, department varchar, routed_department varchar,
    is_complaint boolean, is_requirement boolean, is_misrouted boolean,
    satisfaction_score integer, opened_at timestamp, opened_date date, opened_month date,
    first_response_at timestamp, resolved_at timestamp, followed_up_at timestamp,
    has_impossible_timestamps boolean, impossible_reason varchar, first_response_minutes double,
    resolution_hours double, follow_up_hours double, first_response_sla_met boolean,
    resolution_sla_met boolean, follow_up_sla_met boolean, is_resolved boolean, is_reopened boolean,
    is_open boolean, age_days bigint, text_language varchar, text_sentiment varchar,
    text_sentiment_score double, text_topic varchar, source_system varchar, first_response_sla_status varchar,
    resolution_sla_status varchar
);
create table marts.fct_survey_responses (
    response_id varchar, survey_id varchar, customer_id varchar, channel varchar,
    sent_at timestamp, sent_date date, sent_month date, responded_at timestamp, is_responded boolean,
    nps_score integer, nps_group varchar, csat_score integer, is_csat_satisfied boolean,
    score_product_quality integer, score_service_response integer, score_communication integer,
    has_comment boolean, comment_language varchar, comment_sentiment varchar,
    comment_sentiment_score double, comment_topic varchar, comment_keywords varchar[]
);
create table marts.survey_scores_monthly (
    month date, channel varchar, customer_segment varchar, invitations_sent bigint, responses hugeint,
    response_rate double, nps_responses bigint, promoters hugeint, passives hugeint, detractors hugeint,
    nps double, csat_responses bigint, csat_mean double, csat_satisfied hugeint,
    csat_satisfied_share double
);
create table marts.survey_dimension_scores_monthly (
    month date, dimension varchar, answers bigint,
    mean_score double, satisfied_share double, target_mean_score decimal(4,2),
    target_satisfied_share decimal(5,4), is_below_target boolean
);
create table marts.social_mentions_daily (
    posted_date date, posted_month date, platform varchar, mentions bigint, positive_mentions hugeint,
    neutral_mentions hugeint, negative_mentions hugeint, unscored_mentions hugeint, negative_share double,
    mean_sentiment_score double, engagements hugeint
);
create table marts.social_topics_monthly (
    month date, topic varchar, mentions bigint, positive_mentions hugeint, neutral_mentions hugeint,
    negative_mentions hugeint, negative_share double, mean_sentiment_score double
);
create table marts.social_keywords_monthly (
    month date, language varchar, keyword varchar, mentions bigint, negative_mentions hugeint,
    keyword_rank bigint
);
create table marts.fct_social_mentions (
    mention_id varchar, platform varchar, posted_at timestamp, posted_date date, posted_month date,
    language varchar, sentiment varchar, sentiment_score double, topic varchar, keywords varchar[],
    like_count integer, repost_count integer, comment_count integer
);
create table marts.service_backlog (
    as_of_date date, routed_department varchar, kind varchar,
    age_bucket_order integer, age_bucket varchar, open_tickets bigint, oldest_age_days bigint
);
create table marts.service_complaints_monthly (
    month date, category varchar, routed_department varchar,
    complaints bigint, resolution_sla_decided bigint,
    resolution_sla_met hugeint, reopened_complaints hugeint, misrouted_complaints hugeint,
    negative_texts hugeint, share_of_month double, resolution_sla_rate double, category_rank bigint,
    resolution_sla_unknown hugeint
);
create table marts.quality_quarantine_reasons (
    source varchar, entity varchar, source_table varchar, load_date date, reason_kind varchar,
    reason varchar, rows_quarantined hugeint
);
create table marts.quality_freshness (
    source varchar, entity varchar, source_table varchar, files_loaded bigint, rows_read hugeint,
    last_loaded_at timestamp, days_since_last_load bigint, freshness_warn_days integer, is_stale boolean
);
create table marts.quality_completeness (
    source_table varchar, field varchar, records bigint, missing bigint, missing_share double
);
create table marts.churn_model_calibration (
    churn_model_version varchar, holdout_snapshot date, decile integer, customers integer,
    mean_predicted double, observed_rate double, calibration_gap double
);
create table marts.quality_loads_daily (
    source varchar, entity varchar, source_table varchar, load_date date, files bigint, rows_read hugeint,
    rows_loaded hugeint, rows_quarantined hugeint, extra_columns_seen hugeint, missing_columns_seen hugeint,
    quarantine_share double
);
create table marts.action_at_risk_follow_up (
    customer_id varchar, name_masked varchar, phone_masked varchar, email_masked varchar,
    churn_risk_score integer, churn_risk_reasons varchar,
    churn_probability double, segment varchar, lifecycle_stage varchar,
    lifetime_revenue decimal(18,2), last_order_at timestamp,
    last_contact_at timestamp, open_tickets integer, complaints_90d integer, follow_up_week date,
    region varchar, service_tier varchar, as_of_date date
);
create table marts.action_winback_sleeping (
    customer_id varchar, name_masked varchar, phone_masked varchar, email_masked varchar,
    recency_days bigint, last_order_at timestamp, lifetime_orders integer, lifetime_revenue decimal(18,2),
    favourite_category varchar, segment varchar,
    lifecycle_stage varchar, probability_alive double,
    predicted_clv_12m decimal(18,2), region varchar, service_tier varchar, as_of_date date
);
create table marts.action_vip_upgrade_candidates (
    customer_id varchar, name_masked varchar, phone_masked varchar, email_masked varchar,
    member_tier varchar, next_member_tier varchar,
    net_revenue_12m decimal(18,2), paid_orders_12m integer, spend_needed_cny decimal(18,2),
    orders_needed integer, segment varchar, lifecycle_stage varchar,
    region varchar, service_tier varchar, as_of_date date
);
create table marts.action_high_value_uncontacted (
    customer_id varchar, name_masked varchar, phone_masked varchar, email_masked varchar, segment varchar,
    member_tier varchar, lifetime_revenue decimal(18,2),
    revenue_12m decimal(18,2), last_contact_at timestamp, last_contact_channel varchar,
    days_since_last_contact bigint, region varchar, service_tier varchar, as_of_date date
);
create table marts.action_birthdays_this_month (
    customer_id varchar, name_masked varchar, phone_masked varchar, email_masked varchar,
    birthday_month integer, birthday_day integer, member_tier varchar,
    segment varchar, lifecycle_stage varchar,
    lifetime_revenue decimal(18,2), region varchar, service_tier varchar, as_of_date date
);
create table meta.check_results (
    checked_at timestamp with time zone, run_id varchar, asset varchar, check_name varchar, suite varchar,
    expectation varchar, column_name varchar, success boolean, observed varchar, element_count bigint,
    unexpected_count bigint
);
"""
)

M1, M2, M3, M4 = date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1), date(2024, 4, 1)


def kpi_rows() -> list[dict]:
    """kpi_monthly for 2024-01..04: (kpi, unit, direction, target, values by month)."""
    kpis = (
        ("revenue", "cny", "higher", 200.0, (120.0, 280.0, 1350.0, 250.0)),
        ("active_customers", "count", "higher", 1.0, (1.0, 1.0, 2.0, 3.0)),
        ("nps", "points", "higher", 30.0, (None, None, 40.0, 20.0)),
        ("complaints", "count", "lower", 1.0, (0.0, 1.0, 0.0, 2.0)),
    )
    rows = []
    for order, (kpi, unit, direction, target, values) in enumerate(kpis, start=1):
        previous = None
        for month, value in zip((M1, M2, M3, M4), values, strict=True):
            if value is None:
                status = "no data"
            elif (direction == "higher" and value >= target) or (direction == "lower" and value <= target):
                status = "met"
            else:
                status = "missed"
            rows.append(
                {
                    "month": month,
                    "kpi": kpi,
                    "kpi_order": order,
                    "unit": unit,
                    "direction": direction,
                    "value": value,
                    "previous_value": previous,
                    "change": None if value is None or previous is None else value - previous,
                    "target_kind": "level",
                    "target": target,
                    "target_status": status,
                }
            )
            previous = value
    return rows


def sla_row(
    month: date, kind: str, channel: str, tickets: int, first: int, resolved: int, follow: tuple[int, int],
    unknown: tuple[int, int] = (0, 0),
) -> dict:
    """A service_sla_monthly row: ``first`` and ``resolved`` of ``tickets`` met their SLA; ``follow`` is
    (decided, met) for the follow-up call; ``unknown`` the tickets (besides those) whose first-response and
    resolution SLA are unknown."""
    return {
        "month": month,
        "kind": kind,
        "channel": channel,
        "routed_department": "all",
        "tickets": tickets,
        "first_response_sla_decided": tickets,
        "first_response_sla_met": first,
        "resolution_sla_decided": tickets,
        "resolution_sla_met": resolved,
        "follow_up_sla_decided": follow[0],
        "follow_up_sla_met": follow[1],
        "resolved_tickets": resolved,
        "first_response_sla_rate": first / tickets,
        "resolution_sla_rate": resolved / tickets,
        "follow_up_sla_rate": follow[1] / follow[0] if follow[0] else None,
        "resolution_rate": resolved / tickets,
        "reopen_rate": 0.0,
        "median_first_response_minutes": 30.0,
        "median_resolution_hours": 5.0,
        "mean_satisfaction": 4.0,
        "first_response_sla_unknown": unknown[0],
        "resolution_sla_unknown": unknown[1],
    }


def survey_row(month: date, channel: str, segment: str, promoters: int, detractors: int, answers: int) -> dict:
    return {
        "month": month,
        "channel": channel,
        "customer_segment": segment,
        "invitations_sent": answers * 2,
        "responses": answers,
        "response_rate": 0.5,
        "nps_responses": answers,
        "promoters": promoters,
        "passives": answers - promoters - detractors,
        "detractors": detractors,
        "nps": round(100.0 * (promoters - detractors) / answers, 1),
        "csat_responses": answers,
        "csat_mean": 4.0,
        "csat_satisfied": answers,
        "csat_satisfied_share": 1.0,
    }


def mentions_daily(day: date, platform: str, positive: int, neutral: int, negative: int) -> dict:
    total = positive + neutral + negative
    return {
        "posted_date": day,
        "posted_month": day.replace(day=1),
        "platform": platform,
        "mentions": total,
        "positive_mentions": positive,
        "neutral_mentions": neutral,
        "negative_mentions": negative,
        "unscored_mentions": 0,
        "negative_share": negative / total,
        "engagements": 10 * total,
    }


def action_row(customer_id: str, **values: object) -> dict:
    """A list mart's row: the customer's masked name, region and service tier as customer_360 has them."""
    name, tier = next((name, tier) for cid, name, _, _, tier, _ in CUSTOMERS if cid == customer_id)
    return {"customer_id": customer_id, "name_masked": name, "region": PROFILES[customer_id]["region"],
            "service_tier": tier, "as_of_date": AS_OF, **values}


TABLE_ROWS: dict[str, list[dict]] = {
    "marts.kpi_monthly": kpi_rows(),
    "marts.social_negative_spikes": [
        {
            "posted_date": date(2024, 4, 10),
            "platform": "weibo",
            "negative_mentions": 12,
            "baseline_mean": 3.0,
            "spike_ratio": 4.0,
            "top_topic": "delivery",
        },
        {
            "posted_date": date(2024, 4, 10),
            "platform": "all",
            "negative_mentions": 15,
            "baseline_mean": 5.0,
            "spike_ratio": 3.0,
            "top_topic": "delivery",
        },
        {
            "posted_date": date(2024, 2, 5),
            "platform": "wechat",
            "negative_mentions": 8,
            "baseline_mean": 2.0,
            "spike_ratio": 4.0,
            "top_topic": "price",
        },
    ],
    "marts.service_sla_monthly": [
        sla_row(M3, "all", "all", 8, 8, 8, (2, 2)),
        sla_row(M4, "all", "all", 10, 8, 9, (4, 3), unknown=(1, 2)),
        sla_row(M4, "all", "phone", 6, 3, 6, (2, 2)),
        sla_row(M4, "all", "wechat", 4, 4, 3, (2, 1)),
        sla_row(M3, "requirement", "all", 2, 2, 2, (0, 0)),
        sla_row(M4, "requirement", "all", 3, 3, 2, (0, 0)),
    ],
    "marts.customer_rfm_monthly": [
        {"customer_id": "C1", "month_start": M3, "service_tier": "high value"},
        {"customer_id": "C1", "month_start": M4, "service_tier": "at risk"},
        {"customer_id": "C2", "month_start": M4, "service_tier": "high value"},
    ],
    "marts.customer_segment_migration": [
        {
            "from_month": M3,
            "to_month": M4,
            "from_segment": "Champions",
            "to_segment": "Champions",
            "customers": 1,
            "revenue": Decimal("0"),
        },
        {
            "from_month": M3,
            "to_month": M4,
            "from_segment": "Loyal",
            "to_segment": "Loyal",
            "customers": 1,
            "revenue": Decimal("0"),
        },
        {
            "from_month": M3,
            "to_month": M4,
            "from_segment": "(no order yet)",
            "to_segment": "At risk",
            "customers": 1,
            "revenue": Decimal("250"),
        },
    ],
    "marts.customer_lifecycle_transitions": [
        {
            "month_start": M3,
            "from_stage": "active",
            "to_stage": "at risk",
            "is_stage_change": True,
            "customers": 1,
        },
        {
            "month_start": M4,
            "from_stage": "at risk",
            "to_stage": "active",
            "is_stage_change": True,
            "customers": 2,
        },
        {
            "month_start": M4,
            "from_stage": "active",
            "to_stage": "active",
            "is_stage_change": False,
            "customers": 1,
        },
    ],
    "marts.customer_cohort_retention": [
        {
            "cohort_basis": "first_order",
            "cohort_month": M1,
            "months_since": since,
            "cohort_customers": 1,
            "ordering_customers": ordering,
            "active_customers": 1,
            "ordering_share": float(ordering),
            "active_share": 1.0,
        }
        for since, ordering in ((0, 1), (1, 1), (2, 0), (3, 0))
    ]
    + [
        {
            "cohort_basis": "first_order",
            "cohort_month": M3,
            "months_since": since,
            "cohort_customers": 2,
            "ordering_customers": ordering,
            "active_customers": 2,
            "ordering_share": ordering / 2,
            "active_share": 1.0,
        }
        for since, ordering in ((0, 2), (1, 1))
    ],
    "marts.customer_tier_changes": [
        {
            "customer_id": "C1",
            "month_start": M2,
            "snapshot_date": date(2024, 2, 29),
            "to_member_tier": "silver",
            "tier_change": "upgrade",
            "net_revenue_12m": Decimal("400"),
        },
        {
            "customer_id": "C2",
            "month_start": M3,
            "snapshot_date": date(2024, 3, 31),
            "to_member_tier": "gold",
            "tier_change": "upgrade",
            "net_revenue_12m": Decimal("1350"),
        },
        {
            "customer_id": "C3",
            "month_start": M4,
            "snapshot_date": AS_OF,
            "from_member_tier": "silver",
            "tier_change": "downgrade",
            "net_revenue_12m": Decimal("250"),
        },
    ],
    "marts.customer_cross_sell": [
        {
            "antecedent_category": "books",
            "consequent_category": "baby",
            "pair_customers": 2,
            "support": 0.4,
            "confidence": 0.5,
            "lift": 1.25,
        },
        {
            "antecedent_category": "baby",
            "consequent_category": "books",
            "pair_customers": 2,
            "support": 0.4,
            "confidence": 0.6,
            "lift": 1.25,
        },
    ],
    "marts.fct_interactions": [
        {
            "interaction_id": "I1",
            "customer_id": "C1",
            "channel": "phone",
            "kind": "complaint",
            "category": "delivery",
            "opened_at": datetime(2024, 2, 10, 9, 0),
            "satisfaction_score": 2,
            "opened_month": M2,
            "source_system": "interactions",
            "first_response_sla_met": True,
            "first_response_sla_status": "met",
            "resolution_sla_met": False,
            "resolution_sla_status": "missed",
        },
        {
            "interaction_id": "I2",
            "customer_id": "C3",
            "channel": "wechat",
            "kind": "inquiry",
            "opened_at": datetime(2024, 4, 5, 9, 0),
            "opened_month": M4,
            "source_system": "helpdesk",  # a declared source without a catalogue entry: shown by its name
            "first_response_sla_status": "unknown",
            "resolution_sla_status": "unknown",
        },
    ],
    "marts.fct_survey_responses": [
        {
            "response_id": "R1",
            "customer_id": "C1",
            "channel": "sms",
            "sent_month": M3,
            "sent_at": datetime(2024, 3, 1),
            "responded_at": datetime(2024, 3, 2, 10, 0),
            "is_responded": True,
            "nps_score": 3,
            "nps_group": "detractor",
            "csat_score": 2,
            "comment_topic": "delivery",
            "comment_sentiment": "negative",
            "comment_keywords": ["慢", "快递"],
        },
        {
            "response_id": "R2",
            "customer_id": "C2",
            "channel": "wechat",
            "sent_month": M4,
            "sent_at": datetime(2024, 4, 1),
            "responded_at": datetime(2024, 4, 2, 10, 0),
            "is_responded": True,
            "nps_score": 10,
            "nps_group": "promoter",
            "csat_score": 5,
        },
        {
            "response_id": "R3",
            "channel": "wechat",
            "sent_month": M4,
            "sent_at": datetime(2024, 4, 3),
            "responded_at": datetime(2024, 4, 4, 10, 0),
            "is_responded": True,
            "nps_score": 5,
            "nps_group": "detractor",
            "csat_score": 4,
        },
    ],
    "marts.survey_scores_monthly": [
        survey_row(M3, "all", "all", 3, 2, 10),
        survey_row(M4, "all", "all", 4, 2, 10),
        survey_row(M4, "sms", "all", 3, 1, 4),
        survey_row(M4, "wechat", "all", 1, 1, 6),
        survey_row(M4, "all", "high value", 3, 0, 5),
        survey_row(M4, "all", "at risk", 1, 2, 5),
        survey_row(M4, "sms", "high value", 2, 0, 2),
    ],
    "marts.survey_dimension_scores_monthly": [
        {
            "month": M4,
            "dimension": dimension,
            "answers": 10,
            "mean_score": score,
            "satisfied_share": 0.8,
            "target_mean_score": Decimal("4.00"),
            "target_satisfied_share": Decimal("0.75"),
            "is_below_target": score < 4,
        }
        for dimension, score in (("overall", 4.2), ("product_quality", 3.6))
    ],
    "marts.social_mentions_daily": [
        mentions_daily(date(2024, 2, 5), "wechat", 1, 1, 8),
        mentions_daily(date(2024, 4, 10), "weibo", 2, 1, 12),
        mentions_daily(date(2024, 4, 10), "wechat", 3, 2, 3),
    ],
    "marts.social_topics_monthly": [
        {
            "month": M4,
            "topic": "delivery",
            "mentions": 15,
            "positive_mentions": 2,
            "neutral_mentions": 1,
            "negative_mentions": 12,
            "negative_share": 0.8,
        },
        {
            "month": M4,
            "topic": "price",
            "mentions": 8,
            "positive_mentions": 5,
            "neutral_mentions": 0,
            "negative_mentions": 3,
            "negative_share": 0.375,
        },
    ],
    "marts.social_keywords_monthly": [
        {"month": M4, "language": "zh", "keyword": "快递", "mentions": 9, "negative_mentions": 7, "keyword_rank": 1},
        {
            "month": M4,
            "language": "en",
            "keyword": "delivery",
            "mentions": 4,
            "negative_mentions": 2,
            "keyword_rank": 1,
        },
    ],
    "marts.fct_social_mentions": [
        {
            "mention_id": "S1",
            "platform": "weibo",
            "posted_at": datetime(2024, 4, 10, 8, 0),
            "posted_date": date(2024, 4, 10),
            "posted_month": M4,
            "language": "zh",
            "sentiment": "negative",
            "sentiment_score": -0.8,
            "topic": "delivery",
            "keywords": ["快递", "太慢"],
            "like_count": 50,
            "repost_count": 5,
            "comment_count": 5,
        },
        {
            "mention_id": "S2",
            "platform": "wechat",
            "posted_at": datetime(2024, 4, 10, 9, 0),
            "posted_date": date(2024, 4, 10),
            "posted_month": M4,
            "language": "en",
            "sentiment": "negative",
            "sentiment_score": -0.5,
            "topic": "delivery",
            "keywords": ["late"],
            "like_count": 1,
            "repost_count": 0,
            "comment_count": 0,
        },
    ],
    "marts.service_backlog": [
        {
            "as_of_date": AS_OF,
            "routed_department": "logistics",
            "kind": "complaint",
            "age_bucket_order": 1,
            "age_bucket": "< 1 d",
            "open_tickets": 2,
            "oldest_age_days": 0,
        },
        {
            "as_of_date": AS_OF,
            "routed_department": "logistics",
            "kind": "complaint",
            "age_bucket_order": 5,
            "age_bucket": ">= 30 d",
            "open_tickets": 1,
            "oldest_age_days": 45,
        },
    ],
    "marts.service_complaints_monthly": [
        {
            "month": M4,
            "category": "delivery",
            "routed_department": "logistics",
            "complaints": 2,
            "resolution_sla_decided": 2,
            "resolution_sla_met": 1,
            "resolution_sla_unknown": 0,
            "reopened_complaints": 0,
            "misrouted_complaints": 0,
            "negative_texts": 2,
        },
        {
            "month": M2,
            "category": "price",
            "routed_department": "sales",
            "complaints": 1,
            "resolution_sla_decided": 1,
            "resolution_sla_met": 1,
            "resolution_sla_unknown": 0,
            "reopened_complaints": 0,
            "misrouted_complaints": 0,
            "negative_texts": 1,
        },
    ],
    "meta.check_results": [
        {
            "checked_at": datetime.fromisoformat("2024-04-30T19:00:00+00:00"),
            "run_id": "run-1",
            "asset": "raw/crm__customers",
            "check_name": "gx_contract",
            "expectation": "expect_column_values_to_be_unique",
            "column_name": "customer_id",
            "success": True,
            "observed": "0.000% unexpected",
        },
        {
            "checked_at": datetime.fromisoformat("2024-04-30T19:00:00+00:00"),
            "run_id": "run-1",
            "asset": "raw/orders__orders",
            "check_name": "gx_contract",
            "expectation": "expect_column_values_to_not_be_null",
            "column_name": "order_id",
            "success": False,
            "observed": "2.000% unexpected",
            "element_count": 100,
            "unexpected_count": 2,
        },
        {
            "checked_at": datetime.fromisoformat("2024-04-30T19:00:00+00:00"),
            "run_id": "run-1",
            "asset": "marts/customer_360",
            "check_name": "gx_suite",
            "expectation": "expect_table_row_count_to_be_between",
            "success": True,
            "observed": "5",
        },
    ],
    "marts.quality_quarantine_reasons": [
        {
            "source": "orders",
            "entity": "orders",
            "source_table": "orders__orders",
            "load_date": AS_OF,
            "reason_kind": "missing key",
            "reason": "missing key: order_id",
            "rows_quarantined": 2,
        },
        {
            "source": "crm",
            "entity": "customers",
            "source_table": "crm__customers",
            "load_date": AS_OF,
            "reason_kind": "future date",
            "reason": "future date: signup_at",
            "rows_quarantined": 1,
        },
    ],
    "marts.quality_freshness": [
        {
            "source": source,
            "entity": entity,
            "source_table": f"{source}__{entity}",
            "files_loaded": 1,
            "rows_read": rows,
            "last_loaded_at": datetime(2024, 4, 30, 19, 0),
            "days_since_last_load": days,
            "freshness_warn_days": 2,
            "is_stale": days > 2,
        }
        for source, entity, rows, days in (("crm", "customers", 6, 0), ("orders", "orders", 100, 5))
    ],
    "marts.churn_model_calibration": [
        {
            "churn_model_version": "hist_gradient_boosting/holdout_2023-10-31",
            "holdout_snapshot": date(2023, 10, 31),
            "decile": decile,
            "customers": 10,
            "mean_predicted": predicted,
            "observed_rate": observed,
            "calibration_gap": observed - predicted,
        }
        for decile, predicted, observed in ((1, 0.05, 0.1), (2, 0.5, 0.4), (3, 0.9, 0.9))
    ],
    "marts.quality_completeness": [
        {"source_table": "crm__customers", "field": "phone", "records": 5, "missing": 1, "missing_share": 0.2},
        {
            "source_table": "surveys__responses",
            "field": "customer_id",
            "records": 3,
            "missing": 1,
            "missing_share": 1 / 3,
        },
    ],
    "marts.quality_loads_daily": [
        {
            "source": "crm",
            "entity": "customers",
            "source_table": "crm__customers",
            "load_date": AS_OF,
            "files": 1,
            "rows_read": 6,
            "rows_loaded": 5,
            "rows_quarantined": 1,
            "quarantine_share": 1 / 6,
        },
        {
            "source": "orders",
            "entity": "orders",
            "source_table": "orders__orders",
            "load_date": AS_OF,
            "files": 1,
            "rows_read": 100,
            "rows_loaded": 98,
            "rows_quarantined": 2,
            "quarantine_share": 0.02,
        },
    ],
    "marts.action_at_risk_follow_up": [
        action_row(
            "C3",
            churn_risk_score=75,
            segment="At risk",
            phone_masked="137****0000",
            churn_risk_reasons="recency_rising",
        ),
    ],
    "marts.action_winback_sleeping": [
        action_row(
            "C1",
            recency_days=200,
            segment="Champions",
            email_masked="=HYPERLINK(1)",
            lifetime_revenue=Decimal("400"),
            predicted_clv_12m=Decimal("300"),
        ),
    ],
    "marts.action_vip_upgrade_candidates": [
        action_row(
            "C2",
            member_tier="gold",
            next_member_tier="diamond",
            segment="Loyal",
            spend_needed_cny=Decimal("650"),
            orders_needed=1,
        ),
    ],
    "marts.action_high_value_uncontacted": [
        action_row(
            "C1",
            segment="Champions",
            days_since_last_contact=80,
            lifetime_revenue=Decimal("400"),
        ),
        action_row("C2", segment="Loyal", lifetime_revenue=Decimal("1350")),
    ],
    "marts.action_birthdays_this_month": [action_row("C4", birthday_month=4, birthday_day=18)],
}


def order_row(order: Order) -> tuple:
    """A marts.fct_orders row, with the derived columns filled in as the mart defines them."""
    return (
        order.order_id,
        order.customer_id,
        order.ordered_at,
        order.ordered_at.date(),
        order.ordered_at.date().replace(day=1),
        order.status,
        order.status == "paid",
        "CNY",
        order.amount_cny,
        order.refund_amount_cny,
        order.amount_cny - order.refund_amount_cny if order.status != "cancelled" else Decimal("0"),
        1,
        1,
        "online",
        "alipay",
        "S1",
    )


# C1's two social mentions (customer_360 counts 2, the latest on 2024-04-20).
MENTIONS = (
    ("C1", datetime(2024, 4, 20, 8, 0), "M1", "delivery", "weibo", "negative"),
    ("C1", datetime(2024, 1, 5, 21, 0), "M2", "price", "xiaohongshu", "positive"),
)

# orders_by_month_range counted the plain way: distinct buyers over the orders of every range of months.
ORDER_RANGES_SQL = """
create table marts.orders_by_month_range as
with months as (
    select unnest(generate_series(min(order_month), max(order_month), interval 1 month))::date as month
    from marts.fct_orders
)
select
    starts.month as start_month,
    ends.month as end_month,
    count(distinct orders.customer_id) filter (where orders.is_paid) as buyers,
    count(*) filter (where orders.is_paid) as paid_orders,
    coalesce(sum(orders.net_amount_cny) filter (where orders.is_paid), 0)::decimal(18, 2) as revenue_net_cny
from months as starts
inner join months as ends on ends.month >= starts.month
left join marts.fct_orders as orders on orders.order_month between starts.month and ends.month
group by all
"""

# The dashboards' customer aggregates as the marts build them from the hand-made customer_360 and
# customer_tier_changes.
CUSTOMER_SUMMARIES_SQL = """
create table marts.customer_segment_summary as
select
    segment, service_tier, region, count(*) as customers, sum(lifetime_revenue) as lifetime_revenue,
    sum(recency_days) as recency_days_sum, count(recency_days) as recency_days_count,
    sum(lifetime_orders) as lifetime_orders_sum, count(lifetime_orders) as lifetime_orders_count,
    sum(predicted_clv_12m) as predicted_clv_12m
from marts.customer_360
where segment is not null
group by segment, service_tier, region;
create table marts.customer_tier_changes_summary as
select
    changes.month_start, changes.tier_change, changes.from_member_tier, changes.to_member_tier,
    customers.service_tier, customers.region,
    count(*) as customers
from marts.customer_tier_changes as changes
left join marts.customer_360 as customers on changes.customer_id = customers.customer_id
group by changes.month_start, changes.tier_change, changes.from_member_tier, changes.to_member_tier,
    customers.service_tier, customers.region;
"""

# customer_timeline as the mart builds it, from the hand-made facts above (every customer is one account);
# the page reads the member tier changes from customer_tier_changes.
TIMELINE_SQL = """
insert into marts.customer_timeline
select customer_id, ordered_at, 'order', order_id, status, channel, net_amount_cny, null, null
from marts.fct_orders
union all
select customer_id, opened_at, 'interaction', interaction_id, coalesce(category, kind), channel, null,
    satisfaction_score, null
from marts.fct_interactions where customer_id is not null
union all
select customer_id, responded_at, 'survey', response_id, coalesce(nps_group, '(no score)'), channel, null,
    nps_score, comment_sentiment
from marts.fct_survey_responses where is_responded and customer_id is not null
"""


def insert(connection: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    """Insert ``rows`` by column name; the columns a row leaves out stay null."""
    for row in rows:
        columns = ", ".join(row)
        connection.execute(
            f"insert into {table} ({columns}) values ({', '.join(['?'] * len(row))})", list(row.values())
        )


def customer_360_rows() -> list[dict]:
    return [
        {
            "customer_id": cid,
            "crm_accounts": 1,
            "name_masked": name,
            "city": city,
            "segment": segment,
            "service_tier": tier,
            "as_of_date": AS_OF,
            **PROFILES[cid],
        }
        for cid, name, city, segment, tier, _ in CUSTOMERS
    ]


def write_serving_file(path: Path, orders: Iterable[Order] = ORDERS, build_id: str = "test-build-1") -> Path:
    """Write a complete serving file at ``path`` (which must not exist yet)."""
    with duckdb.connect(str(path)) as connection:
        connection.execute(SCHEMA_SQL)
        connection.executemany(
            "insert into marts.fct_orders values (" + ", ".join(["?"] * 16) + ")",
            [order_row(order) for order in orders],
        )
        connection.execute(ORDER_RANGES_SQL)
        insert(connection, "marts.customer_360", customer_360_rows())
        connection.executemany(
            """
            insert into marts.customer_rfm (customer_id, as_of_date, monetary, segment, service_tier)
            values (?, ?, ?, ?, ?)
            """,
            [
                (cid, AS_OF, monetary, seg, tier)
                for cid, _, _, seg, tier, monetary in CUSTOMERS
                if seg is not None
            ],
        )
        for table, rows in TABLE_ROWS.items():
            insert(connection, table, rows)
        connection.execute(TIMELINE_SQL)
        connection.execute(CUSTOMER_SUMMARIES_SQL)
        connection.executemany(
            "insert into marts.customer_timeline values (?, ?, 'mention', ?, ?, ?, null, null, ?)",
            [list(mention) for mention in MENTIONS],
        )
        connection.execute(
            "insert into meta.published values (?, ?, ?)",
            [datetime.fromisoformat("2024-04-30T20:00:00+00:00"), AS_OF, build_id],
        )
    return path
