{#-
    Every identifier a source record carries, one row per (record, identifier). Records: CRM accounts,
    order-system customer accounts, interactions, survey responses and social authors (by handle).
    Identifiers: the CRM customer id, the E.164 phone, the normalised e-mail and the social handle, hashed
    with their rule (md5) so no personal data leaves staging. _loaded_at is the load of the record's
    latest version (an order account's or a handle's latest order or mention).

    Incremental per record: a run reads only the staging rows loaded after the newest _loaded_at this table
    holds and replaces those records' identifiers (delete+insert on the record). A record re-sent with no
    identifier left has nothing to insert: post-hooks (macros/identity_records.sql) delete the rows older
    than its staging row, and the rows of an order account or a handle no order or mention carries any
    more.
-#}
{%- set resent_records = resent_identity_records() %}
{#- the records that carry every kind of identifier, read and unpivoted alike #}
{%- set contact_records = resent_records[1:] %}
{{
    config(
        materialized='incremental',
        unique_key=['source_system', 'source_record_id'],
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook=['{{ delete_superseded_identifiers() }}', '{{ delete_vanished_identity_records() }}']
    )
}}
{%- set new_loads_only %}
    {%- if is_incremental() %}
    where _loaded_at > (select loaded_at from watermark)
    {%- endif %}
{%- endset %}

with
{% if is_incremental() %}
watermark as (

    select {{ incremental_watermark() }} as loaded_at

),
{% endif %}
crm_customers as (

    select customer_id, phone, email, _loaded_at from {{ ref('stg_crm__customers') }}
    {{- new_loads_only }}

),

orders as (

    select customer_id, max(_loaded_at) as _loaded_at from {{ ref('stg_orders__orders') }}
    {{- new_loads_only }}
    group by customer_id

),
{% for source_system, model, key in contact_records %}
{{ source_system }} as (

    select {{ key }} as record_id, customer_id, phone, email, social_handle, _loaded_at from {{ ref(model) }}
    {{- new_loads_only }}

),
{% endfor %}
mentions as (

    select {{ normalize_handle('author_handle') }} as author_handle, max(_loaded_at) as _loaded_at
    from {{ ref('stg_social__mentions') }}
    {{- new_loads_only }}
    group by 1

),

identifiers as (

    select 'crm' as source_system, customer_id as source_record_id, 'customer_id' as match_rule, customer_id as identifier_value, _loaded_at from crm_customers
    union all
    select 'crm', customer_id, 'phone', phone, _loaded_at from crm_customers
    union all
    select 'crm', customer_id, 'email', email, _loaded_at from crm_customers
    union all
    select 'orders', customer_id, 'customer_id', customer_id, _loaded_at from orders
    union all
    {%- for source_system, model, key in contact_records %}
    {%- for match_rule, value in [('customer_id', 'customer_id'), ('phone', 'phone'), ('email', 'email'), ('social_handle', normalize_handle('social_handle'))] %}
    select '{{ source_system }}', record_id, '{{ match_rule }}', {{ value }}, _loaded_at from {{ source_system }}
    union all
    {%- endfor %}
    {%- endfor %}
    select 'social', author_handle, 'social_handle', author_handle, _loaded_at from mentions

),

final as (

    select distinct
        source_system,
        source_record_id,
        match_rule,
        {{ dbt.hash("match_rule || ':' || identifier_value") }} as identity_key,
        _loaded_at
    from identifiers
    where identifier_value is not null
        and source_record_id is not null

)

select * from final
