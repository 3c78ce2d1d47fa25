{#-
    One row per order, amounts in CNY: the order facts below the marts, which fct_orders publishes and
    int_paid_orders_resolved resolves to the person.
    net_amount_cny = amount - refund for a paid order (a partly refunded order is still paid);
    0 for a refunded (in full) or cancelled order. A refunded order counts its whole amount as refunded.

    Incremental (every column is the order's own or its lines'): a run rebuilds only the orders re-sent
    since the newest _loaded_at this table holds and the orders whose lines arrived or changed since then,
    from all their lines; delete+insert on order_id replaces their old rows. _loaded_at is the latest load
    time of the order and its lines (its watermark). A change of the currency_rates seed needs
    `dbt build --full-refresh`.
-#}
{{
    config(
        materialized='incremental',
        unique_key='order_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}

with
{% if is_incremental() %}
changed_orders as (

    select order_id from {{ ref('stg_orders__orders') }}
    where _loaded_at > {{ incremental_watermark() }}
    union
    select order_id from {{ ref('stg_orders__order_items') }}
    where _loaded_at > {{ incremental_watermark() }}

),
{% endif %}
orders as (

    select * from {{ ref('stg_orders__orders') }}
    {%- if is_incremental() %}
    where order_id in (select order_id from changed_orders)
    {%- endif %}

),

order_items as (

    select * from {{ ref('stg_orders__order_items') }}
    {%- if is_incremental() %}
    where order_id in (select order_id from changed_orders)
    {%- endif %}

),

currency_rates as (

    select * from {{ ref('currency_rates') }}

),

order_item_totals as (

    select
        order_id,
        count(*) as item_count,
        sum(quantity) as quantity,
        max(_loaded_at) as _loaded_at
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
        orders._loaded_at,
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
        -- a purchase: paid and worth something (a paid order of 0.00, such as a free replacement, is not)
        orders_in_cny.status = 'paid' and orders_in_cny.amount_cny > orders_in_cny.refund_amount_cny as is_paid,
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
        coalesce(order_item_totals.quantity, 0) as quantity,

        ----------  lineage: the latest load of the order and its lines (naive UTC)
        greatest(orders_in_cny._loaded_at, order_item_totals._loaded_at) as _loaded_at

    from orders_in_cny

    left join order_item_totals
        on orders_in_cny.order_id = order_item_totals.order_id

)

select * from final
