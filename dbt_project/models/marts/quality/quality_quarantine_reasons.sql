-- Quarantined rows per source table, load day and reason.
with

loads as (

    select * from {{ ref('stg_meta__loads') }}

),

reasons as (

    select * from {{ ref('stg_meta__load_reasons') }}

),

final as (

    select
        loads.source,
        loads.entity,
        loads.source_table,
        loads.load_date,
        reasons.reason_kind,
        reasons.reason,
        sum(reasons.rows_quarantined) as rows_quarantined

    from reasons
    inner join loads using (load_id)
    group by all

)

select * from final
