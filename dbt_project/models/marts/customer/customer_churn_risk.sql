{#-
    Churn early warning as of as_of, one row per customer with a paid order: the transparent 0-100 risk
    score with its reasons (int_customer_churn_features, rules in the churn_risk_rules seed) and the
    churn model's probability of no paid order in the next var churn_horizon_days days
    (ml.customer_churn_scores; null when the model has not scored the customer).
-#}
with

churn_features as (

    select * from {{ ref('int_customer_churn_features') }}
    where is_current

),

churn_scores as (

    select * from {{ ref('stg_ml__customer_churn_scores') }}

),

final as (

    select
        churn_features.customer_id,
        churn_features.snapshot_date as as_of_date,
        churn_features.churn_risk_score,
        churn_features.churn_risk_reasons,
        churn_features.is_recency_rising,
        churn_features.is_orders_down,
        churn_features.is_interactions_down,
        churn_features.is_complaints_up,
        churn_features.is_low_nps,
        churn_features.is_low_csat,
        churn_features.recency_days,
        churn_features.typical_gap_days,
        churn_features.paid_orders_window,
        churn_features.paid_orders_prior_window,
        churn_features.interactions_window,
        churn_features.interactions_prior_window,
        churn_features.complaints_window,
        churn_features.complaints_prior_window,
        churn_features.latest_nps,
        churn_features.latest_csat,
        churn_scores.churn_probability,
        churn_scores.churn_model_version
    from churn_features
    left join churn_scores
        on churn_features.customer_id = churn_scores.customer_id

)

select * from final
