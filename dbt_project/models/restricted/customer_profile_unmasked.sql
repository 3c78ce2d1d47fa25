{#-
    The unmasked profile of every resolved customer with a CRM account, for the few allowed to contact
    customers directly (action-list exports with INSIGHT_SHOW_PII). Schema restricted: never published.
    Profile from the person's first CRM account, a missing phone or e-mail filled from their other
    accounts; all_phones / all_emails list every distinct value over their accounts.
-#}
with

crm_customers as (

    select * from {{ ref('stg_crm__customers') }}

),

identities as (

    select * from {{ ref('int_customer_identities_stitched') }}
    where source_system = 'crm'

),

accounts as (

    select
        identities.resolved_customer_id as customer_id,
        identities.source_record_id = identities.resolved_customer_id as is_first_account,
        crm_customers.*
    from identities
    inner join crm_customers
        on identities.source_record_id = crm_customers.customer_id

),

contacts as (

    select
        customer_id,
        count(*) as crm_accounts,
        max(case when not is_first_account then phone end) as other_phone,
        max(case when not is_first_account then email end) as other_email,
        {{ dbt.listagg('distinct phone', "', '", "order by phone") }} as all_phones,
        {{ dbt.listagg('distinct email', "', '", "order by email") }} as all_emails
    from accounts
    group by customer_id

),

final as (

    select
        accounts.customer_id,
        accounts.customer_name,
        coalesce(accounts.phone, contacts.other_phone) as phone,
        coalesce(accounts.email, contacts.other_email) as email,
        accounts.birth_date,
        accounts.company_name,
        contacts.all_phones,
        contacts.all_emails,
        cast(contacts.crm_accounts as integer) as crm_accounts
    from accounts
    inner join contacts
        on accounts.customer_id = contacts.customer_id
    where accounts.is_first_account

)

select * from final
