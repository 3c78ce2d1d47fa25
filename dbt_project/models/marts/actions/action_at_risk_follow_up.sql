{#-
    Action list for the weekly follow-up: customers whose churn risk score is at least
    var at_risk_follow_up_score, with the reasons and the model's probability, for the week starting on
    the Monday of the as_of week. Personal data masked (from customer_360).
-#}
with

customers as (

    select * from {{ ref('customer_360') }}

),

final as (

    select
        customer_id,
        name_masked,
        phone_masked,
        email_masked,
        churn_risk_score,
        churn_risk_reasons,
        churn_probability,
        segment,
        lifecycle_stage,
        lifetime_revenue,
        last_order_at,
        last_contact_at,
        open_tickets,
        complaints_90d,
        cast({{ dbt.date_trunc('week', 'as_of_date') }} as date) as follow_up_week,
        region,
        service_tier,
        as_of_date
    from customers
    where churn_risk_score >= {{ var('at_risk_follow_up_score') }}

)

select * from final
