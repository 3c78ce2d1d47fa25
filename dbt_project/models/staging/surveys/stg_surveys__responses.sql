{{ config(unique_key='response_id') }}

with

latest_records as (

    -- raw is append-only: keep the latest load of each invitation (an answer may arrive in a later export);
    -- incremental: only the loads after the newest one this table holds (macro latest_records)
    {{ latest_records(source('surveys', 'responses'), 'response_id') }}

),

renamed as (

    select
        ----------  ids
        source_system,
        response_id,
        survey_id,
        -- a review of an order is its customer's: the order's customer when the tool sent no customer id
        coalesce(
            nullif(trim(customer_id), ''),
            (select min(orders.customer_id) from {{ ref('stg_orders__orders') }} as orders
             where orders.order_id = latest_records.order_id)
        ) as customer_id,

        ----------  personal data (unmasked: stays in staging)
        {{ normalize_email('email') }} as email,
        {{ normalize_phone('phone') }} as phone,
        nullif(trim(social_handle), '') as social_handle,

        ----------  properties
        channel,
        responded_at is not null as is_responded,
        nps as nps_score,
        csat as csat_score,
        score_product_quality,
        score_service_response,
        score_communication,
        comment as comment_text,

        ----------  timestamps (naive UTC)
        {{ to_utc_timestamp('sent_at') }} as sent_at,
        {{ to_utc_timestamp('responded_at') }} as responded_at,

        ----------  lineage
        _load_id,
        _source_file,
        {{ to_utc_timestamp('_loaded_at') }} as _loaded_at

    from latest_records

)

select * from renamed
