{#-
    Segment migration between any two of the last var segment_migration_months month ends: for every
    (from, to) pair of month ends and every (from segment, to segment), the customers who moved so and the
    net revenue they placed in between (after from_snapshot_date, up to to_snapshot_date). A customer with
    no paid order yet at the earlier month end comes from segment null ('(no order yet)' / '尚未下单').
-#}
with

rfm_monthly as (

    select * from {{ ref('customer_rfm_monthly') }}

),

customer_months as (

    select customer_id, month_start, net_revenue_total from {{ ref('int_customer_months') }}

),

recent_months as (

    select month_start, snapshot_date
    from (select distinct month_start, snapshot_date from rfm_monthly) as months
    qualify row_number() over (order by month_start desc) <= {{ var('segment_migration_months') }}

),

month_pairs as (

    select
        from_months.month_start as from_month,
        from_months.snapshot_date as from_snapshot_date,
        to_months.month_start as to_month,
        to_months.snapshot_date as to_snapshot_date
    from recent_months as from_months
    inner join recent_months as to_months
        on from_months.month_start < to_months.month_start

),

moves as (

    select
        month_pairs.from_month,
        month_pairs.from_snapshot_date,
        month_pairs.to_month,
        month_pairs.to_snapshot_date,
        from_rfm.segment as from_segment,
        from_rfm.segment_zh as from_segment_zh,
        to_rfm.segment as to_segment,
        to_rfm.segment_zh as to_segment_zh,
        to_rfm.monetary - coalesce(from_revenue.net_revenue_total, 0) as revenue_between
    from month_pairs
    inner join rfm_monthly as to_rfm
        on to_rfm.month_start = month_pairs.to_month
    left join rfm_monthly as from_rfm
        on from_rfm.month_start = month_pairs.from_month
        and from_rfm.customer_id = to_rfm.customer_id
    left join customer_months as from_revenue
        on from_revenue.month_start = month_pairs.from_month
        and from_revenue.customer_id = to_rfm.customer_id

),

final as (

    select
        from_month,
        from_snapshot_date,
        to_month,
        to_snapshot_date,
        coalesce(from_segment, '(no order yet)') as from_segment,
        coalesce(from_segment_zh, '尚未下单') as from_segment_zh,
        to_segment,
        to_segment_zh,
        cast(count(*) as integer) as customers,
        cast(sum(revenue_between) as decimal(18, 2)) as revenue
    from moves
    group by 1, 2, 3, 4, 5, 6, 7, 8

)

select * from final
