{#-
    One row per service interaction opened on or before as_of: durations, SLA flags, routing and the
    scores of its text. Measured up to the end of the as_of day (the cut-off).
    - Impossible timestamps (responded or resolved before opened, resolved before the first response,
      followed up before resolved) are flagged with their reason; such rows get no durations and no SLA
      flags, so every SLA figure leaves them out instead of counting nonsense.
    - first_response_sla_met: responded within var sla_first_response_hours of opening (equal meets it);
      without a response time, the desk's own responded_timely flag stands in; no first response at all
      misses it once that time has passed by the cut-off, before that it is pending (null), and where
      the ticket's source records no response times at all it is unknown (null), not missed. A ticket
      without an opening time (int_interactions_resolved.has_opening_time) is unknown on both, unless the
      desk's flag decides its first response.
      resolution_sla_met: the same with var sla_resolution_hours (no flag stands in).
    - first_response_sla_status / resolution_sla_status: met, missed, pending, unknown or impossible, so
      the marts count the unknown apart from the pending.
    - follow_up_sla_met: complaints only (the follow-up call is due after a resolved complaint): called
      within var sla_follow_up_hours of the resolution; no call misses it once that time has passed.
    - routed_department: where the category should go (seed complaint_routing); is_misrouted compares it
      with the department the desk recorded, for complaints.
    - is_open: status open, in progress or reopened (the backlog); age_days counts from opening to as_of.
-#}
{%- set first_response_seconds = var('sla_first_response_hours') * 3600 %}
{%- set resolution_seconds = var('sla_resolution_hours') * 3600 %}
{%- set follow_up_seconds = var('sla_follow_up_hours') * 3600 %}
with

interactions as (

    select * from {{ ref('int_interactions_resolved') }}

),

text_scores as (

    select record_id as interaction_id, language, sentiment, sentiment_score, topic
    from {{ ref('stg_text__scores') }}
    where record_kind = 'interaction'

),

routing as (

    select * from {{ ref('complaint_routing') }}

),

as_of as (

    select
        as_of_date,
        cast({{ dbt.dateadd('day', 1, 'as_of_date') }} as timestamp) as cutoff_at
    from {{ ref('int_as_of_date') }}

),

checked as (

    select
        interactions.*,
        as_of.as_of_date,
        as_of.cutoff_at,
        case
            when interactions.has_opening_time and interactions.first_response_at < interactions.opened_at
                then 'responded before opened'
            when interactions.has_opening_time and interactions.resolved_at < interactions.opened_at
                then 'resolved before opened'
            when interactions.resolved_at < interactions.first_response_at then 'resolved before first response'
            when interactions.followed_up_at < interactions.resolved_at then 'followed up before resolved'
        end as impossible_reason
    from interactions
    cross join as_of
    where cast(interactions.opened_at as date) <= as_of.as_of_date

),

durations as (

    select
        checked.*,
        impossible_reason is not null as has_impossible_timestamps,
        case when impossible_reason is null and has_opening_time
            then {{ dbt.datediff('opened_at', 'first_response_at', 'second') }} end as first_response_seconds,
        case when impossible_reason is null and has_opening_time
            then {{ dbt.datediff('opened_at', 'resolved_at', 'second') }} end as resolution_seconds,
        case when impossible_reason is null
            then {{ dbt.datediff('resolved_at', 'followed_up_at', 'second') }} end as follow_up_seconds,
        {{ dbt.datediff('opened_at', 'cutoff_at', 'second') }} as seconds_open_by_cutoff,
        {{ dbt.datediff('resolved_at', 'cutoff_at', 'second') }} as seconds_resolved_by_cutoff
    from checked

),

final as (

    select
        ----------  ids
        durations.interaction_id,
        durations.source_system,
        -- the CRM customer: the resolved person when they have a CRM account
        case when durations.has_crm_account then durations.customer_id end as customer_id,

        ----------  properties
        durations.channel,
        durations.kind,
        durations.category,
        durations.status,
        durations.department,
        routing.department as routed_department,
        durations.kind = 'complaint' as is_complaint,
        durations.kind = 'requirement' as is_requirement,
        durations.kind = 'complaint' and durations.department <> routing.department as is_misrouted,
        durations.satisfaction_score,

        ----------  timestamps (naive UTC)
        durations.opened_at,
        cast(durations.opened_at as date) as opened_date,
        cast({{ dbt.date_trunc('month', 'durations.opened_at') }} as date) as opened_month,
        durations.first_response_at,
        durations.resolved_at,
        durations.followed_up_at,

        ----------  timestamp checks
        durations.has_impossible_timestamps,
        durations.impossible_reason,

        ----------  durations
        round(durations.first_response_seconds / 60.0, 2) as first_response_minutes,
        round(durations.resolution_seconds / 3600.0, 3) as resolution_hours,
        round(durations.follow_up_seconds / 3600.0, 3) as follow_up_hours,

        ----------  SLA (null: not applicable, still pending, or impossible timestamps)
        case
            when durations.has_impossible_timestamps then null
            when not durations.has_opening_time then durations.responded_timely
            when durations.first_response_at is not null
                then durations.first_response_seconds <= {{ first_response_seconds }}
            when durations.responded_timely is not null then durations.responded_timely
            when durations.source_records_first_response = false then null
            when durations.seconds_open_by_cutoff > {{ first_response_seconds }} then false
        end as first_response_sla_met,
        case
            when durations.has_impossible_timestamps then 'impossible'
            when not durations.has_opening_time then
                case when durations.responded_timely then 'met' when not durations.responded_timely then 'missed'
                    else 'unknown' end
            when durations.first_response_at is not null or durations.responded_timely is not null then
                case when coalesce(durations.first_response_seconds <= {{ first_response_seconds }},
                                   durations.responded_timely) then 'met' else 'missed' end
            when durations.source_records_first_response = false then 'unknown'
            when durations.seconds_open_by_cutoff > {{ first_response_seconds }} then 'missed'
            else 'pending'
        end as first_response_sla_status,
        case
            when durations.has_impossible_timestamps or not durations.has_opening_time then null
            when durations.resolved_at is not null
                then durations.resolution_seconds <= {{ resolution_seconds }}
            when durations.source_records_resolution = false then null
            when durations.seconds_open_by_cutoff > {{ resolution_seconds }} then false
        end as resolution_sla_met,
        case
            when durations.has_impossible_timestamps then 'impossible'
            when not durations.has_opening_time then 'unknown'
            when durations.resolved_at is not null then
                case when durations.resolution_seconds <= {{ resolution_seconds }} then 'met' else 'missed' end
            when durations.source_records_resolution = false then 'unknown'
            when durations.seconds_open_by_cutoff > {{ resolution_seconds }} then 'missed'
            else 'pending'
        end as resolution_sla_status,
        case
            when durations.has_impossible_timestamps or durations.kind <> 'complaint' then null
            when durations.resolved_at is null then null
            when durations.followed_up_at is not null
                then durations.follow_up_seconds <= {{ follow_up_seconds }}
            when durations.seconds_resolved_by_cutoff > {{ follow_up_seconds }} then false
        end as follow_up_sla_met,

        ----------  state as of as_of
        durations.resolved_at is not null and not durations.has_impossible_timestamps as is_resolved,
        durations.status = 'reopened' as is_reopened,
        durations.status in ('open', 'in_progress', 'reopened') as is_open,
        {{ dbt.datediff('cast(durations.opened_at as date)', 'durations.as_of_date', 'day') }} as age_days,

        ----------  text (scored by the text assets)
        text_scores.language as text_language,
        text_scores.sentiment as text_sentiment,
        text_scores.sentiment_score as text_sentiment_score,
        text_scores.topic as text_topic

    from durations
    left join routing
        on durations.category = routing.category
    left join text_scores
        on durations.interaction_id = text_scores.interaction_id

)

select * from final
