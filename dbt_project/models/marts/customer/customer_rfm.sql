{#-
    RFM as of int_as_of_date, one row per resolved customer (identity stitching: a person's CRM accounts
    count as one customer) with at least one paid order on or before as_of: the as_of row of
    customer_rfm_monthly, where the rule lives.
-#}
with

rfm_monthly as (

    select * from {{ ref('customer_rfm_monthly') }}

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

final as (

    select
        rfm_monthly.customer_id,
        rfm_monthly.snapshot_date as as_of_date,
        rfm_monthly.last_order_date,
        rfm_monthly.recency_days,
        rfm_monthly.frequency,
        rfm_monthly.monetary,
        rfm_monthly.r_score,
        rfm_monthly.f_score,
        rfm_monthly.m_score,
        rfm_monthly.fm_score,
        rfm_monthly.rfm_cell,
        rfm_monthly.segment,
        rfm_monthly.service_tier
    from rfm_monthly
    inner join as_of
        on rfm_monthly.snapshot_date = as_of.as_of_date

)

select * from final
