-- Net revenue of an order is never negative nor larger than its gross amount.
with

orders as (

    select * from {{ ref('fct_orders') }}

),

final as (

    select order_id, amount_cny, refund_amount_cny, net_amount_cny
    from orders
    where net_amount_cny < 0
        or net_amount_cny > amount_cny

)

select * from final
