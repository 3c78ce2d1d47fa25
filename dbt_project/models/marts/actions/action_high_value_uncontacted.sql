{#-
    Action list: high-value customers (RFM service tier 'high value') with no contact (interaction or
    survey response) in the last var high_value_no_contact_days days, or none at all, the longest
    silence first. Personal data masked (from customer_360).
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
        segment,
        member_tier,
        lifetime_revenue,
        revenue_12m,
        last_contact_at,
        last_contact_channel,
        {{ dbt.datediff('cast(last_contact_at as date)', 'as_of_date', 'day') }} as days_since_last_contact,
        region,
        service_tier,
        as_of_date
    from customers
    where service_tier = 'high value'
        and (
            last_contact_at is null
            or {{ dbt.datediff('cast(last_contact_at as date)', 'as_of_date', 'day') }} > {{ var('high_value_no_contact_days') }}
        )

)

select * from final
