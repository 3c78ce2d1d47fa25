{#-
    An e-mail address as typed -> lowercase with all whitespace removed (a full-width '＠' becomes '@');
    empty, or not shaped like local@domain.tld with a single '@' -> null.
-#}
{% macro normalize_email(column) -%}
    {{ return(adapter.dispatch('normalize_email', 'customer_insight')(column)) }}
{%- endmacro %}

{% macro default__normalize_email(column) -%}
    {%- set cleaned = "lower(regexp_replace(translate(" ~ column ~ ", '＠', '@'), '[[:space:]　]', '', 'g'))" -%}
    (case
        when {{ cleaned }} like '%_@_%._%' and {{ cleaned }} not like '%@%@%' then {{ cleaned }}
    end)
{%- endmacro %}
