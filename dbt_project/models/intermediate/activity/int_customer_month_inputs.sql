{#-
    One row per resolved customer with a CRM account: the earliest signup over their CRM accounts and a
    fingerprint of everything int_customer_months reads about them (macro fingerprint_agg): that signup,
    their paid orders, interactions and survey responses. An incremental run of int_customer_months
    recomputes exactly the customers whose fingerprint differs from the one it stored, which covers new,
    late and corrected rows as well as identity merges and splits (a merge changes the merged person's
    set of rows; a person merged away has no row here, and their months are deleted).
-#}
with

crm_accounts as (

    select source_record_id as customer_id, resolved_customer_id
    from {{ ref('int_customer_identities_stitched') }}
    where source_system = 'crm'

),

crm_customers as (

    select customer_id, signup_at from {{ ref('stg_crm__customers') }}

),

customers as (

    select
        crm_accounts.resolved_customer_id as customer_id,
        min(crm_customers.signup_at) as signup_at
    from crm_accounts
    inner join crm_customers
        on crm_accounts.customer_id = crm_customers.customer_id
    group by crm_accounts.resolved_customer_id

),

order_fingerprints as (

    select
        customer_id,
        {{ fingerprint_agg(['order_id', 'order_date', 'order_month', 'net_amount_cny', 'days_since_previous_order']) }} as fingerprint
    from {{ ref('int_paid_orders_resolved') }}
    group by customer_id

),

interaction_fingerprints as (

    select
        customer_id,
        {{ fingerprint_agg(['interaction_id', 'opened_date', 'is_complaint']) }} as fingerprint
    from {{ ref('int_interactions_resolved') }}
    where customer_id is not null
        and opened_date <= (select as_of_date from {{ ref('int_as_of_date') }})
    group by customer_id

),

response_fingerprints as (

    select
        customer_id,
        {{ fingerprint_agg(['response_id', 'responded_at', 'responded_date', 'nps_score', 'csat_score']) }} as fingerprint
    from {{ ref('int_survey_responses_resolved') }}
    where customer_id is not null
    group by customer_id

),

final as (

    select
        customers.customer_id,
        customers.signup_at,
        {{ row_fingerprint([
            'customers.signup_at',
            'order_fingerprints.fingerprint',
            'interaction_fingerprints.fingerprint',
            'response_fingerprints.fingerprint',
        ]) }} as input_fingerprint
    from customers
    left join order_fingerprints
        on customers.customer_id = order_fingerprints.customer_id
    left join interaction_fingerprints
        on customers.customer_id = interaction_fingerprints.customer_id
    left join response_fingerprints
        on customers.customer_id = response_fingerprints.customer_id

)

select * from final
