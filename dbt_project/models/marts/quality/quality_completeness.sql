-- Share of records that lack a key field: contact details of customers, and how interactions and
-- survey responses identify who they belong to (by CRM id, or only by phone / e-mail / handle).
with

customers as (

    select * from {{ ref('stg_crm__customers') }}

),

interactions as (

    select * from {{ ref('stg_interactions__interactions') }}

),

responses as (

    select * from {{ ref('stg_surveys__responses') }}

),

measures as (

    select 'crm__customers' as source_table, 'phone' as field, count(*) as records, count(*) filter (where phone is null) as missing from customers
    union all
    select 'crm__customers', 'email', count(*), count(*) filter (where email is null) from customers
    union all
    select 'crm__customers', 'phone_and_email', count(*), count(*) filter (where phone is null and email is null) from customers
    union all
    select 'interactions__interactions', 'customer_id', count(*), count(*) filter (where customer_id is null) from interactions
    union all
    select 'surveys__responses', 'customer_id', count(*), count(*) filter (where customer_id is null) from responses

),

final as (

    select
        source_table,
        field,
        records,
        missing,
        case when records > 0 then missing / records::double else 0 end as missing_share

    from measures

)

select * from final
