{#-
    One row per resolved customer with a timeline event: a fingerprint of all their events (macro
    fingerprint_agg over every column), which decides whose rows an incremental run of customer_timeline
    rewrites.
-#}
with

events as (

    select * from {{ ref('int_customer_timeline_events') }}

),

final as (

    select
        customer_id,
        {{ fingerprint_agg(['event_at', 'event_kind', 'event_id', 'detail', 'detail_zh', 'channel', 'amount_cny', 'score', 'sentiment']) }}
            as timeline_fingerprint
    from events
    group by customer_id

)

select * from final
