"""Service: SLA attainment, backlog and ageing, complaints by category and department, requirements."""

from datetime import date

import pandas as pd

from dashboards.filters import ALL
from dashboards.queries import Query, Reach, fetch

SERVICE_CHANNELS_SQL = Query(
    """
select distinct channel from marts.service_sla_monthly where channel <> 'all' order by channel
""",
    Reach.REFERENCE,
)


def service_channels() -> list[str]:
    """The channels tickets come through (the channel filter's options on this page)."""
    return fetch(SERVICE_CHANNELS_SQL)["channel"].tolist()


SLA_MONTHLY_SQL = Query(
    """
select
    month,
    tickets,
    first_response_sla_rate,
    resolution_sla_rate,
    follow_up_sla_rate,
    first_response_sla_decided - first_response_sla_met as first_response_breaches,
    resolution_sla_decided - resolution_sla_met as resolution_breaches,
    follow_up_sla_decided - follow_up_sla_met as follow_up_breaches,
    first_response_sla_unknown,
    resolution_sla_unknown,
    median_first_response_minutes,
    median_resolution_hours,
    resolution_rate,
    reopen_rate,
    mean_satisfaction
from marts.service_sla_monthly
where month between $start_month and $end_month and kind = $kind and channel = $channel
    and routed_department = 'all'
order by month
""",
    Reach.COMPANY,
)


def sla_monthly(start_month: date, end_month: date, channel: str = ALL, kind: str = ALL) -> pd.DataFrame:
    """Per month opened, tickets of ``kind`` ('all' or e.g. 'requirement') on the channel: SLA rates and
    breaches (first response 1 h, resolution 24 h, follow-up call), medians, resolution and reopen rates."""
    return fetch(SLA_MONTHLY_SQL, start_month=start_month, end_month=end_month, channel=channel, kind=kind)


SLA_BY_SOURCE_SQL = Query(
    """
select
    source_system,
    count(*) as tickets,
    count(*) filter (first_response_sla_met)::double / nullif(count(first_response_sla_met), 0)
        as first_response_sla_rate,
    count(*) filter (resolution_sla_met)::double / nullif(count(resolution_sla_met), 0) as resolution_sla_rate,
    count(*) filter (first_response_sla_status = 'unknown') as first_response_sla_unknown,
    count(*) filter (resolution_sla_status = 'unknown') as resolution_sla_unknown
from marts.fct_interactions
where opened_month between $start_month and $end_month and ($channel = 'all' or channel = $channel)
group by source_system
order by tickets desc, source_system
""",
    Reach.COMPANY,
)


def sla_by_source(start_month: date, end_month: date, channel: str = ALL) -> pd.DataFrame:
    """Per declared source of the tickets opened in the months on the channel: tickets, SLA rates over the
    decided tickets and the tickets whose SLA is unknown (a source may record no response times)."""
    return fetch(SLA_BY_SOURCE_SQL, start_month=start_month, end_month=end_month, channel=channel)


SLA_TARGETS_SQL = Query(
    """
select kpi, target
from marts.kpi_monthly
where month = $month and kpi in ('first_response_1h_rate', 'resolved_24h_rate', 'requirement_resolution_rate')
""",
    Reach.COMPANY,
)


def sla_targets(month: date) -> dict[str, float]:
    """The month's targets (the kpi entries of the definitions seed) for the 1 h, 24 h and requirement resolution rates, by kpi."""
    targets = fetch(SLA_TARGETS_SQL, month=month).dropna()
    return dict(zip(targets["kpi"], targets["target"], strict=True))


BACKLOG_SQL = Query(
    """
select
    routed_department,
    age_bucket_order,
    any_value(age_bucket) as age_bucket,
    sum(open_tickets) as open_tickets,
    max(oldest_age_days) as oldest_age_days
from marts.service_backlog
group by routed_department, age_bucket_order
order by routed_department, age_bucket_order
""",
    Reach.COMPANY,
)


def backlog() -> pd.DataFrame:
    """Open tickets as of as_of per routed department and age bucket, with the oldest ticket's age."""
    return fetch(BACKLOG_SQL)


COMPLAINTS_SQL = Query(
    """
select
    category,
    any_value(routed_department) as routed_department,
    sum(complaints) as complaints,
    sum(resolution_sla_met)::double / nullif(sum(resolution_sla_decided), 0) as resolution_sla_rate,
    sum(reopened_complaints) as reopened_complaints,
    sum(misrouted_complaints) as misrouted_complaints,
    sum(negative_texts) as negative_texts
from marts.service_complaints_monthly
where month between $start_month and $end_month
group by category
order by complaints desc, category
""",
    Reach.COMPANY,
)


def complaints(start_month: date, end_month: date) -> pd.DataFrame:
    """Complaints opened in the months per category, with the department it is routed to, resolution SLA
    rate, reopened, misrouted and negative-text counts."""
    return fetch(COMPLAINTS_SQL, start_month=start_month, end_month=end_month)
