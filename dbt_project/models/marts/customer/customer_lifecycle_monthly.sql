{#-
    Lifecycle stage per customer per month end (int_customer_months), days counted from snapshot_date:
      prospect     no paid order yet
      new          first paid order at most var lifecycle_new_days days ago
      reactivated  came back within the last var lifecycle_active_days days after a gap of more than
                   var lifecycle_at_risk_days days (i.e. from sleeping or churned)
      active       last paid order at most var lifecycle_active_days days ago
      at risk      at most var lifecycle_at_risk_days days ago
      sleeping     at most var lifecycle_sleeping_days days ago
      churned      more than var lifecycle_sleeping_days days ago
    Boundaries belong to the more recent stage: exactly 30 days is new, 90 active, 180 at risk, 365
    sleeping. previous_stage is the stage at the month end before (null in the customer's first month,
    and in the first month kept, whose previous month is outside the history).

    Incremental: a run rebuilds the months whose stages changed (macro changed_months on the stage and
    the figures shown beside it) and the month after each, whose previous_stage may have changed; the
    other months stay as stored. The change_set strategy (macro change_set.sql) replaces whole months
    and deletes those that left the history int_customer_months keeps.
-#}
{%- set fingerprinted = ['customer_id', 'snapshot_date', 'lifecycle_stage', 'recency_days', 'days_since_first_order', 'paid_orders_in_month'] %}
{{
    config(
        materialized='incremental',
        unique_key='month_start',
        incremental_strategy='change_set',
        history_column='month_start',
        on_schema_change='fail'
    )
}}
-- the change_set strategy reads {{ ref('int_as_of_date') }}
with

customer_months as (

    select * from {{ ref('int_customer_months') }}

),

lifecycle_stages as (

    select * from {{ ref('lifecycle_stages') }}

),

staged as (

    select
        customer_id,
        month_start,
        snapshot_date,
        is_first_month,
        recency_days,
        days_since_first_order,
        paid_orders_in_month,
        case
            when first_order_date is null then 'prospect'
            when days_since_first_order <= {{ var('lifecycle_new_days') }} then 'new'
            when {{ dbt.datediff('last_return_date', 'snapshot_date', 'day') }} <= {{ var('lifecycle_active_days') }}
                then 'reactivated'
            when recency_days <= {{ var('lifecycle_active_days') }} then 'active'
            when recency_days <= {{ var('lifecycle_at_risk_days') }} then 'at risk'
            when recency_days <= {{ var('lifecycle_sleeping_days') }} then 'sleeping'
            else 'churned'
        end as lifecycle_stage
    from customer_months

),
{% if is_incremental() %}
changed_months as (

    {{ changed_months('staged', fingerprinted, this, fingerprinted) }}

),

rebuilt_months as (

    {{ months_to_rebuild('changed_months') }}

),
{% endif %}
with_previous as (

    select
        *,
        case
            when not is_first_month
                then lag(lifecycle_stage) over (partition by customer_id order by month_start)
        end as previous_stage
    from staged
    {%- if is_incremental() %}
    -- each rebuilt month and the month before it, whose stage is the previous stage
    where {{ in_month_or_previous('month_start', 'rebuilt_months') }}
    {%- endif %}

),

final as (

    select
        with_previous.customer_id,
        with_previous.month_start,
        with_previous.snapshot_date,
        with_previous.lifecycle_stage,
        stages.stage_order,
        with_previous.previous_stage,
        with_previous.previous_stage is not null
            and with_previous.previous_stage <> with_previous.lifecycle_stage as is_stage_change,
        with_previous.recency_days,
        with_previous.days_since_first_order,
        with_previous.paid_orders_in_month
    from with_previous
    inner join lifecycle_stages as stages
        on with_previous.lifecycle_stage = stages.lifecycle_stage
    left join lifecycle_stages as previous_stages
        on with_previous.previous_stage = previous_stages.lifecycle_stage
    {%- if is_incremental() %}
    where with_previous.month_start in (select month_start from rebuilt_months)
    {%- endif %}

)

select * from final
