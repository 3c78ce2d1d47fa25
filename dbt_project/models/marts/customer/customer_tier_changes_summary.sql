{#-
    Member tier changes counted per month, (from tier, to tier) and the customer's current service tier
    and region: the dashboards' tier movements for any months and filter read this instead of every
    customer's changes (customer_tier_changes) joined with customer_360.
-#}
with

changes as (

    select * from {{ ref('customer_tier_changes') }}

),

customers as (

    select customer_id, service_tier, region from {{ ref('customer_360') }}

),

final as (

    select
        changes.month_start,
        changes.tier_change,
        changes.from_member_tier,
        changes.to_member_tier,
        customers.service_tier,
        customers.region,
        count(*) as customers
    from changes
    left join customers
        on changes.customer_id = customers.customer_id
    group by
        changes.month_start,
        changes.tier_change,
        changes.from_member_tier,
        changes.to_member_tier,
        customers.service_tier,
        customers.region

)

select * from final
