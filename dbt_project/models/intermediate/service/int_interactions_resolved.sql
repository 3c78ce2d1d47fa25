{#-
    Every interaction with the person identity stitching resolved it to (int_customer_identities_stitched,
    by customer id, phone, e-mail or social handle, transitively) and whether that person has a CRM
    account. All interactions, whatever their date: a reader that counts up to as_of keeps those opened
    on or before it. The same resolution as customer_360, so service and customer figures count the same
    people. No personal data leaves here.
    source_records_first_response / source_records_resolution: whether the ticket's source records that
    timestamp at all (a helpdesk export may have none): where it does not, a missing time is unknown, not
    late (fct_interactions).
    opened_at: when the ticket was opened; a ticket whose source records no opening time is still an
    interaction, dated by its first recorded time (first response, resolution, follow-up), and
    has_opening_time is false: no duration or SLA can be measured from it (fct_interactions: unknown).
-#}
with

interactions as (

    select
        *,
        {{ interaction_dated_at() }} as dated_at
    from {{ ref('stg_interactions__interactions') }}

),

source_recording as (

    select
        source_system,
        count(first_response_at) > 0 as source_records_first_response,
        count(resolved_at) > 0 as source_records_resolution
    from interactions
    group by source_system

),

identities as (

    select source_record_id, resolved_customer_id, match_rule, has_crm_account
    from {{ ref('int_customer_identities_stitched') }}
    where source_system = 'interactions'

),

final as (

    select
        interactions.interaction_id,
        interactions.source_system,
        identities.resolved_customer_id as customer_id,
        coalesce(identities.has_crm_account, false) as has_crm_account,
        case when identities.has_crm_account then identities.match_rule end as match_method,
        interactions.customer_id as source_customer_id,
        interactions.channel,
        interactions.kind,
        interactions.category,
        interactions.status,
        interactions.agent_name,
        interactions.department,
        interactions.satisfaction_score,
        interactions.dated_at as opened_at,
        cast(interactions.dated_at as date) as opened_date,
        interactions.opened_at is not null as has_opening_time,
        interactions.first_response_at,
        interactions.resolved_at,
        interactions.followed_up_at,
        interactions.responded_timely,
        source_recording.source_records_first_response,
        source_recording.source_records_resolution,
        interactions.kind = 'complaint' as is_complaint,
        interactions.status in ('open', 'in_progress', 'reopened') as is_open
    from interactions
    left join identities
        on interactions.interaction_id = identities.source_record_id
    left join source_recording
        on interactions.source_system = source_recording.source_system

)

select * from final
