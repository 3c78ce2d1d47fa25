{#-
    The edges that identity stitching joins records along: every identifier of a source record
    (int_customer_identifiers) except the shared ones. A phone, e-mail or handle held by more CRM accounts
    than var identity_max_accounts_per_key is shared (a shop's phone, a family e-mail) and links nobody.
    Whether an identifier is shared depends on every CRM account, so this is a view over the
    incrementally kept identifiers (writing ten million links at scale 100 cost more than reading them).
-#}
{{ config(materialized='view') }}

with

identifiers as (

    select source_system, source_record_id, match_rule, identity_key from {{ ref('int_customer_identifiers') }}

),

shared_identifiers as (

    select identity_key
    from identifiers
    where source_system = 'crm'
        and match_rule <> 'customer_id'
    group by identity_key
    having count(*) > {{ var('identity_max_accounts_per_key') }}

),

final as (

    select identifiers.*
    from identifiers
    where not exists (
        select 1 from shared_identifiers
        where shared_identifiers.identity_key = identifiers.identity_key
    )

)

select * from final
