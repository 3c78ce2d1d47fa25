{#-
    Every identifier a source record carries, one row per (record, identifier): the edges that identity
    stitching joins records along. Records: CRM accounts, order-system customer accounts, interactions,
    survey responses and social authors (by handle). Identifiers: the CRM customer id, the E.164 phone,
    the normalised e-mail and the social handle.
    Identifiers are hashed (md5 of rule and value): no personal data leaves staging. A phone, e-mail or
    handle held by more CRM accounts than var identity_max_accounts_per_key is shared (a shop's phone, a
    family e-mail) and links nobody.
-#}
with

crm_customers as (

    select customer_id, phone, email from {{ ref('stg_crm__customers') }}

),

orders as (

    select distinct customer_id from {{ ref('stg_orders__orders') }}

),

interactions as (

    select interaction_id, customer_id, phone, email, social_handle
    from {{ ref('stg_interactions__interactions') }}

),

survey_responses as (

    select response_id, customer_id, phone, email, social_handle
    from {{ ref('stg_surveys__responses') }}

),

mentions as (

    select distinct author_handle from {{ ref('stg_social__mentions') }}

),

identifiers as (

    select 'crm' as source_system, customer_id as source_record_id, 'customer_id' as match_rule, customer_id as identifier_value from crm_customers
    union all
    select 'crm', customer_id, 'phone', phone from crm_customers
    union all
    select 'crm', customer_id, 'email', email from crm_customers
    union all
    select 'orders', customer_id, 'customer_id', customer_id from orders
    union all
    select 'interactions', interaction_id, 'customer_id', customer_id from interactions
    union all
    select 'interactions', interaction_id, 'phone', phone from interactions
    union all
    select 'interactions', interaction_id, 'email', email from interactions
    union all
    select 'interactions', interaction_id, 'social_handle', {{ normalize_handle('social_handle') }} from interactions
    union all
    select 'surveys', response_id, 'customer_id', customer_id from survey_responses
    union all
    select 'surveys', response_id, 'phone', phone from survey_responses
    union all
    select 'surveys', response_id, 'email', email from survey_responses
    union all
    select 'surveys', response_id, 'social_handle', {{ normalize_handle('social_handle') }} from survey_responses
    union all
    select 'social', {{ normalize_handle('author_handle') }}, 'social_handle', {{ normalize_handle('author_handle') }} from mentions

),

hashed as (

    select distinct
        source_system,
        source_record_id,
        match_rule,
        {{ dbt.hash("match_rule || ':' || identifier_value") }} as identity_key
    from identifiers
    where identifier_value is not null
        and source_record_id is not null

),

shared_identifiers as (

    select identity_key
    from hashed
    where source_system = 'crm'
        and match_rule <> 'customer_id'
    group by identity_key
    having count(*) > {{ var('identity_max_accounts_per_key') }}

),

final as (

    select hashed.*
    from hashed
    where not exists (
        select 1 from shared_identifiers
        where shared_identifiers.identity_key = hashed.identity_key
    )

)

select * from final
