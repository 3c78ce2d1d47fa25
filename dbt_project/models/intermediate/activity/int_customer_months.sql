{#-
    One row per resolved customer with a CRM account per calendar month, from the month they signed up
    or first ordered (whichever is earlier) to the as_of month, keeping the last var history_months
    months. The spine of every month-end mart (RFM, lifecycle, tiers, churn): each row is the customer as
    at snapshot_date, the month's last day (as_of in the as_of month).
    Month figures count paid orders (net CNY), interactions and complaints in the calendar month; window
    figures sum whole months: *_window the last var churn_window_months months up to this one,
    *_prior_window the same number of months before; *_12m the last var trailing_months months.
    Computed over each customer's whole history, so windows and totals are complete in every kept month.

    Incremental by change set (macro change_set.sql): the months are appended, not rebuilt. A run
    recomputes every month of the people of int_people_changed's new batches (new, late or corrected
    rows, identity merges and splits, events that as_of moving admits) and of people new to the spine,
    and carries everybody else forward from their stored rows: the stored as_of month is re-dated (to its
    month end once the month has closed) and the months up to the new as_of month are added, with no new
    orders, interactions or responses in them. The change_set strategy deletes the recomputed people's
    months (a later first month leaves none before it), those of people merged away, the stored rows
    the carried months replace and the months that fell out of the history. If as_of
    moves back, every customer is recomputed. A change of the vars above needs
    `insight build --full-refresh`.
-#}
{%- set window = var('churn_window_months') %}
{%- set trailing = var('trailing_months') %}
{%- set reach = [trailing, 2 * window] | max %}
{#- carrying a customer forward sums stored months; with fewer kept than the windows reach, recompute all #}
{%- set can_carry = var('history_months') >= reach %}
{{
    config(
        materialized='incremental',
        unique_key=['customer_id', 'month_start'],
        incremental_strategy='change_set',
        person_column='customer_id',
        history_column='month_start',
        on_schema_change='fail'
    )
}}
{%- set columns = [
    'customer_id', 'month_start', 'snapshot_date',
    'is_first_month', 'paid_orders_in_month', 'net_revenue_in_month', 'interactions_in_month', 'complaints_in_month',
    'signup_at', 'first_order_date', 'last_order_date', 'last_return_date', 'recency_days', 'days_since_first_order',
    'paid_orders_total', 'net_revenue_total', 'paid_orders_window', 'paid_orders_prior_window',
    'interactions_window', 'interactions_prior_window', 'complaints_window', 'complaints_prior_window',
    'paid_orders_12m', 'net_revenue_12m', 'latest_nps', 'latest_csat',
    'next_order_date', '_change_no',
] %}
with

people as (

    select * from {{ ref('int_customer_month_inputs') }}

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
{% if is_incremental() %}
stored_as_of as (

    select max(snapshot_date) as as_of_date, max(month_start) as as_of_month from {{ this }}

),

-- every stored customer has a row in the stored as_of month
stored_people as (

    select stored.*
    from {{ this }} as stored
    inner join stored_as_of
        on stored.month_start = stored_as_of.as_of_month

),

touched as (

    select people.customer_id
    from people
    cross join as_of
    cross join stored_as_of
    left join stored_people
        on people.customer_id = stored_people.customer_id
    where stored_people.customer_id is null
        or people.customer_id in ({{ people_changed(this) }})
        or as_of.as_of_date < stored_as_of.as_of_date
        {%- if not can_carry %}
        or true
        {%- endif %}

),
{% endif %}
customers as (

    select customer_id, signup_at from people
    {%- if is_incremental() %}
    where customer_id in (select customer_id from touched)
    {%- endif %}

),

paid_orders as (

    select * from {{ ref('int_paid_orders_resolved') }}
    where customer_id in (select customer_id from customers)

),

interactions as (

    select * from {{ ref('int_interactions_resolved') }}
    where customer_id in (select customer_id from customers)
        and opened_date <= (select as_of_date from as_of)

),

survey_responses as (

    select * from {{ ref('int_survey_responses_resolved') }}
    where customer_id in (select customer_id from customers)

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

recomputed as (

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

        ----------  lineage: the newest batch of the change set these months include
        {{ change_set_lineage() }}

    from windowed
    where month_start > cast({{ dbt.dateadd('month', -1 * var('history_months'), 'as_of_month') }} as date)

){% if is_incremental() %},

----------  customers whose inputs did not change: carried forward from their stored rows

carried_people as (

    select stored_people.*
    from stored_people
    where stored_people.customer_id not in (select customer_id from touched)
        and stored_people.customer_id in (select customer_id from people)

),

-- the stored as_of month and every month after it up to the as_of month
carried_months as (

    select cast({{ dbt.dateadd('month', 'month_numbers.generated_number - 1', 'stored_as_of.as_of_month') }} as date) as month_start
    from month_numbers
    cross join stored_as_of
    cross join as_of
    where cast({{ dbt.dateadd('month', 'month_numbers.generated_number - 1', 'stored_as_of.as_of_month') }} as date) <= as_of.as_of_month

),

-- the stored months the windows of the carried months reach back to; none after the stored as_of month
carried_history as (

    select
        stored.customer_id,
        stored.month_start,
        stored.paid_orders_in_month,
        stored.net_revenue_in_month,
        stored.interactions_in_month,
        stored.complaints_in_month
    from {{ this }} as stored
    inner join carried_people
        on stored.customer_id = carried_people.customer_id
    cross join stored_as_of
    where stored.month_start > cast({{ dbt.dateadd('month', -1 * reach, 'stored_as_of.as_of_month') }} as date)

),

carried_windows as (

    select
        customer_id,
        carried_month as month_start,
        {%- for name, first, last, figure in [
            ('paid_orders_window', 0, window - 1, 'paid_orders_in_month'),
            ('paid_orders_prior_window', window, 2 * window - 1, 'paid_orders_in_month'),
            ('interactions_window', 0, window - 1, 'interactions_in_month'),
            ('interactions_prior_window', window, 2 * window - 1, 'interactions_in_month'),
            ('complaints_window', 0, window - 1, 'complaints_in_month'),
            ('complaints_prior_window', window, 2 * window - 1, 'complaints_in_month'),
            ('paid_orders_12m', 0, trailing - 1, 'paid_orders_in_month'),
            ('net_revenue_12m', 0, trailing - 1, 'net_revenue_in_month'),
        ] %}
        sum(case when months_back between {{ first }} and {{ last }} then {{ figure }} else 0 end) as {{ name }}
        {{- ',' if not loop.last }}
        {%- endfor %}
    from (
        select
            carried_history.*,
            carried_months.month_start as carried_month,
            {{ dbt.datediff('carried_history.month_start', 'carried_months.month_start', 'month') }} as months_back
        from carried_history
        cross join carried_months
    ) as reached
    where months_back between 0 and {{ reach - 1 }}
    group by customer_id, carried_month

),

carried as (

    select
        base.customer_id,
        carried_months.month_start,
        least(cast({{ dbt.last_day('carried_months.month_start', 'month') }} as date), as_of.as_of_date) as snapshot_date,
        base.is_first_month and carried_months.month_start = base.month_start as is_first_month,
        {%- for figure in ['paid_orders_in_month', 'net_revenue_in_month', 'interactions_in_month', 'complaints_in_month'] %}
        case when carried_months.month_start = base.month_start then base.{{ figure }} else 0 end as {{ figure }},
        {%- endfor %}
        base.signup_at,
        base.first_order_date,
        base.last_order_date,
        base.last_return_date,
        {{ dbt.datediff('base.last_order_date', 'least(cast(' ~ dbt.last_day('carried_months.month_start', 'month') ~ ' as date), as_of.as_of_date)', 'day') }} as recency_days,
        {{ dbt.datediff('base.first_order_date', 'least(cast(' ~ dbt.last_day('carried_months.month_start', 'month') ~ ' as date), as_of.as_of_date)', 'day') }} as days_since_first_order,
        base.paid_orders_total,
        base.net_revenue_total,
        {%- for name in ['paid_orders_window', 'paid_orders_prior_window', 'interactions_window', 'interactions_prior_window',
                         'complaints_window', 'complaints_prior_window', 'paid_orders_12m'] %}
        cast(coalesce(carried_windows.{{ name }}, 0) as integer) as {{ name }},
        {%- endfor %}
        cast(coalesce(carried_windows.net_revenue_12m, 0) as decimal(18, 2)) as net_revenue_12m,
        base.latest_nps,
        base.latest_csat,
        base.next_order_date,
        {{ change_set_lineage() }}
    from carried_people as base
    cross join carried_months
    cross join as_of
    -- no stored month within reach of a carried month: the windows are empty
    left join carried_windows
        on base.customer_id = carried_windows.customer_id
        and carried_months.month_start = carried_windows.month_start

){% endif %}

select {{ columns | join(', ') }} from recomputed
{%- if is_incremental() %}
union all
select {{ columns | join(', ') }} from carried
{%- endif %}
