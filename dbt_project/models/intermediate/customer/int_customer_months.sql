{#-
    One row per resolved customer with a CRM account per calendar month, from the month they signed up
    or first ordered (whichever is earlier) to the as_of month, keeping the last var history_months
    months. The spine of every month-end mart (RFM, lifecycle, tiers, churn): each row is the customer as
    at snapshot_date, the month's last day (as_of itself in the as_of month).
    Month figures count paid orders (net CNY), interactions and complaints in the calendar month; window
    figures sum whole months: *_window the last var churn_window_months months up to this one,
    *_prior_window the same number of months before; *_12m the last var trailing_months months.
    Computed over each customer's whole history, so windows and totals are complete in every kept month.
-#}
{%- set window = var('churn_window_months') %}
{%- set trailing = var('trailing_months') %}
with

crm_accounts as (

    select source_record_id as customer_id, resolved_customer_id
    from {{ ref('int_customer_identities_stitched') }}
    where source_system = 'crm'

),

crm_customers as (

    select customer_id, signup_at from {{ ref('stg_crm__customers') }}

),

paid_orders as (

    select * from {{ ref('int_paid_orders_resolved') }}

),

interactions as (

    select * from {{ ref('int_interactions_resolved') }}

),

survey_responses as (

    select * from {{ ref('int_survey_responses_resolved') }}

),

as_of as (

    select
        as_of_date,
        cast({{ dbt.date_trunc('month', 'as_of_date') }} as date) as as_of_month
    from {{ ref('int_as_of_date') }}

),

month_numbers as (

    {{ dbt.generate_series(1200) }}

),

customers as (

    select
        crm_accounts.resolved_customer_id as customer_id,
        min(crm_customers.signup_at) as signup_at
    from crm_accounts
    inner join crm_customers
        on crm_accounts.customer_id = crm_customers.customer_id
    group by crm_accounts.resolved_customer_id

),

order_months as (

    select
        customer_id,
        order_month as month_start,
        count(*) as paid_orders_in_month,
        sum(net_amount_cny) as net_revenue_in_month,
        min(order_date) as first_order_date_in_month,
        max(order_date) as last_order_date_in_month,
        max(
            case when days_since_previous_order > {{ var('lifecycle_at_risk_days') }} then order_date end
        ) as last_return_date_in_month
    from paid_orders
    group by customer_id, order_month

),

interaction_months as (

    select
        customer_id,
        cast({{ dbt.date_trunc('month', 'opened_date') }} as date) as month_start,
        count(*) as interactions_in_month,
        sum(case when is_complaint then 1 else 0 end) as complaints_in_month
    from interactions
    where customer_id is not null
    group by 1, 2

),

latest_responses_in_month as (

    select
        customer_id,
        cast({{ dbt.date_trunc('month', 'responded_date') }} as date) as month_start,
        nps_score,
        csat_score
    from survey_responses
    qualify row_number() over (
        partition by customer_id, cast({{ dbt.date_trunc('month', 'responded_date') }} as date)
        order by responded_at desc, response_id desc
    ) = 1

),

first_months as (

    select
        customers.customer_id,
        customers.signup_at,
        least(
            cast({{ dbt.date_trunc('month', 'customers.signup_at') }} as date),
            coalesce(min(order_months.month_start), cast({{ dbt.date_trunc('month', 'customers.signup_at') }} as date))
        ) as first_month
    from customers
    left join order_months
        on customers.customer_id = order_months.customer_id
    group by customers.customer_id, customers.signup_at

),

calendar as (

    select
        cast({{ dbt.dateadd('month', '1 - month_numbers.generated_number', 'as_of.as_of_month') }} as date) as month_start,
        as_of.as_of_date,
        as_of.as_of_month
    from month_numbers
    cross join as_of

),

grid as (

    select
        first_months.customer_id,
        first_months.signup_at,
        first_months.first_month,
        calendar.month_start,
        calendar.as_of_date,
        calendar.as_of_month,
        least(cast({{ dbt.last_day('calendar.month_start', 'month') }} as date), calendar.as_of_date) as snapshot_date
    from first_months
    inner join calendar
        on calendar.month_start >= first_months.first_month
        and calendar.month_start <= calendar.as_of_month

),

monthly as (

    select
        grid.*,
        grid.month_start = grid.first_month as is_first_month,
        coalesce(order_months.paid_orders_in_month, 0) as paid_orders_in_month,
        coalesce(order_months.net_revenue_in_month, 0) as net_revenue_in_month,
        order_months.first_order_date_in_month,
        order_months.last_order_date_in_month,
        order_months.last_return_date_in_month,
        coalesce(interaction_months.interactions_in_month, 0) as interactions_in_month,
        coalesce(interaction_months.complaints_in_month, 0) as complaints_in_month,
        latest_responses_in_month.nps_score as nps_in_month,
        latest_responses_in_month.csat_score as csat_in_month
    from grid
    left join order_months
        on grid.customer_id = order_months.customer_id
        and grid.month_start = order_months.month_start
    left join interaction_months
        on grid.customer_id = interaction_months.customer_id
        and grid.month_start = interaction_months.month_start
    left join latest_responses_in_month
        on grid.customer_id = latest_responses_in_month.customer_id
        and grid.month_start = latest_responses_in_month.month_start

),

windowed as (

    select
        customer_id,
        signup_at,
        month_start,
        snapshot_date,
        as_of_date,
        as_of_month,
        is_first_month,
        paid_orders_in_month,
        net_revenue_in_month,
        interactions_in_month,
        complaints_in_month,

        min(first_order_date_in_month) over history as first_order_date,
        max(last_order_date_in_month) over history as last_order_date,
        max(last_return_date_in_month) over history as last_return_date,
        min(first_order_date_in_month) over future as next_order_date,
        sum(paid_orders_in_month) over history as paid_orders_total,
        sum(net_revenue_in_month) over history as net_revenue_total,

        sum(paid_orders_in_month) over recent_window as paid_orders_window,
        sum(paid_orders_in_month) over prior_window as paid_orders_prior_window,
        sum(interactions_in_month) over recent_window as interactions_window,
        sum(interactions_in_month) over prior_window as interactions_prior_window,
        sum(complaints_in_month) over recent_window as complaints_window,
        sum(complaints_in_month) over prior_window as complaints_prior_window,
        sum(paid_orders_in_month) over trailing_year as paid_orders_12m,
        sum(net_revenue_in_month) over trailing_year as net_revenue_12m,

        last_value(nps_in_month ignore nulls) over history as latest_nps,
        last_value(csat_in_month ignore nulls) over history as latest_csat

    from monthly
    window
        history as (partition by customer_id order by month_start rows between unbounded preceding and current row),
        future as (partition by customer_id order by month_start rows between 1 following and unbounded following),
        recent_window as (partition by customer_id order by month_start rows between {{ window - 1 }} preceding and current row),
        prior_window as (partition by customer_id order by month_start rows between {{ 2 * window - 1 }} preceding and {{ window }} preceding),
        trailing_year as (partition by customer_id order by month_start rows between {{ trailing - 1 }} preceding and current row)

),

final as (

    select
        ----------  ids
        customer_id,
        month_start,
        snapshot_date,

        ----------  the month
        is_first_month,
        cast(paid_orders_in_month as integer) as paid_orders_in_month,
        cast(net_revenue_in_month as decimal(18, 2)) as net_revenue_in_month,
        cast(interactions_in_month as integer) as interactions_in_month,
        cast(complaints_in_month as integer) as complaints_in_month,

        ----------  as at snapshot_date
        signup_at,
        first_order_date,
        last_order_date,
        last_return_date,
        {{ dbt.datediff('last_order_date', 'snapshot_date', 'day') }} as recency_days,
        {{ dbt.datediff('first_order_date', 'snapshot_date', 'day') }} as days_since_first_order,
        cast(paid_orders_total as integer) as paid_orders_total,
        cast(net_revenue_total as decimal(18, 2)) as net_revenue_total,
        cast(coalesce(paid_orders_window, 0) as integer) as paid_orders_window,
        cast(coalesce(paid_orders_prior_window, 0) as integer) as paid_orders_prior_window,
        cast(coalesce(interactions_window, 0) as integer) as interactions_window,
        cast(coalesce(interactions_prior_window, 0) as integer) as interactions_prior_window,
        cast(coalesce(complaints_window, 0) as integer) as complaints_window,
        cast(coalesce(complaints_prior_window, 0) as integer) as complaints_prior_window,
        cast(paid_orders_12m as integer) as paid_orders_12m,
        cast(net_revenue_12m as decimal(18, 2)) as net_revenue_12m,
        latest_nps,
        latest_csat,

        ----------  what came after (for training labels)
        next_order_date,
        as_of_date

    from windowed
    where month_start > cast({{ dbt.dateadd('month', -1 * var('history_months'), 'as_of_month') }} as date)

)

select * from final
