-- marts/customer/customer_rfm (its rule lives in customer_rfm_monthly and int_customer_months): as of
-- as_of, per customer with a CRM account and a paid order on or before as_of: recency_days = days since
-- the last paid order, frequency = paid orders, monetary = net CNY of paid orders. Scores are quintiles
-- by rank (macro rfm_score: ties share a score, the worst fifth scores 1); fm_score = ceil((f + m) / 2);
-- segments from the rfm_segments seed.
-- Unlike dbt, there is no identity stitching: a customer is a CRM customer_id, and orders count for the
-- account that placed them (dbt adds up the accounts of one person).

create or replace table bare.customer_rfm as
with

paid_orders as (
    select fct.customer_id, fct.order_date, fct.net_amount_cny
    from bare.fct_orders as fct
    inner join bare.customers
        on fct.customer_id = customers.customer_id
    cross join bare.as_of
    where fct.is_paid
        and fct.order_date <= as_of.as_of_date
),

measured as (
    select
        paid_orders.customer_id,
        as_of.as_of_date,
        max(paid_orders.order_date) as last_order_date,
        date_diff('day', max(paid_orders.order_date), as_of.as_of_date) as recency_days,
        cast(count(*) as integer) as frequency,
        cast(sum(paid_orders.net_amount_cny) as decimal(18, 2)) as monetary
    from paid_orders
    cross join bare.as_of
    group by paid_orders.customer_id, as_of.as_of_date
),

scored as (
    select
        *,
        cast(1 + floor(5 * (rank() over (order by recency_days desc) - 1) / (1.0 * count(*) over ())) as integer) as r_score,
        cast(1 + floor(5 * (rank() over (order by frequency asc) - 1) / (1.0 * count(*) over ())) as integer) as f_score,
        cast(1 + floor(5 * (rank() over (order by monetary asc) - 1) / (1.0 * count(*) over ())) as integer) as m_score
    from measured
),

fm_combined as (
    select *, cast(ceil((f_score + m_score) / 2.0) as integer) as fm_score
    from scored
)

select
    fm_combined.customer_id,
    fm_combined.as_of_date,
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
left join bare.rfm_segments as rfm_segments
    on fm_combined.r_score = rfm_segments.r_score
    and fm_combined.fm_score = rfm_segments.fm_score;
