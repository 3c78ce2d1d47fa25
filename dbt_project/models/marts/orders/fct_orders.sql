{#-
    One row per order, amounts in CNY.
    net_amount_cny = amount - refund for a paid order (a partly refunded order is still paid);
    0 for a refunded (in full) or cancelled order. A refunded order counts its whole amount as refunded.
-#}
with

orders as (

    select * from {{ ref('stg_orders__orders') }}

),

order_items as (

    select * from {{ ref('stg_orders__order_items') }}

),

currency_rates as (

    select * from {{ ref('currency_rates') }}

),

order_item_totals as (

    select
        order_id,
        count(*) as item_count,
        sum(quantity) as quantity
    from order_items
    group by order_id

),

orders_in_cny as (

    select
        orders.order_id,
        orders.customer_id,
        orders.ordered_at,
        orders.status,
        orders.currency,
        orders.amount,
        orders.refund_amount,
        orders.channel,
        orders.payment_method,
        orders.store_id,
        currency_rates.rate_to_cny,
        cast(round(orders.amount * currency_rates.rate_to_cny, 2) as decimal(18, 2)) as amount_cny,
        cast(round(
            case
                when orders.status = 'refunded' then orders.amount
                else coalesce(orders.refund_amount, 0)
            end * currency_rates.rate_to_cny,
            2
        ) as decimal(18, 2)) as refund_amount_cny

    from orders

    left join currency_rates
        on orders.currency = currency_rates.currency

),

final as (

    select
        ----------  ids
        orders_in_cny.order_id,
        orders_in_cny.customer_id,
        orders_in_cny.store_id,

        ----------  dates (UTC)
        orders_in_cny.ordered_at,
        cast(orders_in_cny.ordered_at as date) as order_date,
        cast({{ dbt.date_trunc('month', 'orders_in_cny.ordered_at') }} as date) as order_month,

        ----------  properties
        orders_in_cny.status,
        orders_in_cny.status = 'paid' as is_paid,
        orders_in_cny.channel,
        orders_in_cny.payment_method,

        ----------  amounts in the order's currency
        orders_in_cny.currency,
        orders_in_cny.rate_to_cny,
        orders_in_cny.amount,
        orders_in_cny.refund_amount,

        ----------  amounts in CNY
        orders_in_cny.amount_cny,
        orders_in_cny.refund_amount_cny,
        cast(
            case
                when orders_in_cny.status = 'paid'
                    then orders_in_cny.amount_cny - orders_in_cny.refund_amount_cny
                else 0
            end
            as decimal(18, 2)
        ) as net_amount_cny,

        ----------  lines
        coalesce(order_item_totals.item_count, 0) as item_count,
        coalesce(order_item_totals.quantity, 0) as quantity

    from orders_in_cny

    left join order_item_totals
        on orders_in_cny.order_id = order_item_totals.order_id

)

select * from final
