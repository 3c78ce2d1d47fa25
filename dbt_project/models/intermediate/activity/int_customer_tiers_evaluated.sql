{#-
    Member tier per customer per month end: the highest tier of the member_tiers seed whose
    trailing-12-month net paid spend AND paid order thresholds the customer reaches (var trailing_months
    months up to the month end); below silver, no tier (tier_rank 0). Re-evaluated every month, so a
    customer moves down as well as up: tier_change is 'upgrade' or 'downgrade' against the month end before
    (null in the first month kept, whose previous month is outside the history).
    A view: customer_tier_monthly reads only the months it rebuilds.
-#}
{{ config(materialized='view') }}
with

customer_months as (

    select * from {{ ref('int_customer_months') }}

),

member_tiers as (

    select * from {{ ref('member_tiers') }}

),

qualified as (

    select
        customer_months.customer_id,
        customer_months.month_start,
        customer_months.snapshot_date,
        customer_months.is_first_month,
        customer_months.net_revenue_12m,
        customer_months.paid_orders_12m,
        coalesce(max(member_tiers.tier_rank), 0) as tier_rank
    from customer_months
    left join member_tiers
        on customer_months.net_revenue_12m >= member_tiers.min_spend_12m_cny
        and customer_months.paid_orders_12m >= member_tiers.min_orders_12m
    group by 1, 2, 3, 4, 5, 6

),

with_previous as (

    select
        *,
        case
            when is_first_month then 0
            else lag(tier_rank) over (partition by customer_id order by month_start)
        end as previous_tier_rank
    from qualified

),

final as (

    select
        with_previous.customer_id,
        with_previous.month_start,
        with_previous.snapshot_date,
        with_previous.net_revenue_12m,
        with_previous.paid_orders_12m,
        cast(with_previous.tier_rank as integer) as tier_rank,
        tiers.member_tier,
        cast(with_previous.previous_tier_rank as integer) as previous_tier_rank,
        previous_tiers.member_tier as previous_member_tier,
        case
            when with_previous.tier_rank > with_previous.previous_tier_rank then 'upgrade'
            when with_previous.tier_rank < with_previous.previous_tier_rank then 'downgrade'
        end as tier_change
    from with_previous
    left join member_tiers as tiers
        on with_previous.tier_rank = tiers.tier_rank
    left join member_tiers as previous_tiers
        on with_previous.previous_tier_rank = previous_tiers.tier_rank

)

select * from final
