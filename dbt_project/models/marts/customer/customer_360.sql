{#-
    One row per CRM customer: masked profile, order history, interactions and RFM, all as of
    int_as_of_date (orders and interactions after as_of are ignored). Personal data is masked here; the
    unmasked values stay in the staging views.
    Order figures count paid orders only (a partly refunded order is paid) with revenue net of refunds.
-#}
with

customers as (

    select * from {{ ref('stg_crm__customers') }}

),

orders as (

    select
        order_id,
        customer_id,
        ordered_at,
        order_date,
        is_paid,
        rate_to_cny,
        net_amount_cny
    from {{ ref('fct_orders') }}

),

order_items as (

    select order_id, category, quantity, line_amount from {{ ref('stg_orders__order_items') }}

),

interactions as (

    select
        interaction_id,
        customer_id,
        channel,
        kind,
        opened_at
    from {{ ref('int_interactions_matched') }}
    where customer_id is not null

),

customer_rfm as (

    select * from {{ ref('customer_rfm') }}

),

as_of as (

    select
        as_of_date,
        cast({{ dbt.dateadd('month', -1 * var('trailing_months'), 'as_of_date') }} as date)
            as trailing_window_start_date,
        cast({{ dbt.dateadd('day', -1 * var('complaints_window_days'), 'as_of_date') }} as date)
            as complaints_window_start_date
    from {{ ref('int_as_of_date') }}

),

paid_orders_to_date as (

    select
        orders.*,
        as_of.trailing_window_start_date
    from orders
    cross join as_of
    where orders.is_paid
        and orders.order_date <= as_of.as_of_date

),

customer_order_stats as (

    select
        customer_id,
        count(*) as lifetime_orders,
        sum(net_amount_cny) as lifetime_revenue,
        min(ordered_at) as first_order_at,
        max(ordered_at) as last_order_at,
        sum(case when order_date > trailing_window_start_date then 1 else 0 end) as orders_12m,
        sum(case when order_date > trailing_window_start_date then net_amount_cny else 0 end) as revenue_12m
    from paid_orders_to_date
    group by customer_id

),

category_spend as (

    select
        paid_orders_to_date.customer_id,
        order_items.category,
        sum(order_items.line_amount * paid_orders_to_date.rate_to_cny) as category_spend_cny,
        sum(order_items.quantity) as category_quantity
    from paid_orders_to_date
    inner join order_items
        on paid_orders_to_date.order_id = order_items.order_id
    group by paid_orders_to_date.customer_id, order_items.category

),

favourite_categories as (

    -- the category with the highest spend on paid orders; ties go to more units, then the first name
    select
        customer_id,
        category as favourite_category
    from category_spend
    qualify row_number() over (
        partition by customer_id
        order by category_spend_cny desc, category_quantity desc, category asc
    ) = 1

),

interactions_to_date as (

    select
        interactions.*,
        as_of.complaints_window_start_date
    from interactions
    cross join as_of
    where cast(interactions.opened_at as date) <= as_of.as_of_date

),

customer_interaction_stats as (

    select
        customer_id,
        count(*) as interactions_total,
        max(opened_at) as last_interaction_at,
        sum(
            case
                when kind = 'complaint' and cast(opened_at as date) > complaints_window_start_date then 1
                else 0
            end
        ) as complaints_90d
    from interactions_to_date
    group by customer_id

),

last_interactions as (

    select
        customer_id,
        channel as last_interaction_channel
    from interactions_to_date
    qualify row_number() over (
        partition by customer_id
        order by opened_at desc, interaction_id desc
    ) = 1

),

final as (

    select
        ----------  ids
        customers.customer_id,

        ----------  profile (masked)
        {{ mask_name('customers.customer_name') }} as name_masked,
        {{ mask_phone('customers.phone') }} as phone_masked,
        {{ mask_email('customers.email') }} as email_masked,
        customers.gender,
        customers.city,
        customers.region,
        customers.industry,
        customers.signup_at,
        customers.acquisition_channel,
        customers.crm_member_tier,

        ----------  orders (paid, net of refunds, CNY)
        cast(coalesce(customer_order_stats.lifetime_orders, 0) as integer) as lifetime_orders,
        cast(coalesce(customer_order_stats.lifetime_revenue, 0) as decimal(18, 2)) as lifetime_revenue,
        customer_order_stats.first_order_at,
        customer_order_stats.last_order_at,
        cast(
            round(customer_order_stats.lifetime_revenue / nullif(customer_order_stats.lifetime_orders, 0), 2)
            as decimal(18, 2)
        ) as avg_order_value,
        cast(coalesce(customer_order_stats.orders_12m, 0) as integer) as orders_12m,
        cast(coalesce(customer_order_stats.revenue_12m, 0) as decimal(18, 2)) as revenue_12m,
        favourite_categories.favourite_category,

        ----------  interactions
        customer_interaction_stats.last_interaction_at,
        last_interactions.last_interaction_channel,
        cast(coalesce(customer_interaction_stats.interactions_total, 0) as integer) as interactions_total,
        cast(coalesce(customer_interaction_stats.complaints_90d, 0) as integer) as complaints_90d,

        ----------  RFM (null when the customer has no paid order)
        customer_rfm.recency_days,
        customer_rfm.r_score,
        customer_rfm.f_score,
        customer_rfm.m_score,
        customer_rfm.fm_score,
        customer_rfm.rfm_cell,
        customer_rfm.segment,
        customer_rfm.segment_zh,
        customer_rfm.service_tier,
        customer_rfm.service_tier_zh,

        as_of.as_of_date

    from customers

    cross join as_of

    left join customer_order_stats
        on customers.customer_id = customer_order_stats.customer_id

    left join favourite_categories
        on customers.customer_id = favourite_categories.customer_id

    left join customer_interaction_stats
        on customers.customer_id = customer_interaction_stats.customer_id

    left join last_interactions
        on customers.customer_id = last_interactions.customer_id

    left join customer_rfm
        on customers.customer_id = customer_rfm.customer_id

)

select * from final
