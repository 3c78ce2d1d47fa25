{#-
    Paid orders on or before as_of with the resolved customer (identity stitching) of the order-system
    account that placed them, and the days since that person's previous paid order (null for the first):
    a gap over var lifecycle_at_risk_days before an order makes it a reactivation.
    Refunded (in full) and cancelled orders earn nothing and are left out; a partly refunded order is paid.

    Incremental by change set (macro change_set.sql): a person's rows depend on their own orders, their
    accounts and as_of, so a run recomputes the paid orders of int_people_changed's new batches (all of
    them: the gap to the previous order spans the person's history) and keeps everybody else's rows.
-#}
{{
    config(
        materialized='incremental',
        unique_key=['customer_id', 'order_id'],
        incremental_strategy='change_set',
        person_column='customer_id',
        on_schema_change='fail'
    )
}}

with

orders as (

    select * from {{ ref('int_orders_converted') }}

),

identities as (

    select source_record_id, resolved_customer_id
    from {{ ref('int_customer_identities_stitched') }}
    where source_system = 'orders'

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

paid_orders as (

    select
        orders.order_id,
        identities.resolved_customer_id as customer_id,
        orders.customer_id as order_customer_id,
        orders.ordered_at,
        orders.order_date,
        orders.order_month,
        orders.channel,
        orders.rate_to_cny,
        orders.net_amount_cny,
        orders._loaded_at
    from orders
    inner join identities
        on orders.customer_id = identities.source_record_id
    cross join as_of
    where orders.is_paid
        and orders.order_date <= as_of.as_of_date
        {{ only_people_changed('identities.resolved_customer_id', 'and') }}

),

final as (

    select
        *,
        {{ dbt.datediff(
            'lag(order_date) over (partition by customer_id order by ordered_at, order_id)',
            'order_date',
            'day'
        ) }} as days_since_previous_order,
        {{ change_set_lineage() }}
    from paid_orders

)

select * from final
