{#-
    Per resolved customer with a paid order (up to as_of), what their paid orders add up to over their
    whole history: orders, net CNY, first and last order, the favourite category (most net spend on paid
    order lines; ties: more units, then the first name) and the favourite sales channel (most paid orders;
    ties: more net CNY, then the first name). customer_360 reads it instead of joining every order line at
    every build.

    Incremental by change set (macro change_set.sql): these figures depend only on the customer's own paid
    orders and lines, so a run recomputes the people of int_people_changed's new batches and keeps
    everybody else's row. A change of the currency_rates seed needs `insight build --full-refresh`.
-#}
{{
    config(
        materialized='incremental',
        unique_key='customer_id',
        incremental_strategy='change_set',
        person_column='customer_id',
        on_schema_change='fail'
    )
}}

with

paid_orders as (

    select order_id, customer_id, ordered_at, channel, rate_to_cny, net_amount_cny
    from {{ ref('int_paid_orders_resolved') }}
    {{ only_people_changed('customer_id') }}

),

order_items as (

    select order_id, category, quantity, line_amount from {{ ref('stg_orders__order_items') }}

),

order_totals as (

    select
        customer_id,
        count(*) as lifetime_orders,
        sum(net_amount_cny) as lifetime_revenue,
        min(ordered_at) as first_order_at,
        max(ordered_at) as last_order_at
    from paid_orders
    group by customer_id

),

favourite_categories as (

    select
        paid_orders.customer_id,
        order_items.category as favourite_category
    from paid_orders
    inner join order_items
        on paid_orders.order_id = order_items.order_id
    group by paid_orders.customer_id, order_items.category
    qualify row_number() over (
        partition by paid_orders.customer_id
        order by sum(order_items.line_amount * paid_orders.rate_to_cny) desc, sum(order_items.quantity) desc, order_items.category asc
    ) = 1

),

favourite_channels as (

    select
        customer_id,
        channel as favourite_channel
    from paid_orders
    where channel is not null
    group by customer_id, channel
    qualify row_number() over (
        partition by customer_id
        order by count(*) desc, sum(net_amount_cny) desc, channel asc
    ) = 1

),

final as (

    select
        order_totals.customer_id,
        cast(order_totals.lifetime_orders as integer) as lifetime_orders,
        cast(order_totals.lifetime_revenue as decimal(18, 2)) as lifetime_revenue,
        order_totals.first_order_at,
        order_totals.last_order_at,
        favourite_categories.favourite_category,
        favourite_channels.favourite_channel,
        {{ change_set_lineage() }}
    from order_totals
    left join favourite_categories
        on order_totals.customer_id = favourite_categories.customer_id
    left join favourite_channels
        on order_totals.customer_id = favourite_channels.customer_id

)

select * from final
