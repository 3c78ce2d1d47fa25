{#-
    Per resolved customer with a paid order line (paid orders up to as_of), every pair of categories
    they bought within var cross_sell_window_days days of each other (the same order counts), in both
    directions, and each category they bought paired with itself: the rows customer_cross_sell counts.

    Incremental by change set (macro change_set.sql): a customer's pairs depend only on their own paid
    orders and lines, so a run recomputes the people of int_people_changed's new batches (all their pairs,
    or none left) and keeps everybody else's rows.
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

    select order_id, customer_id, order_date from {{ ref('int_paid_orders_resolved') }}
    {{ only_people_changed('customer_id') }}

),

order_items as (

    select order_id, category from {{ ref('stg_orders__order_items') }}
    where category is not null

),

recomputed_days as (

    select distinct
        paid_orders.customer_id,
        order_items.category,
        paid_orders.order_date
    from paid_orders
    inner join order_items
        on paid_orders.order_id = order_items.order_id

),

-- each purchase day with the categories the customer bought within the window around it: one pass
-- over the customer's days in date order (a self-join would pair every two days of a customer)
nearby as (

    select
        customer_id,
        category,
        list(category) over (
            partition by customer_id
            order by order_date
            range between interval {{ var('cross_sell_window_days') }} days preceding
                and interval {{ var('cross_sell_window_days') }} days following
        ) as nearby_categories
    from recomputed_days

),

pairs as (

    select distinct
        customer_id,
        category as antecedent_category,
        unnest(nearby_categories) as consequent_category
    from nearby

),

final as (

    select
        pairs.customer_id,
        pairs.antecedent_category,
        pairs.consequent_category,
        {{ change_set_lineage() }}
    from pairs

)

select * from final
