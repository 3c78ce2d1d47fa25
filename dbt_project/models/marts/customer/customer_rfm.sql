{#-
    RFM as of int_as_of_date, one row per CRM customer with at least one paid order on or before as_of.
    recency_days = days from the last paid order to as_of; frequency = paid orders;
    monetary = sum of net_amount_cny of all the customer's orders (refunded and cancelled orders add 0).
    Orders after as_of are ignored. Each score is a quintile 1-5 among these customers (5 = best) where
    ties share a score (see macro rfm_score); a lone customer scores 1-1-1.
-#}
with

customers as (

    select customer_id from {{ ref('stg_crm__customers') }}

),

orders as (

    select customer_id, order_date, is_paid, net_amount_cny from {{ ref('fct_orders') }}

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

rfm_segments as (

    select * from {{ ref('rfm_segments') }}

),

orders_to_date as (

    select
        orders.customer_id,
        orders.order_date,
        orders.is_paid,
        orders.net_amount_cny,
        as_of.as_of_date
    from orders
    cross join as_of
    where orders.order_date <= as_of.as_of_date

),

customer_order_totals as (

    select
        customer_id,
        as_of_date,
        max(case when is_paid then order_date end) as last_order_date,
        sum(case when is_paid then 1 else 0 end) as frequency,
        sum(net_amount_cny) as monetary
    from orders_to_date
    group by customer_id, as_of_date

),

paying_customers as (

    select
        customer_order_totals.customer_id,
        customer_order_totals.as_of_date,
        customer_order_totals.last_order_date,
        {{ dbt.datediff('customer_order_totals.last_order_date', 'customer_order_totals.as_of_date', 'day') }}
            as recency_days,
        cast(customer_order_totals.frequency as integer) as frequency,
        cast(customer_order_totals.monetary as decimal(18, 2)) as monetary
    from customer_order_totals
    inner join customers
        on customer_order_totals.customer_id = customers.customer_id
    where customer_order_totals.frequency > 0

),

scored as (

    select
        *,
        {{ rfm_score('recency_days desc') }} as r_score,
        {{ rfm_score('frequency asc') }} as f_score,
        {{ rfm_score('monetary asc') }} as m_score
    from paying_customers

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
        rfm_segments.segment_zh,
        rfm_segments.service_tier,
        rfm_segments.service_tier_zh

    from fm_combined

    left join rfm_segments
        on fm_combined.r_score = rfm_segments.r_score
        and fm_combined.fm_score = rfm_segments.fm_score

)

select * from final
