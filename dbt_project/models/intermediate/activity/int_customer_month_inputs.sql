{#-
    One row per resolved customer with a CRM account and the earliest signup over their CRM accounts: the
    people int_customer_months keeps a month-end spine for. A view: it is read once per run.
-#}
{{ config(materialized='view') }}

with

crm_accounts as (

    select source_record_id as customer_id, resolved_customer_id
    from {{ ref('int_customer_identities_stitched') }}
    where source_system = 'crm'

),

crm_customers as (

    select customer_id, signup_at from {{ ref('stg_crm__customers') }}

),

final as (

    select
        crm_accounts.resolved_customer_id as customer_id,
        min(crm_customers.signup_at) as signup_at
    from crm_accounts
    inner join crm_customers
        on crm_accounts.customer_id = crm_customers.customer_id
    group by crm_accounts.resolved_customer_id

)

select * from final
