{#-
    The churn model's calibration, for the quality page: per decile of predicted probability on the
    holdout month end, the mean prediction, the observed churn rate and their gap (observed minus
    predicted; a well calibrated model keeps it near zero in every decile).
-#}
with

calibration as (

    select * from {{ ref('stg_ml__churn_calibration') }}

),

final as (

    select
        churn_model_version,
        holdout_snapshot,
        decile,
        customers,
        mean_predicted,
        observed_rate,
        observed_rate - mean_predicted as calibration_gap
    from calibration

)

select * from final
