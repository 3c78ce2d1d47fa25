{#-
    Interactions opened on or before as_of with the resolved customer found by identity stitching (by
    customer id, phone, e-mail or social handle, transitively). Carries no personal data.
-#}
with

interactions as (

    select * from {{ ref('stg_interactions__interactions') }}

),

identities as (

    select source_record_id, resolved_customer_id, has_crm_account
    from {{ ref('int_customer_identities_stitched') }}
    where source_system = 'interactions'

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

final as (

    select
        interactions.interaction_id,
        identities.resolved_customer_id as customer_id,
        identities.has_crm_account,
        interactions.channel,
        interactions.kind,
        interactions.category,
        interactions.status,
        interactions.satisfaction_score,
        interactions.opened_at,
        cast(interactions.opened_at as date) as opened_date,
        interactions.kind = 'complaint' as is_complaint,
        interactions.status in ('open', 'in_progress', 'reopened') as is_open
    from interactions
    inner join identities
        on interactions.interaction_id = identities.source_record_id
    cross join as_of
    where cast(interactions.opened_at as date) <= as_of.as_of_date

)

select * from final
