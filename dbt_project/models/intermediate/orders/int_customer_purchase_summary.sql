{#-
    The BG/NBD and Gamma-Gamma inputs per resolved customer with a CRM account and a paid order, as of
    as_of, in weeks as in the literature: purchases are purchase days with positive net spend (several
    orders on one day are one purchase). frequency = repeat purchase days; recency_weeks = first to last
    purchase day; t_weeks = first purchase day to as_of; monetary_value = mean net CNY of the repeat
    purchase days (0 without repeats).
-#}
with

paid_orders as (

    select * from {{ ref('int_paid_orders_resolved') }}

),

identities as (

    select distinct resolved_customer_id
    from {{ ref('int_customer_identities_stitched') }}
    where has_crm_account

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

purchase_days as (

    select
        paid_orders.customer_id,
        paid_orders.order_date,
        sum(paid_orders.net_amount_cny) as day_net_cny
    from paid_orders
    inner join identities
        on paid_orders.customer_id = identities.resolved_customer_id
    group by paid_orders.customer_id, paid_orders.order_date
    having sum(paid_orders.net_amount_cny) > 0

),

numbered as (

    select
        *,
        row_number() over (partition by customer_id order by order_date) as purchase_no
    from purchase_days

),

final as (

    select
        numbered.customer_id,
        as_of.as_of_date,
        cast(count(*) - 1 as integer) as frequency,
        {{ dbt.datediff('min(numbered.order_date)', 'max(numbered.order_date)', 'day') }} / 7.0 as recency_weeks,
        {{ dbt.datediff('min(numbered.order_date)', 'as_of.as_of_date', 'day') }} / 7.0 as t_weeks,
        cast(coalesce(avg(case when numbered.purchase_no > 1 then numbered.day_net_cny end), 0) as double) as monetary_value
    from numbered
    cross join as_of
    group by numbered.customer_id, as_of.as_of_date

)

select * from final
