{#-
    Churn features of every customer who had ordered by each month end (int_customer_months), the
    transparent 0-100 risk score with the rules that drove it (rule codes, named by the catalogue's
    churn_rule concept), and the training label: no paid order in the var churn_horizon_days days after
    snapshot_date. The label is known only when those days have
    passed by as_of (is_label_known); the as_of month-end row is the one scored today.
    Risk rules and their points come from the churn_risk_rules seed (see its description); a customer's
    typical gap between orders is (last order - first order) / (orders - 1), at least
    var lifecycle_new_days (also for customers with a single order).
    A view: every column is a function of one int_customer_months row and as_of, so the month-end rows
    are appended there, and the labels, which move with as_of, are computed when read.
-#}
{{ config(materialized='view') }}

with

customer_months as (

    select * from {{ ref('int_customer_months') }}
    where first_order_date is not null

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

risk_rules as (

    select * from {{ ref('churn_risk_rules') }}

),

rules as (

    {%- set rule_names = ['recency_rising', 'orders_down', 'interactions_down', 'complaints_up', 'low_nps', 'low_csat'] %}
    select
        {%- for rule in rule_names %}
        max(case when rule = '{{ rule }}' then threshold end) as {{ rule }}_threshold,
        max(case when rule = '{{ rule }}' then points end) as {{ rule }}_points{{ ',' if not loop.last }}
        {%- endfor %}
    from risk_rules

),

features as (

    select
        customer_months.*,
        greatest(
            coalesce(
                1.0 * {{ dbt.datediff('first_order_date', 'last_order_date', 'day') }} / nullif(paid_orders_total - 1, 0),
                {{ var('lifecycle_new_days') }}
            ),
            {{ var('lifecycle_new_days') }}
        ) as typical_gap_days
    from customer_months

),

fired as (

    select
        features.*,
        rules.*,
        as_of.as_of_date,
        features.recency_days > rules.recency_rising_threshold * features.typical_gap_days as is_recency_rising,
        features.paid_orders_prior_window > 0
            and features.paid_orders_window < rules.orders_down_threshold * features.paid_orders_prior_window
            as is_orders_down,
        features.interactions_prior_window > 0
            and features.interactions_window < rules.interactions_down_threshold * features.interactions_prior_window
            as is_interactions_down,
        features.complaints_window > features.complaints_prior_window + rules.complaints_up_threshold as is_complaints_up,
        coalesce(features.latest_nps <= rules.low_nps_threshold, false) as is_low_nps,
        coalesce(features.latest_csat <= rules.low_csat_threshold, false) as is_low_csat
    from features
    cross join rules
    cross join as_of

),

final as (

    select
        ----------  ids
        customer_id,
        month_start,
        snapshot_date,

        ----------  features
        recency_days,
        days_since_first_order,
        paid_orders_total,
        net_revenue_total,
        paid_orders_window,
        paid_orders_prior_window,
        interactions_window,
        interactions_prior_window,
        complaints_window,
        complaints_prior_window,
        paid_orders_12m,
        net_revenue_12m,
        latest_nps,
        latest_csat,
        typical_gap_days,

        ----------  risk rules
        is_recency_rising,
        is_orders_down,
        is_interactions_down,
        is_complaints_up,
        is_low_nps,
        is_low_csat,
        cast(
            case when is_recency_rising then recency_rising_points else 0 end
            + case when is_orders_down then orders_down_points else 0 end
            + case when is_interactions_down then interactions_down_points else 0 end
            + case when is_complaints_up then complaints_up_points else 0 end
            + case when is_low_nps then low_nps_points else 0 end
            + case when is_low_csat then low_csat_points else 0 end
            as integer
        ) as churn_risk_score,
        nullif(concat_ws(', ',
            case when is_recency_rising then 'recency_rising' end,
            case when is_orders_down then 'orders_down' end,
            case when is_interactions_down then 'interactions_down' end,
            case when is_complaints_up then 'complaints_up' end,
            case when is_low_nps then 'low_nps' end,
            case when is_low_csat then 'low_csat' end
        ), '') as churn_risk_reasons,

        ----------  training label
        cast({{ dbt.dateadd('day', var('churn_horizon_days'), 'snapshot_date') }} as date) as label_window_end_date,
        cast({{ dbt.dateadd('day', var('churn_horizon_days'), 'snapshot_date') }} as date) <= as_of_date as is_label_known,
        case
            when cast({{ dbt.dateadd('day', var('churn_horizon_days'), 'snapshot_date') }} as date) <= as_of_date
                then next_order_date is null
                    or next_order_date > cast({{ dbt.dateadd('day', var('churn_horizon_days'), 'snapshot_date') }} as date)
        end as is_churned_in_horizon,
        snapshot_date = as_of_date as is_current

    from fired

)

select * from final
