{#-
    Service figures per month of opening, overall and by kind, channel and routed department ('all' =
    total over that dimension). SLA rates count only tickets whose flag is decided (met or missed):
    impossible timestamps, pending tickets and unknown ones (their source records no such time and no
    flag stands in) are out of both numerator and denominator; the unknown are counted apart.
    resolution_rate = resolved / opened (the requirement resolution rate on the kind = 'requirement'
    rows); reopen_rate = reopened / resolved.
-#}
with

interactions as (

    select * from {{ ref('fct_interactions') }}

),

counted as (

    select
        opened_month as month,
        case when grouping(kind) = 1 then 'all' else kind end as kind,
        case when grouping(channel) = 1 then 'all' else channel end as channel,
        case when grouping(routed_department) = 1 then 'all' else coalesce(routed_department, 'unrouted') end
            as routed_department,
        count(*) as tickets,
        sum(case when has_impossible_timestamps then 1 else 0 end) as impossible_tickets,
        count(first_response_sla_met) as first_response_sla_decided,
        sum(case when first_response_sla_status = 'unknown' then 1 else 0 end) as first_response_sla_unknown,
        sum(case when resolution_sla_status = 'unknown' then 1 else 0 end) as resolution_sla_unknown,
        sum(case when first_response_sla_met then 1 else 0 end) as first_response_sla_met,
        count(resolution_sla_met) as resolution_sla_decided,
        sum(case when resolution_sla_met then 1 else 0 end) as resolution_sla_met,
        count(follow_up_sla_met) as follow_up_sla_decided,
        sum(case when follow_up_sla_met then 1 else 0 end) as follow_up_sla_met,
        sum(case when is_resolved then 1 else 0 end) as resolved_tickets,
        sum(case when is_reopened then 1 else 0 end) as reopened_tickets,
        sum(case when is_open then 1 else 0 end) as open_tickets,
        sum(case when is_complaint then 1 else 0 end) as complaints,
        sum(case when is_misrouted then 1 else 0 end) as misrouted_complaints,
        median(first_response_minutes) as median_first_response_minutes,
        median(resolution_hours) as median_resolution_hours,
        avg(satisfaction_score) as mean_satisfaction
    from interactions
    group by grouping sets (
        (opened_month),
        (opened_month, kind),
        (opened_month, channel),
        (opened_month, routed_department)
    )

),

final as (

    select
        *,
        cast(first_response_sla_met as double) / nullif(first_response_sla_decided, 0) as first_response_sla_rate,
        cast(resolution_sla_met as double) / nullif(resolution_sla_decided, 0) as resolution_sla_rate,
        cast(follow_up_sla_met as double) / nullif(follow_up_sla_decided, 0) as follow_up_sla_rate,
        cast(resolved_tickets as double) / nullif(tickets, 0) as resolution_rate,
        cast(reopened_tickets as double) / nullif(resolved_tickets, 0) as reopen_rate
    from counted

)

select * from final
