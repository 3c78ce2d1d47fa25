-- Duplicate customer accounts: CRM accounts that share a normalised phone or e-mail with another
-- account, i.e. the same person registered twice. Identity stitching merges them; this counts them.
with

customers as (

    select * from {{ ref('stg_crm__customers') }}

),

contact_keys as (

    select customer_id, 'phone' as matched_on, phone as contact from customers where phone is not null
    union all
    select customer_id, 'email', email from customers where email is not null

),

shared as (

    select matched_on, contact
    from contact_keys
    group by matched_on, contact
    having count(distinct customer_id) > 1

),

accounts_sharing as (

    select contact_keys.matched_on, contact_keys.customer_id
    from contact_keys
    inner join shared using (matched_on, contact)

),

per_rule as (

    select matched_on, count(distinct customer_id) as accounts_sharing
    from accounts_sharing
    group by matched_on
    union all
    select 'phone_or_email', count(distinct customer_id)
    from accounts_sharing

),

accounts as (

    select count(*) as accounts from customers

),

final as (

    select
        'crm__customers' as source_table,
        per_rule.matched_on,
        accounts.accounts,
        per_rule.accounts_sharing,
        per_rule.accounts_sharing / nullif(accounts.accounts, 0)::double as duplicate_share

    from per_rule
    cross join accounts

)

select * from final
