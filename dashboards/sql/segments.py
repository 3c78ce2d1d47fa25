"""Segments: RFM segment sizes, segment migration, lifecycle stages and transitions, cohort retention,
member tier movements and cross-sell pairs."""

from datetime import date

import pandas as pd

from dashboards.filters import ALL
from dashboards.queries import Query, Reach, display_order, fetch, in_scope

CUSTOMER_FILTER = f"""
    ($segment = 'all' or service_tier = $segment)
    and ($region = 'all' or region = $region)
    and {in_scope("region")}
"""

SEGMENT_SIZES_SQL = Query(
    f"""
select
    segment,
    any_value(service_tier) as service_tier,
    sum(customers)::bigint as customers,
    sum(lifetime_revenue)::double as revenue_net_cny,
    (sum(recency_days_sum) / nullif(sum(recency_days_count), 0))::double as avg_recency_days,
    (sum(lifetime_orders_sum) / nullif(sum(lifetime_orders_count), 0))::double as avg_orders,
    sum(predicted_clv_12m)::double as predicted_clv_12m
from marts.customer_segment_summary
where {CUSTOMER_FILTER}
group by segment
order by
    list_position($tier_order, any_value(service_tier)) nulls last,
    customers desc,
    segment
""",
    Reach.REGION,
)


def segment_sizes(segment: str = ALL, region: str = ALL) -> pd.DataFrame:
    """Per RFM segment as of as_of: customers, net revenue to date, mean recency and orders, and the
    predicted 12-month CLV, for the customers in the service tier and region."""
    return fetch(SEGMENT_SIZES_SQL, segment=segment, region=region, tier_order=display_order("service_tier"))


MIGRATION_MONTHS_SQL = Query(
    """
select distinct to_month as month from marts.customer_segment_migration
union
select distinct from_month from marts.customer_segment_migration
order by month
""",
    Reach.REFERENCE,
)


def migration_months() -> list[date]:
    """The month ends between which segment migration is available (the last few months)."""
    return [month.date() for month in fetch(MIGRATION_MONTHS_SQL)["month"]]


MIGRATION_SQL = Query(
    """
with segment_tiers as (
    select distinct segment, service_tier from marts.customer_rfm
)
select
    migration.from_segment,
    from_tiers.service_tier as from_service_tier,
    migration.to_segment,
    to_tiers.service_tier as to_service_tier,
    migration.customers,
    migration.revenue::double as revenue_net_cny
from marts.customer_segment_migration as migration
left join segment_tiers as from_tiers on migration.from_segment = from_tiers.segment
left join segment_tiers as to_tiers on migration.to_segment = to_tiers.segment
where migration.from_month = $from_month
    and migration.to_month = $to_month
    and (
        $segment = 'all'
        or migration.from_segment in (select segment from segment_tiers where service_tier = $segment)
    )
order by migration.customers desc, migration.from_segment, migration.to_segment
""",
    Reach.COMPANY,
)


def migration(from_month: date, to_month: date, segment: str = ALL) -> pd.DataFrame:
    """Customers per (segment at the end of ``from_month``, segment at the end of ``to_month``), with each
    segment's service tier, and the net revenue they placed in between; with a service tier, only customers
    who started in its segments."""
    return fetch(MIGRATION_SQL, from_month=from_month, to_month=to_month, segment=segment)


LIFECYCLE_STAGES_SQL = Query(
    f"""
select
    lifecycle_stage,
    count(*) as customers
from marts.customer_360
where lifecycle_stage is not null and {CUSTOMER_FILTER}
group by lifecycle_stage
order by list_position($stage_order, lifecycle_stage) nulls last, lifecycle_stage
""",
    Reach.REGION,
)


def lifecycle_stages(segment: str = ALL, region: str = ALL) -> pd.DataFrame:
    """Customers per lifecycle stage as of as_of, in stage order, for the service tier and region."""
    return fetch(
        LIFECYCLE_STAGES_SQL, segment=segment, region=region, stage_order=display_order("lifecycle_stage")
    )


LIFECYCLE_TRANSITIONS_SQL = Query(
    """
select
    month_start as month,
    to_stage,
    sum(customers) as customers
from marts.customer_lifecycle_transitions
where is_stage_change and from_stage <> '(new record)' and month_start between $start_month and $end_month
group by month_start, to_stage
order by month_start, list_position($stage_order, to_stage) nulls last, to_stage
""",
    Reach.COMPANY,
)


def lifecycle_transitions(start_month: date, end_month: date) -> pd.DataFrame:
    """Per month in the range and stage (in stage order): existing customers who moved into that stage that month."""
    return fetch(
        LIFECYCLE_TRANSITIONS_SQL,
        start_month=start_month,
        end_month=end_month,
        stage_order=display_order("lifecycle_stage"),
    )


COHORT_SQL = Query(
    """
select cohort_month, months_since, cohort_customers, ordering_share, active_share
from marts.customer_cohort_retention
where cohort_basis = $basis and cohort_month between $start_month and $end_month
order by cohort_month, months_since
""",
    Reach.COMPANY,
)


def cohort_retention(basis: str, start_month: date, end_month: date) -> pd.DataFrame:
    """Cohorts (by first order or signup month) starting in the range, month by month since: the share
    who ordered in the month and the share active at its end."""
    return fetch(COHORT_SQL, basis=basis, start_month=start_month, end_month=end_month)


TIER_CHANGES_SQL = Query(
    f"""
select
    month_start as month,
    tier_change,
    from_member_tier,
    to_member_tier,
    sum(customers)::bigint as customers
from marts.customer_tier_changes_summary
where month_start between $start_month and $end_month and {CUSTOMER_FILTER}
group by month_start, tier_change, from_member_tier, to_member_tier
order by month, tier_change, from_member_tier nulls first, to_member_tier nulls first
""",
    Reach.REGION,
)


def tier_changes(start_month: date, end_month: date, segment: str = ALL, region: str = ALL) -> pd.DataFrame:
    """Member tier upgrades and downgrades per month in the range and (from tier, to tier), for the
    customers now in the service tier and region (null: no member tier)."""
    return fetch(TIER_CHANGES_SQL, start_month=start_month, end_month=end_month, segment=segment, region=region)


CROSS_SELL_SQL = Query(
    """
select
    antecedent_category,
    consequent_category,
    pair_customers,
    support,
    confidence,
    lift
from marts.customer_cross_sell
order by lift desc, pair_customers desc, antecedent_category, consequent_category
""",
    Reach.COMPANY,
)


def cross_sell() -> pd.DataFrame:
    """Every category pair bought by the same customer within the window: support, confidence, lift."""
    return fetch(CROSS_SELL_SQL)
