{#-
    The post-hook of the models kept per identity record (int_customer_identifiers,
    int_customer_identities_stitched): delete the rows of records that are gone, which delete+insert
    cannot reach. An order-system account exists while an order carries it, a social author while a
    mention does; CRM accounts, interactions and survey responses are never withdrawn.
-#}
{% macro vanished_identity_records_hook() -%}
    {{ return(
        "delete from {{ this }} where (source_system = 'orders' and source_record_id not in "
        ~ "(select customer_id from {{ ref('stg_orders__orders') }} where customer_id is not null)) "
        ~ "or (source_system = 'social' and source_record_id not in (select handle from (select "
        ~ "{{ normalize_handle('author_handle') }} as handle from {{ ref('stg_social__mentions') }}) as handles "
        ~ "where handle is not null))"
    ) }}
{%- endmacro %}
