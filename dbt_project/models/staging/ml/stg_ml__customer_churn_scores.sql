with

source as (

    select * from {{ source('ml', 'customer_churn_scores') }}

),

renamed as (

    select
        customer_id,
        as_of_date,
        churn_probability,
        model_version as churn_model_version
    from source

)

select * from renamed
