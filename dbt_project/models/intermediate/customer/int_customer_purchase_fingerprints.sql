{#-
    One row per resolved customer with a paid order line in a category (paid orders up to as_of): a
    fingerprint of their purchase days per category (macro fingerprint_agg), which decides whose
    category pairs an incremental run of int_customer_category_pairs recomputes.
-#}
with

paid_orders as (

    select order_id, customer_id, order_date from {{ ref('int_paid_orders_resolved') }}

),

order_items as (

    select order_id, category from {{ ref('stg_orders__order_items') }}
    where category is not null

),

category_days as (

    select distinct
        paid_orders.customer_id,
        order_items.category,
        paid_orders.order_date
    from paid_orders
    inner join order_items
        on paid_orders.order_id = order_items.order_id

),

final as (

    select customer_id, {{ fingerprint_agg(['category', 'order_date']) }} as purchase_fingerprint
    from category_days
    group by customer_id

)

select * from final
