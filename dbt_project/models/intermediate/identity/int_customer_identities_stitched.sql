{#-
    Identity stitching: one resolved customer per real person. Source records (CRM accounts, order-system
    accounts, interactions, survey responses, social authors) that share an identifier
    (int_customer_identity_links) are one person, transitively: A~B by phone and B~C by e-mail make A, B
    and C one person.
    Connected components by label propagation, set-based: every record starts with its own number as
    label; each pass gives every identifier the smallest label among its records and every record the
    smallest label among its identifiers. var identity_label_passes passes are unrolled; a chain of k
    records needs about k passes, and the test assert_identity_stitching_converged fails when a pass more
    would still change something.
    Record numbers put CRM accounts first, earliest signup first, so a person with a CRM account is named
    after their first account: resolved_customer_id is that CRM customer_id. A person without a CRM
    account is named '<source_system>:<source_record_id>' of their first record.

    Incremental by person: each record keeps a fingerprint of what stitching reads of it (its signup and
    its identifiers). A run re-stitches only the people a new, changed or vanished record touches: the
    person each such record belonged to and every person holding one of its identifiers now. Those
    people are whole connected components of the new graph (a record outside them shares no identifier
    with them, or it would have been touched), so stitching them alone, numbered in the same order as a
    full run, gives a full run's answer for them; everybody else keeps their stored rows. delete+insert on
    identity_record_id replaces the re-stitched records' rows; a post-hook deletes the rows of records that
    are gone (an order account or a handle no order or mention carries any more).
    _restitched_through dates each row by the loads it was stitched after: int_people_changed takes the
    people re-stitched since its batch before.
-#}
{{
    config(
        materialized='incremental',
        unique_key='identity_record_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook='{{ delete_vanished_identity_records() }}'
    )
}}
{%- set passes = var('identity_label_passes') %}
{%- set rule_priority %}
        case edges.match_rule
            when 'customer_id' then 1
            when 'phone' then 2
            when 'email' then 3
            when 'social_handle' then 4
        end
{%- endset %}
with

crm_customers as (

    select customer_id, signup_at from {{ ref('stg_crm__customers') }}

),

orders as (

    select distinct customer_id from {{ ref('stg_orders__orders') }}

),

interactions as (

    select interaction_id from {{ ref('stg_interactions__interactions') }}

),

survey_responses as (

    select response_id from {{ ref('stg_surveys__responses') }}

),

mentions as (

    select distinct {{ normalize_handle('author_handle') }} as author_handle from {{ ref('stg_social__mentions') }}

),

links as (

    select * from {{ ref('int_customer_identity_links') }}

),

source_records as (

    select 'crm' as source_system, customer_id as source_record_id, signup_at from crm_customers
    union all
    select 'orders', customer_id, cast(null as timestamp) from orders
    union all
    select 'interactions', interaction_id, cast(null as timestamp) from interactions
    union all
    select 'surveys', response_id, cast(null as timestamp) from survey_responses
    union all
    select 'social', author_handle, cast(null as timestamp) from mentions where author_handle is not null

),

-- what stitching reads of a record: when it signed up (its place in the numbering) and its identifiers
record_fingerprints as {{ materialized_cte() }} (

    select
        source_records.source_system,
        source_records.source_record_id,
        source_records.signup_at,
        {{ row_fingerprint(['source_records.signup_at', 'record_links.links_fingerprint']) }} as record_fingerprint
    from source_records
    left join (
        select source_system, source_record_id, {{ fingerprint_agg(['match_rule', 'identity_key']) }} as links_fingerprint
        from links
        group by source_system, source_record_id
    ) as record_links
        on source_records.source_system = record_links.source_system
        and source_records.source_record_id = record_links.source_record_id

),
{% if is_incremental() %}
stored as (

    select source_system, source_record_id, resolved_customer_id, _record_fingerprint from {{ this }}

),

-- new, changed or vanished records
changed_records as {{ materialized_cte() }} (

    select
        coalesce(record_fingerprints.source_system, stored.source_system) as source_system,
        coalesce(record_fingerprints.source_record_id, stored.source_record_id) as source_record_id
    from record_fingerprints
    full outer join stored
        on record_fingerprints.source_system = stored.source_system
        and record_fingerprints.source_record_id = stored.source_record_id
    where record_fingerprints.record_fingerprint is distinct from stored._record_fingerprint

),

-- the person each changed record belonged to, and every person holding one of its identifiers now
touched_people as (

    select stored.resolved_customer_id
    from stored
    inner join changed_records
        on stored.source_system = changed_records.source_system
        and stored.source_record_id = changed_records.source_record_id
    union
    select stored.resolved_customer_id
    from changed_records
    inner join links as changed_links
        on changed_records.source_system = changed_links.source_system
        and changed_records.source_record_id = changed_links.source_record_id
    inner join links as sharing_links
        on changed_links.identity_key = sharing_links.identity_key
    inner join stored
        on sharing_links.source_system = stored.source_system
        and sharing_links.source_record_id = stored.source_record_id

),

restitched_records as (

    select source_system, source_record_id from stored
    where resolved_customer_id in (select resolved_customer_id from touched_people)
    union
    select source_system, source_record_id from changed_records

),
{% endif %}
records as {{ materialized_cte() }} (

    select
        record_fingerprints.source_system,
        record_fingerprints.source_record_id,
        record_fingerprints.record_fingerprint,
        row_number() over (
            order by
                case when record_fingerprints.source_system = 'crm' then 0 else 1 end,
                record_fingerprints.signup_at nulls last,
                record_fingerprints.source_system,
                record_fingerprints.source_record_id
        ) as record_no
    from record_fingerprints
    {%- if is_incremental() %}
    inner join restitched_records
        on record_fingerprints.source_system = restitched_records.source_system
        and record_fingerprints.source_record_id = restitched_records.source_record_id
    {%- endif %}

),

edges as {{ materialized_cte() }} (

    select
        records.record_no,
        links.identity_key,
        links.match_rule
    from links
    inner join records
        on links.source_system = records.source_system
        and links.source_record_id = records.source_record_id

),

labels_0 as {{ materialized_cte() }} (

    select distinct record_no, record_no as label from edges

),
{% for pass in range(1, passes + 1) %}
identifier_labels_{{ pass }} as {{ materialized_cte() }} (

    select
        edges.identity_key,
        min(labels_{{ pass - 1 }}.label) as label
    from edges
    inner join labels_{{ pass - 1 }}
        on edges.record_no = labels_{{ pass - 1 }}.record_no
    group by edges.identity_key

),

labels_{{ pass }} as {{ materialized_cte() }} (

    select
        edges.record_no,
        min(identifier_labels_{{ pass }}.label) as label
    from edges
    inner join identifier_labels_{{ pass }}
        on edges.identity_key = identifier_labels_{{ pass }}.identity_key
    group by edges.record_no

),
{% endfor %}
record_labels as (

    -- a record without identifiers is a person of its own
    select
        records.record_no,
        records.source_system,
        records.source_record_id,
        records.record_fingerprint,
        coalesce(labels_{{ passes }}.label, records.record_no) as label
    from records
    left join labels_{{ passes }}
        on records.record_no = labels_{{ passes }}.record_no

),

identifier_spans as (

    select
        identity_key,
        count(distinct record_no) as records_sharing,
        min(record_no) as first_record_no
    from edges
    group by identity_key

),

merge_rules as (

    -- the rule that merged a record: the strongest identifier (customer id, phone, e-mail, handle) it
    -- shares with an earlier record (towards the anchor), else with any other record
    select
        edges.record_no,
        min(case when identifier_spans.first_record_no < edges.record_no then {{ rule_priority }} end)
            as rule_priority_to_earlier,
        min({{ rule_priority }}) as rule_priority_to_any
    from edges
    inner join identifier_spans
        on edges.identity_key = identifier_spans.identity_key
    where identifier_spans.records_sharing > 1
    group by edges.record_no

),

people as (

    select
        record_labels.label,
        count(*) as person_records,
        sum(case when record_labels.source_system = 'crm' then 1 else 0 end) as person_crm_accounts
    from record_labels
    group by record_labels.label

),

final as (

    select
        ----------  ids
        record_labels.source_system || ':' || record_labels.source_record_id as identity_record_id,
        record_labels.source_system,
        record_labels.source_record_id,
        case
            when anchors.source_system = 'crm' then anchors.source_record_id
            else anchors.source_system || ':' || anchors.source_record_id
        end as resolved_customer_id,

        ----------  how
        case
            when record_labels.record_no = record_labels.label then 'anchor'
            when coalesce(merge_rules.rule_priority_to_earlier, merge_rules.rule_priority_to_any) = 1 then 'customer_id'
            when coalesce(merge_rules.rule_priority_to_earlier, merge_rules.rule_priority_to_any) = 2 then 'phone'
            when coalesce(merge_rules.rule_priority_to_earlier, merge_rules.rule_priority_to_any) = 3 then 'email'
            when coalesce(merge_rules.rule_priority_to_earlier, merge_rules.rule_priority_to_any) = 4 then 'social_handle'
        end as match_rule,

        ----------  the person
        cast(people.person_records as integer) as person_records,
        cast(people.person_crm_accounts as integer) as person_crm_accounts,
        people.person_crm_accounts > 0 as has_crm_account,

        ----------  lineage: what stitching read of the record, and the load high water it was stitched at
        record_labels.record_fingerprint as _record_fingerprint,
        {{ load_high_water() }} as _restitched_through

    from record_labels

    inner join records as anchors
        on record_labels.label = anchors.record_no

    inner join people
        on record_labels.label = people.label

    left join merge_rules
        on record_labels.record_no = merge_rules.record_no

)

select * from final
