{#-
    The post-hooks of the models kept per identity record (int_customer_identifiers,
    int_customer_identities_stitched): they delete the rows delete+insert cannot reach, because the
    record they belong to has no row in the run's batch.
-#}

{#-
    The records a source can send again with the same key, which may then carry no identifier at all:
    (source_system, staging model, key column). CRM accounts carry their customer id, so they always
    have one; interactions and survey responses carry only contact details.
-#}
{% macro resent_identity_records() -%}
    {{ return([
        ('crm', 'stg_crm__customers', 'customer_id'),
        ('interactions', 'stg_interactions__interactions', 'interaction_id'),
        ('surveys', 'stg_surveys__responses', 'response_id'),
    ]) }}
{%- endmacro %}

{#-
    int_customer_identifiers: a record re-sent with fewer identifiers keeps no row of an older version
    (rows loaded before the record's latest staging row go).
-#}
{% macro delete_superseded_identifiers() -%}
    {%- for source_system, model, key in resent_identity_records() %}
    delete from {{ this }} as identifiers
    using {{ ref(model) }} as records
    where identifiers.source_system = '{{ source_system }}'
        and identifiers.source_record_id = records.{{ key }}
        and identifiers._loaded_at < records._loaded_at;
    {%- endfor %}
{%- endmacro %}

{#-
    Both models: the rows of records that are gone. An order-system account exists while an order
    carries it, a social author while a mention does; CRM accounts, interactions and survey responses are
    never withdrawn.
-#}
{% macro delete_vanished_identity_records() -%}
    delete from {{ this }}
    where (
            source_system = 'orders'
            and source_record_id not in (
                select customer_id from {{ ref('stg_orders__orders') }} where customer_id is not null
            )
        )
        or (
            source_system = 'social'
            and source_record_id not in (
                select handle
                from (
                    select {{ normalize_handle('author_handle') }} as handle from {{ ref('stg_social__mentions') }}
                ) as handles
                where handle is not null
            )
        )
{%- endmacro %}
