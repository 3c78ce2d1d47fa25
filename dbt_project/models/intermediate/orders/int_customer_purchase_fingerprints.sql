{#-
    One row per resolved customer with a paid order (up to as_of): a fingerprint of their paid orders,
    their dates and the latest load of each order and its lines (int_orders_converted._loaded_at, so a re-sent line
    changes it), which decides whose category pairs an incremental run of int_customer_category_pairs
    recomputes. It reads no order lines, so it costs one pass over the paid orders.
-#}
with

paid_orders as (

    select customer_id, order_id, order_date, _loaded_at from {{ ref('int_paid_orders_resolved') }}

),

final as (

    select customer_id, {{ fingerprint_agg(['order_id', 'order_date', '_loaded_at']) }} as purchase_fingerprint
    from paid_orders
    group by customer_id

)

select * from final
