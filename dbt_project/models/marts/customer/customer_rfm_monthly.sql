{#-
    RFM at every month end (int_customer_months), one row per customer who had a paid order by then.
    Same rule as customer_rfm, which is this mart's as_of row: recency_days = days from the last paid
    order to snapshot_date; frequency = paid orders; monetary = net CNY of paid orders (refunds deducted).
    Scores are quintiles among that month end's customers (macro rfm_score: ties share a score, a lone
    customer scores 1-1-1); segments from the rfm_segments seed on (r_score, fm_score).

    Incremental: the scores of a month end depend on all its customers, so a run rebuilds the whole
    months whose inputs changed (macro changed_months: the fingerprint of the month's customer,
    snapshot date, last order, recency, frequency and monetary differs from the stored rows'), usually
    the as_of month and the months late or corrected orders fall in; the other months stay as stored.
    The change_set strategy (macro change_set.sql) replaces whole months and deletes those that left
    the history int_customer_months keeps. A change of the rfm_segments seed
    needs `dbt build --full-refresh`.
-#}
{%- set fingerprinted = ['customer_id', 'snapshot_date', 'last_order_date', 'recency_days'] %}
{{
    config(
        materialized='incremental',
        unique_key='month_start',
        incremental_strategy='change_set',
        history_column='month_start',
        on_schema_change='fail'
    )
}}
-- the change_set strategy reads {{ ref('int_as_of_date') }}
with

all_customer_months as (

    select * from {{ ref('int_customer_months') }}
    where paid_orders_total > 0

),
{% if is_incremental() %}
changed_months as (

    {{ changed_months(
        'all_customer_months', fingerprinted + ['paid_orders_total', 'net_revenue_total'],
        this, fingerprinted + ['frequency', 'monetary']
    ) }}

),
{% endif %}
customer_months as (

    select * from all_customer_months
    {%- if is_incremental() %}
    where month_start in (select month_start from changed_months)
    {%- endif %}

),

rfm_segments as (

    select * from {{ ref('rfm_segments') }}

),

measured as (

    select
        customer_id,
        month_start,
        snapshot_date,
        last_order_date,
        recency_days,
        paid_orders_total as frequency,
        net_revenue_total as monetary
    from customer_months

),

scored as (

    select
        *,
        {{ rfm_score('recency_days desc', partition_by='snapshot_date') }} as r_score,
        {{ rfm_score('frequency asc', partition_by='snapshot_date') }} as f_score,
        {{ rfm_score('monetary asc', partition_by='snapshot_date') }} as m_score
    from measured

),

fm_combined as (

    select
        *,
        cast(ceil((f_score + m_score) / 2.0) as integer) as fm_score
    from scored

),

final as (

    select
        fm_combined.customer_id,
        fm_combined.month_start,
        fm_combined.snapshot_date,
        fm_combined.last_order_date,
        fm_combined.recency_days,
        fm_combined.frequency,
        fm_combined.monetary,
        fm_combined.r_score,
        fm_combined.f_score,
        fm_combined.m_score,
        fm_combined.fm_score,
        cast(fm_combined.r_score as varchar) || '-' || cast(fm_combined.fm_score as varchar) as rfm_cell,
        rfm_segments.segment,
        rfm_segments.service_tier

    from fm_combined

    left join rfm_segments
        on fm_combined.r_score = rfm_segments.r_score
        and fm_combined.fm_score = rfm_segments.fm_score

)

select * from final
