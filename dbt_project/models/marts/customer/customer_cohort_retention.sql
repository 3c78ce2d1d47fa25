{#-
    Cohort retention: customers grouped by the month they first ordered (cohort_basis 'first_order') or
    signed up ('signup'), followed month by month. ordering_customers placed a paid order in that
    calendar month; active_customers were new, active or reactivated at its month end (ordered within
    var lifecycle_active_days days). Cohorts that started before the kept history are left out.
-#}
with

customer_months as (

    select * from {{ ref('int_customer_months') }}

),

lifecycle_monthly as (

    select customer_id, month_start, lifecycle_stage from {{ ref('customer_lifecycle_monthly') }}

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

history_start as (

    select min(month_start) as first_kept_month from customer_months

),

cohort_members as (

    -- the as_of row carries each customer's first order date over their whole history
    select
        customer_id,
        'first_order' as cohort_basis,
        cast({{ dbt.date_trunc('month', 'first_order_date') }} as date) as cohort_month
    from customer_months
    where snapshot_date = (select as_of_date from as_of)
        and first_order_date is not null

    union all

    select
        customer_id,
        'signup',
        cast({{ dbt.date_trunc('month', 'signup_at') }} as date)
    from customer_months
    where snapshot_date = (select as_of_date from as_of)

),

cohort_months as (

    select
        cohort_members.cohort_basis,
        cohort_members.cohort_month,
        {{ dbt.datediff('cohort_members.cohort_month', 'customer_months.month_start', 'month') }} as months_since,
        cohort_members.customer_id,
        customer_months.paid_orders_in_month > 0 as is_ordering,
        lifecycle_monthly.lifecycle_stage in ('new', 'active', 'reactivated') as is_active
    from cohort_members
    cross join history_start
    inner join customer_months
        on cohort_members.customer_id = customer_months.customer_id
        and customer_months.month_start >= cohort_members.cohort_month
    inner join lifecycle_monthly
        on customer_months.customer_id = lifecycle_monthly.customer_id
        and customer_months.month_start = lifecycle_monthly.month_start
    where cohort_members.cohort_month >= history_start.first_kept_month

),

cohort_sizes as (

    select cohort_basis, cohort_month, count(distinct customer_id) as cohort_customers
    from cohort_months
    group by cohort_basis, cohort_month

),

final as (

    select
        cohort_months.cohort_basis,
        cohort_months.cohort_month,
        cast(cohort_months.months_since as integer) as months_since,
        cast(cohort_sizes.cohort_customers as integer) as cohort_customers,
        cast(sum(case when cohort_months.is_ordering then 1 else 0 end) as integer) as ordering_customers,
        cast(sum(case when cohort_months.is_active then 1 else 0 end) as integer) as active_customers,
        round(1.0 * sum(case when cohort_months.is_ordering then 1 else 0 end) / cohort_sizes.cohort_customers, 4)
            as ordering_share,
        round(1.0 * sum(case when cohort_months.is_active then 1 else 0 end) / cohort_sizes.cohort_customers, 4)
            as active_share
    from cohort_months
    inner join cohort_sizes
        on cohort_months.cohort_basis = cohort_sizes.cohort_basis
        and cohort_months.cohort_month = cohort_sizes.cohort_month
    group by cohort_months.cohort_basis, cohort_months.cohort_month, cohort_months.months_since, cohort_sizes.cohort_customers

)

select * from final
