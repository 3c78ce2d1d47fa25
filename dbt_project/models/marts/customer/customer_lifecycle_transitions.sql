{#-
    Lifecycle transitions between consecutive month ends: for every month and every (from stage, to
    stage), how many customers moved so. Customers in their first month come from null ('(new record)').
    The first month kept in the history has no known previous stage and is left out.
-#}
with

lifecycle_monthly as (

    select * from {{ ref('customer_lifecycle_monthly') }}

),

customer_months as (

    select customer_id, month_start, is_first_month from {{ ref('int_customer_months') }}

),

known_transitions as (

    select
        lifecycle_monthly.month_start,
        lifecycle_monthly.snapshot_date,
        lifecycle_monthly.previous_stage as from_stage,
        lifecycle_monthly.lifecycle_stage as to_stage
    from lifecycle_monthly
    inner join customer_months
        on lifecycle_monthly.customer_id = customer_months.customer_id
        and lifecycle_monthly.month_start = customer_months.month_start
    where lifecycle_monthly.previous_stage is not null
        or customer_months.is_first_month

),

final as (

    select
        month_start,
        snapshot_date,
        coalesce(from_stage, '(new record)') as from_stage,
        to_stage,
        coalesce(from_stage, '') <> to_stage as is_stage_change,
        cast(count(*) as integer) as customers
    from known_transitions
    group by 1, 2, 3, 4, 5

)

select * from final
