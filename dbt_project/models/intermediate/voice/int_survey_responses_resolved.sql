{#-
    Answered survey invitations (responded on or before as_of) with the resolved customer found by
    identity stitching. Carries no personal data.
-#}
with

responses as (

    select * from {{ ref('stg_surveys__responses') }}

),

identities as (

    select source_record_id, resolved_customer_id
    from {{ ref('int_customer_identities_stitched') }}
    where source_system = 'surveys'

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

final as (

    select
        responses.response_id,
        identities.resolved_customer_id as customer_id,
        responses.survey_id,
        responses.channel,
        responses.nps_score,
        responses.csat_score,
        responses.responded_at,
        cast(responses.responded_at as date) as responded_date
    from responses
    inner join identities
        on responses.response_id = identities.source_record_id
    cross join as_of
    where responses.is_responded
        and cast(responses.responded_at as date) <= as_of.as_of_date

)

select * from final
