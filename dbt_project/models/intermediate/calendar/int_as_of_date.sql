{#-
    The one date every "as of" rule is measured from, as a one-row table that marts cross join:
    the `as_of` var when set, else the latest order date in stg_orders__orders (so a rebuild of the same
    data gives the same answer), else current_date (no orders at all).
-#}
with

orders as (

    select ordered_at from {{ ref('stg_orders__orders') }}

),

latest_order as (

    select cast(max(ordered_at) as date) as latest_order_date
    from orders

),

final as (

    select
        coalesce({{ as_of_var_date() }}, latest_order_date, current_date) as as_of_date,
        case
            when {{ as_of_var_date() }} is not null then 'var'
            when latest_order_date is not null then 'latest_order'
            else 'current_date'
        end as as_of_source
    from latest_order

)

select * from final
