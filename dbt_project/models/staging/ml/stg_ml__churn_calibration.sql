with

source as (

    select * from {{ source('ml', 'churn_calibration') }}

),

renamed as (

    select
        model_version as churn_model_version,
        holdout_snapshot,
        decile,
        customers,
        mean_predicted,
        observed_rate
    from source

)

select * from renamed
