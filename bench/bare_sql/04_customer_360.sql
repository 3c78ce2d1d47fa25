-- marts/customer/customer_360, the basics: one row per CRM customer with the profile (no personal data),
-- paid-order figures as of as_of (lifetime, and the trailing var trailing_months = 12 months), service
-- contacts (all, and complaints in the var complaints_window_days = 90 days) and RFM.
-- Unlike dbt, there is no identity stitching: orders and interactions count only where they carry the
-- customer_id (dbt also matches them by phone, e-mail and handle, and adds up a person's accounts).

create or replace table bare.customer_360 as
with

windows as (
    select
        as_of_date,
        cast(as_of_date - interval 12 month as date) as trailing_window_start_date,
        cast(as_of_date - interval 90 day as date) as complaints_window_start_date
    from bare.as_of
),

order_stats as (
    select
        fct.customer_id,
        count(*) as lifetime_orders,
        sum(fct.net_amount_cny) as lifetime_revenue,
        min(fct.ordered_at) as first_order_at,
        max(fct.ordered_at) as last_order_at,
        sum(case when fct.order_date > windows.trailing_window_start_date then 1 else 0 end) as orders_12m,
        sum(case when fct.order_date > windows.trailing_window_start_date then fct.net_amount_cny else 0 end) as revenue_12m
    from bare.fct_orders as fct
    cross join windows
    where fct.is_paid
        and fct.order_date <= windows.as_of_date
    group by fct.customer_id
),

interaction_stats as (
    select
        interactions.customer_id,
        count(*) as interactions_total,
        max(interactions.opened_at) as last_interaction_at,
        sum(
            case
                when interactions.kind = 'complaint'
                    and cast(interactions.opened_at as date) > windows.complaints_window_start_date then 1
                else 0
            end
        ) as complaints_90d
    from bare.interactions as interactions
    cross join windows
    where cast(interactions.opened_at as date) <= windows.as_of_date
        and interactions.customer_id is not null
    group by interactions.customer_id
)

select
    customers.customer_id,
    customers.gender,
    customers.city,
    customers.region,
    customers.signup_at,
    customers.acquisition_channel,
    customers.crm_member_tier,
    cast(coalesce(order_stats.lifetime_orders, 0) as integer) as lifetime_orders,
    cast(coalesce(order_stats.lifetime_revenue, 0) as decimal(18, 2)) as lifetime_revenue,
    order_stats.first_order_at,
    order_stats.last_order_at,
    cast(round(order_stats.lifetime_revenue / nullif(order_stats.lifetime_orders, 0), 2) as decimal(18, 2)) as avg_order_value,
    cast(coalesce(order_stats.orders_12m, 0) as integer) as orders_12m,
    cast(coalesce(order_stats.revenue_12m, 0) as decimal(18, 2)) as revenue_12m,
    interaction_stats.last_interaction_at,
    cast(coalesce(interaction_stats.interactions_total, 0) as integer) as interactions_total,
    cast(coalesce(interaction_stats.complaints_90d, 0) as integer) as complaints_90d,
    customer_rfm.recency_days,
    customer_rfm.r_score,
    customer_rfm.f_score,
    customer_rfm.m_score,
    customer_rfm.segment,
    customer_rfm.service_tier,
    windows.as_of_date
from bare.customers as customers
cross join windows
left join order_stats
    on customers.customer_id = order_stats.customer_id
left join interaction_stats
    on customers.customer_id = interaction_stats.customer_id
left join bare.customer_rfm as customer_rfm
    on customers.customer_id = customer_rfm.customer_id;
