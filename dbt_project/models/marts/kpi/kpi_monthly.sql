{#-
    One row per month and KPI (the kpi entries of seed definitions): value, the previous month's value, the change, the
    value a year earlier, the target and whether it was met. Months run from the first paid order month
    to the as_of month; a month's period ends on its last day (as_of in the as_of month).
    Customer KPIs count the customers the customer marts list (resolved customers with a CRM account)
    from their paid orders (int_paid_orders_resolved), with the lifecycle marts' boundaries, so that a
    month's active customers are the lifecycle stages new + reactivated + active at its end; revenue,
    orders and AOV count every paid order, a buyer without a CRM account's too:
    - new customers: first paid order in the month; active: a paid order at most var
      lifecycle_active_days days before the period end; churned: customers whose last paid order turned
      more than var lifecycle_sleeping_days days old during the month (the lifecycle marts' churned stage);
    - repeat-purchase rate: share of the month's buyers who had a paid order before the month;
    - retention rate: share of the customers active at the previous period end still active at this one.
    Voice and service KPIs come from the survey, service and social marts (NPS and CSAT by month sent;
    complaints and SLA rates by month opened; negative share of scored mentions by month posted).
    Targets: 'level' targets are the seed value; 'yoy_change' targets are last year's value * (1 + seed
    value). met: value >= target when higher is better, value <= target when lower is better.
-#}
{%- set active_days = var('lifecycle_active_days') %}
{%- set churn_days = var('lifecycle_sleeping_days') %}
with

orders as (

    select customer_id, order_date, order_month, net_amount_cny
    from {{ ref('int_paid_orders_resolved') }}

),

survey_scores as (

    select * from {{ ref('survey_scores_monthly') }}
    where channel = 'all' and customer_segment = 'all'

),

service_sla as (

    select * from {{ ref('service_sla_monthly') }}
    where channel = 'all' and routed_department = 'all'

),

mentions as (

    select posted_month, sentiment from {{ ref('fct_social_mentions') }}
    where sentiment is not null

),

crm_customers as (

    select distinct resolved_customer_id as customer_id
    from {{ ref('int_customer_identities_stitched') }}
    where has_crm_account

),

targets as (

    select
        code as kpi,
        sort_order as kpi_order,
        unit,
        good_direction as direction,
        target_kind,
        target_value
    from {{ ref('definitions') }}
    where concept = 'kpi'

),

as_of as (

    select
        as_of_date,
        cast({{ dbt.date_trunc('month', 'as_of_date') }} as date) as as_of_month
    from {{ ref('int_as_of_date') }}

),

orders_to_date as (

    select orders.*
    from orders
    cross join as_of
    where orders.order_date <= as_of.as_of_date

),

months as (

    select distinct
        orders_to_date.order_month as month,
        least(
            cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'orders_to_date.order_month')) }} as date),
            as_of.as_of_date
        ) as period_end_date
    from orders_to_date
    cross join as_of

),

customer_orders as (

    select
        orders_to_date.customer_id,
        orders_to_date.order_date,
        orders_to_date.order_month,
        min(orders_to_date.order_date) over (partition by orders_to_date.customer_id) as first_order_date,
        lead(orders_to_date.order_date) over (
            partition by orders_to_date.customer_id order by orders_to_date.order_date
        ) as next_order_date
    from orders_to_date
    inner join crm_customers on orders_to_date.customer_id = crm_customers.customer_id

),

sales as (

    select
        order_month as month,
        sum(net_amount_cny) as revenue,
        count(*) as orders
    from orders_to_date
    group by order_month

),

buyers as (

    select
        order_month as month,
        count(distinct customer_id) as buyers,
        count(distinct case when first_order_date < order_month then customer_id end) as returning_buyers
    from customer_orders
    group by order_month

),

new_customers as (

    select
        cast({{ dbt.date_trunc('month', 'first_order_date') }} as date) as month,
        count(distinct customer_id) as new_customers
    from customer_orders
    group by 1

),

churn_events as (

    -- the day a customer's last paid order becomes more than churn_days old, with no order in between
    select
        customer_id,
        cast({{ dbt.dateadd('day', churn_days + 1, 'order_date') }} as date) as churned_date,
        next_order_date
    from customer_orders

),

churned as (

    select
        cast({{ dbt.date_trunc('month', 'churn_events.churned_date') }} as date) as month,
        count(*) as churned_customers
    from churn_events
    cross join as_of
    where (churn_events.next_order_date is null or churn_events.next_order_date >= churn_events.churned_date)
        and churn_events.churned_date <= as_of.as_of_date
    group by 1

),

active_customers as (

    select distinct
        months.month,
        customer_orders.customer_id
    from months
    inner join customer_orders
        on customer_orders.order_date <= months.period_end_date
        and customer_orders.order_date >= cast({{ dbt.dateadd('day', -active_days, 'months.period_end_date') }} as date)

),

activity as (

    select
        this_month.month,
        count(*) as active_customers,
        count(previous_month.customer_id) as retained_customers
    from active_customers as this_month
    left join active_customers as previous_month
        on this_month.customer_id = previous_month.customer_id
        and previous_month.month = cast({{ dbt.dateadd('month', -1, 'this_month.month') }} as date)
    group by this_month.month

),

previously_active as (

    select
        cast({{ dbt.dateadd('month', 1, 'month') }} as date) as month,
        count(*) as previously_active_customers
    from active_customers
    group by month

),

complaints as (

    select month, complaints from service_sla where kind = 'all'

),

social as (

    select
        posted_month as month,
        avg(case when sentiment = 'negative' then 1.0 else 0.0 end) as negative_share
    from mentions
    group by posted_month

),

kpi_values as (

    select months.month, 'revenue' as kpi, cast(sales.revenue as double) as value
    from months left join sales on months.month = sales.month
    union all
    select months.month, 'orders', cast(coalesce(sales.orders, 0) as double)
    from months left join sales on months.month = sales.month
    union all
    select months.month, 'aov', cast(sales.revenue / nullif(sales.orders, 0) as double)
    from months left join sales on months.month = sales.month
    union all
    select months.month, 'new_customers', cast(coalesce(new_customers.new_customers, 0) as double)
    from months left join new_customers on months.month = new_customers.month
    union all
    select months.month, 'active_customers', cast(coalesce(activity.active_customers, 0) as double)
    from months left join activity on months.month = activity.month
    union all
    select months.month, 'churned_customers', cast(coalesce(churned.churned_customers, 0) as double)
    from months left join churned on months.month = churned.month
    union all
    select months.month, 'repeat_purchase_rate', cast(buyers.returning_buyers as double) / nullif(buyers.buyers, 0)
    from months left join buyers on months.month = buyers.month
    union all
    select
        months.month,
        'retention_rate',
        cast(activity.retained_customers as double) / nullif(previously_active.previously_active_customers, 0)
    from months
    left join activity on months.month = activity.month
    left join previously_active on months.month = previously_active.month
    union all
    select months.month, 'nps', cast(survey_scores.nps as double)
    from months left join survey_scores on months.month = survey_scores.month
    union all
    select months.month, 'csat', cast(survey_scores.csat_mean as double)
    from months left join survey_scores on months.month = survey_scores.month
    union all
    select months.month, 'complaints', cast(coalesce(complaints.complaints, 0) as double)
    from months left join complaints on months.month = complaints.month
    union all
    select months.month, 'first_response_1h_rate', service_sla.first_response_sla_rate
    from months left join service_sla on months.month = service_sla.month and service_sla.kind = 'all'
    union all
    select months.month, 'resolved_24h_rate', service_sla.resolution_sla_rate
    from months left join service_sla on months.month = service_sla.month and service_sla.kind = 'all'
    union all
    select months.month, 'requirement_resolution_rate', service_sla.resolution_rate
    from months left join service_sla on months.month = service_sla.month and service_sla.kind = 'requirement'
    union all
    select months.month, 'social_negative_share', social.negative_share
    from months left join social on months.month = social.month

),

compared as (

    select
        kpi_values.month,
        kpi_values.kpi,
        kpi_values.value,
        previous_month.value as previous_value,
        last_year.value as last_year_value
    from kpi_values
    left join kpi_values as previous_month
        on kpi_values.kpi = previous_month.kpi
        and previous_month.month = cast({{ dbt.dateadd('month', -1, 'kpi_values.month') }} as date)
    left join kpi_values as last_year
        on kpi_values.kpi = last_year.kpi
        and last_year.month = cast({{ dbt.dateadd('month', -12, 'kpi_values.month') }} as date)

),

targeted as (

    select
        compared.*,
        targets.kpi_order,
        targets.unit,
        targets.direction,
        targets.target_kind,
        case targets.target_kind
            when 'level' then targets.target_value
            when 'yoy_change' then compared.last_year_value * (1 + targets.target_value)
        end as target
    from compared
    inner join targets
        on compared.kpi = targets.kpi

),

final as (

    select
        month,
        kpi,
        kpi_order,
        unit,
        direction,
        value,
        previous_value,
        value - previous_value as change,
        (value - previous_value) / nullif(abs(previous_value), 0) as change_pct,
        last_year_value,
        target_kind,
        target,
        case
            when value is null or target is null then null
            when direction = 'higher' then value >= target
            else value <= target
        end as target_met,
        case
            when value is null then 'no data'
            when target is null then 'no target'
            when (direction = 'higher' and value >= target) or (direction = 'lower' and value <= target) then 'met'
            else 'missed'
        end as target_status
    from targeted

)

select * from final
