{#-
    Every interaction with the CRM customer it belongs to, found by customer_id, else by normalised
    phone, else by normalised e-mail. A phone or e-mail shared by several CRM customers is ambiguous and
    matches nobody. Full identity stitching (surveys, social handles) comes later.
    No personal data leaves here: the phone and e-mail used for matching are not carried on.
-#}
with

interactions as (

    select * from {{ ref('stg_interactions__interactions') }}

),

customers as (

    select customer_id, phone, email from {{ ref('stg_crm__customers') }}

),

customers_by_phone as (

    select
        phone,
        min(customer_id) as customer_id
    from customers
    where phone is not null
    group by phone
    having count(*) = 1

),

customers_by_email as (

    select
        email,
        min(customer_id) as customer_id
    from customers
    where email is not null
    group by email
    having count(*) = 1

),

matched as (

    select
        interactions.interaction_id,
        coalesce(
            customers_by_id.customer_id,
            customers_by_phone.customer_id,
            customers_by_email.customer_id
        ) as customer_id,
        case
            when customers_by_id.customer_id is not null then 'customer_id'
            when customers_by_phone.customer_id is not null then 'phone'
            when customers_by_email.customer_id is not null then 'email'
        end as match_method,
        interactions.customer_id as source_customer_id,
        interactions.channel,
        interactions.kind,
        interactions.category,
        interactions.status,
        interactions.agent_name,
        interactions.department,
        interactions.satisfaction_score,
        interactions.opened_at,
        interactions.first_response_at,
        interactions.resolved_at,
        interactions.followed_up_at

    from interactions

    left join customers as customers_by_id
        on interactions.customer_id = customers_by_id.customer_id

    left join customers_by_phone
        on interactions.phone = customers_by_phone.phone

    left join customers_by_email
        on interactions.email = customers_by_email.email

),

final as (

    select
        *,
        customer_id is not null as is_matched,
        kind = 'complaint' as is_complaint
    from matched

)

select * from final
