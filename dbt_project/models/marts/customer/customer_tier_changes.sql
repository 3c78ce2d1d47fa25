{#-
    Member tier upgrade and downgrade history: the rows of customer_tier_monthly where the tier moved
    against the month end before.
-#}
with

tier_monthly as (

    select * from {{ ref('customer_tier_monthly') }}

),

final as (

    select
        customer_id,
        month_start,
        snapshot_date,
        previous_member_tier as from_member_tier,
        member_tier as to_member_tier,
        tier_change,
        net_revenue_12m,
        paid_orders_12m
    from tier_monthly
    where tier_change is not null

)

select * from final
