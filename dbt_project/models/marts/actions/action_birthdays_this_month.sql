{#-
    Action list: customers whose birthday falls in the as_of month, for a greeting or a birthday offer,
    soonest first. Personal data masked (from customer_360); only the birthday's month and day are shown.
-#}
with

customers as (

    select * from {{ ref('customer_360') }}

),

crm_customers as (

    select customer_id, birth_date from {{ ref('stg_crm__customers') }}

),

final as (

    select
        customers.customer_id,
        customers.name_masked,
        customers.phone_masked,
        customers.email_masked,
        cast(extract(month from crm_customers.birth_date) as integer) as birthday_month,
        cast(extract(day from crm_customers.birth_date) as integer) as birthday_day,
        customers.member_tier,
        customers.segment,
        customers.lifecycle_stage,
        customers.lifetime_revenue,
        customers.region,
        customers.service_tier,
        customers.as_of_date
    from customers
    inner join crm_customers
        on customers.customer_id = crm_customers.customer_id
    where extract(month from crm_customers.birth_date) = extract(month from customers.as_of_date)

)

select * from final
