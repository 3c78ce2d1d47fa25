{#-
    Action list (win-back): customers without a paid order for at least var winback_sleeping_days days
    (sleeping 6 months or longer), the most valuable first. Personal data masked (from customer_360).
-#}
with

customers as (

    select * from {{ ref('customer_360') }}

),

final as (

    select
        customer_id,
        name_masked,
        phone_masked,
        email_masked,
        recency_days,
        last_order_at,
        lifetime_orders,
        lifetime_revenue,
        favourite_category,
        segment,
        lifecycle_stage,
        probability_alive,
        predicted_clv_12m,
        region,
        service_tier,
        as_of_date
    from customers
    where recency_days >= {{ var('winback_sleeping_days') }}

)

select * from final
