{#-
    Per resolved customer with a paid order (up to as_of), what their paid orders add up to over their
    whole history: orders, net CNY, first and last order, the favourite category (most net spend on paid
    order lines; ties: more units, then the first name) and the favourite sales channel (most paid orders;
    ties: more net CNY, then the first name). customer_360 reads it instead of joining every order line at
    every build.

    Incremental: these figures depend only on the customer's own paid orders and lines, so a run
    recomputes the customers whose purchase fingerprint changed (int_customer_purchase_fingerprints: new
    or re-sent orders and lines, identity merges) and keeps everybody else's row; a post-hook deletes the
    rows whose fingerprint is no longer the customer's (customers merged away or left without a paid
    order). A change of the currency_rates seed needs `dbt build --full-refresh`.
-#}
{{
    config(
        materialized='incremental',
        unique_key='customer_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook=stale_fingerprint_rows_hook('int_customer_purchase_fingerprints', 'customer_id', 'purchase_fingerprint', '_purchase_fingerprint')
    )
}}

with

recomputed_customers as (

    {{ customers_to_recompute('int_customer_purchase_fingerprints', 'customer_id', 'purchase_fingerprint', '_purchase_fingerprint') }}

),

paid_orders as (

    select order_id, customer_id, ordered_at, channel, rate_to_cny, net_amount_cny
    from {{ ref('int_paid_orders_resolved') }}
    where customer_id in (select customer_id from recomputed_customers)

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
        recomputed_customers.customer_id,
        cast(order_totals.lifetime_orders as integer) as lifetime_orders,
        cast(order_totals.lifetime_revenue as decimal(18, 2)) as lifetime_revenue,
        order_totals.first_order_at,
        order_totals.last_order_at,
        favourite_categories.favourite_category,
        favourite_channels.favourite_channel,
        recomputed_customers.purchase_fingerprint as _purchase_fingerprint
    from recomputed_customers
    inner join order_totals
        on recomputed_customers.customer_id = order_totals.customer_id
    left join favourite_categories
        on recomputed_customers.customer_id = favourite_categories.customer_id
    left join favourite_channels
        on recomputed_customers.customer_id = favourite_channels.customer_id

)

select * from final
