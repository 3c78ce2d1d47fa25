{#-
    Action list: customers close to the next member tier, whose trailing-12-month spend is below the next
    tier's threshold (member_tiers seed) by at most var vip_upgrade_gap_share of it. orders_needed says
    how many more paid orders the next tier also asks for. Personal data masked (from customer_360).
-#}
with

customers as (

    select * from {{ ref('customer_360') }}

),

tier_monthly as (

    select * from {{ ref('customer_tier_monthly') }}

),

member_tiers as (

    select * from {{ ref('member_tiers') }}

),

current_tiers as (

    select tier_monthly.*
    from tier_monthly
    inner join customers
        on tier_monthly.customer_id = customers.customer_id
        and tier_monthly.snapshot_date = customers.as_of_date

),

final as (

    select
        customers.customer_id,
        customers.name_masked,
        customers.phone_masked,
        customers.email_masked,
        current_tiers.member_tier,
        next_tiers.member_tier as next_member_tier,
        current_tiers.net_revenue_12m,
        current_tiers.paid_orders_12m,
        cast(next_tiers.min_spend_12m_cny - current_tiers.net_revenue_12m as decimal(18, 2)) as spend_needed_cny,
        cast(greatest(next_tiers.min_orders_12m - current_tiers.paid_orders_12m, 0) as integer) as orders_needed,
        customers.segment,
        customers.lifecycle_stage,
        customers.region,
        customers.service_tier,
        customers.as_of_date
    from current_tiers
    inner join member_tiers as next_tiers
        on next_tiers.tier_rank = current_tiers.tier_rank + 1
    inner join customers
        on current_tiers.customer_id = customers.customer_id
    where current_tiers.net_revenue_12m < next_tiers.min_spend_12m_cny
        and current_tiers.net_revenue_12m >= (1 - {{ var('vip_upgrade_gap_share') }}) * next_tiers.min_spend_12m_cny

)

select * from final
