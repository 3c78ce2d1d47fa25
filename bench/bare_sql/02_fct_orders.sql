-- marts/orders/fct_orders: one row per order, amounts in CNY. net_amount_cny = amount - refund for a paid
-- order, 0 for a refunded (in full) or cancelled one; a refunded order counts its whole amount as refunded.
-- is_paid: a paid order worth more than 0 after refunds (a purchase).

create or replace table bare.fct_orders as
with

order_item_totals as (
    select order_id, count(*) as item_count, sum(quantity) as quantity
    from bare.order_items
    group by order_id
),

orders_in_cny as (
    select
        orders.*,
        rates.rate_to_cny,
        cast(round(orders.amount * rates.rate_to_cny, 2) as decimal(18, 2)) as amount_cny,
        cast(round(
            case when orders.status = 'refunded' then orders.amount else coalesce(orders.refund_amount, 0) end
            * rates.rate_to_cny,
            2
        ) as decimal(18, 2)) as refund_amount_cny
    from bare.orders as orders
    left join bare.currency_rates as rates
        on orders.currency = rates.currency
)

select
    orders_in_cny.order_id,
    orders_in_cny.customer_id,
    orders_in_cny.store_id,
    orders_in_cny.ordered_at,
    cast(orders_in_cny.ordered_at as date) as order_date,
    cast(date_trunc('month', orders_in_cny.ordered_at) as date) as order_month,
    orders_in_cny.status,
    orders_in_cny.status = 'paid' and orders_in_cny.amount_cny > orders_in_cny.refund_amount_cny as is_paid,
    orders_in_cny.channel,
    orders_in_cny.payment_method,
    orders_in_cny.currency,
    orders_in_cny.rate_to_cny,
    orders_in_cny.amount,
    orders_in_cny.refund_amount,
    orders_in_cny.amount_cny,
    orders_in_cny.refund_amount_cny,
    cast(
        case when orders_in_cny.status = 'paid' then orders_in_cny.amount_cny - orders_in_cny.refund_amount_cny else 0 end
        as decimal(18, 2)
    ) as net_amount_cny,
    coalesce(order_item_totals.item_count, 0) as item_count,
    coalesce(order_item_totals.quantity, 0) as quantity
from orders_in_cny
left join order_item_totals
    on orders_in_cny.order_id = order_item_totals.order_id;
