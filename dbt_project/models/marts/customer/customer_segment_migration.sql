{#-
    Segment migration between any two of the last var segment_migration_months month ends: for every
    (from, to) pair of month ends and every (from segment, to segment), the customers who moved so and the
    net revenue they placed in between (after from_snapshot_date, up to to_snapshot_date). A customer with
    no paid order yet at the earlier month end comes from the catalogue's code '(no order yet)'.

    Incremental by pair of months: a pair depends only on its two month ends (the segments and totals of
    the earlier, the segments and monetary of the later), so a run recomputes the pairs whose months'
    fingerprints changed (_pair_fingerprint), usually those with the as_of month and the month late orders
    fall in, and keeps the others; the change_set strategy (macro change_set.sql) replaces a pair's
    rows and deletes the pairs whose earlier month left the last var segment_migration_months.
-#}
{%- set months_kept = var('segment_migration_months') %}
{{
    config(
        materialized='incremental',
        unique_key=['from_month', 'to_month'],
        incremental_strategy='change_set',
        history_column='from_month',
        history_months=months_kept,
        on_schema_change='fail'
    )
}}
-- the change_set strategy reads {{ ref('int_as_of_date') }}
with

recent_months as (

    select month_start, snapshot_date
    from (select distinct month_start, snapshot_date from {{ ref('customer_rfm_monthly') }}) as months
    qualify row_number() over (order by month_start desc) <= {{ months_kept }}

),

rfm_monthly as (

    select customer_id, month_start, segment, monetary
    from {{ ref('customer_rfm_monthly') }}
    where month_start in (select month_start from recent_months)

),

customer_months as (

    select customer_id, month_start, net_revenue_total
    from {{ ref('int_customer_months') }}
    where month_start in (select month_start from recent_months)

),

-- what a pair reads of each month: the segments and monetary of its customers (rfm) and their totals so far
month_fingerprints as (

    select
        recent_months.month_start,
        recent_months.snapshot_date,
        rfm.fingerprint as rfm_fingerprint,
        revenue.fingerprint as revenue_fingerprint
    from recent_months
    left join (
        select month_start, {{ fingerprint_agg(['customer_id', 'segment', 'monetary']) }} as fingerprint
        from rfm_monthly
        group by month_start
    ) as rfm
        on recent_months.month_start = rfm.month_start
    left join (
        select month_start, {{ fingerprint_agg(['customer_id', 'net_revenue_total']) }} as fingerprint
        from customer_months
        group by month_start
    ) as revenue
        on recent_months.month_start = revenue.month_start

),

month_pairs as (

    select
        from_months.month_start as from_month,
        from_months.snapshot_date as from_snapshot_date,
        to_months.month_start as to_month,
        to_months.snapshot_date as to_snapshot_date,
        {{ row_fingerprint([
            'from_months.snapshot_date', 'from_months.rfm_fingerprint', 'from_months.revenue_fingerprint',
            'to_months.snapshot_date', 'to_months.rfm_fingerprint',
        ]) }} as pair_fingerprint
    from month_fingerprints as from_months
    inner join month_fingerprints as to_months
        on from_months.month_start < to_months.month_start

),

recomputed_pairs as (

    select month_pairs.*
    from month_pairs
    {%- if is_incremental() %}
    left join (select distinct from_month, to_month, _pair_fingerprint from {{ this }}) as stored
        on month_pairs.from_month = stored.from_month
        and month_pairs.to_month = stored.to_month
    where stored._pair_fingerprint is distinct from month_pairs.pair_fingerprint
    {%- endif %}

),

moves as (

    select
        recomputed_pairs.from_month,
        recomputed_pairs.from_snapshot_date,
        recomputed_pairs.to_month,
        recomputed_pairs.to_snapshot_date,
        recomputed_pairs.pair_fingerprint,
        from_rfm.segment as from_segment,
        to_rfm.segment as to_segment,
        to_rfm.monetary - coalesce(from_revenue.net_revenue_total, 0) as revenue_between
    from recomputed_pairs
    inner join rfm_monthly as to_rfm
        on to_rfm.month_start = recomputed_pairs.to_month
    left join rfm_monthly as from_rfm
        on from_rfm.month_start = recomputed_pairs.from_month
        and from_rfm.customer_id = to_rfm.customer_id
    left join customer_months as from_revenue
        on from_revenue.month_start = recomputed_pairs.from_month
        and from_revenue.customer_id = to_rfm.customer_id

),

final as (

    select
        from_month,
        from_snapshot_date,
        to_month,
        to_snapshot_date,
        coalesce(from_segment, '(no order yet)') as from_segment,
        to_segment,
        cast(count(*) as integer) as customers,
        cast(sum(revenue_between) as decimal(18, 2)) as revenue,
        pair_fingerprint as _pair_fingerprint
    from moves
    group by 1, 2, 3, 4, 5, 6, pair_fingerprint

)

select * from final
