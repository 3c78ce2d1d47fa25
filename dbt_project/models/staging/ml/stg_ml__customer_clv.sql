with

source as (

    select * from {{ source('ml', 'customer_clv') }}

),

renamed as (

    select
        customer_id,
        as_of_date,
        expected_purchases_12m,
        probability_alive,
        expected_value_12m,
        model_version as clv_model_version
    from source

)

select * from renamed
