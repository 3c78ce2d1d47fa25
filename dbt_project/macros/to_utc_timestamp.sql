{#-
    A TIMESTAMPTZ from raw -> a naive timestamp in UTC (every *_at column downstream of staging is one).
    The result does not depend on the session time zone.
-#}
{% macro to_utc_timestamp(column) -%}
    {{ return(adapter.dispatch('to_utc_timestamp', 'customer_insight')(column)) }}
{%- endmacro %}

{% macro default__to_utc_timestamp(column) -%}
    ({{ column }} at time zone 'UTC')
{%- endmacro %}
