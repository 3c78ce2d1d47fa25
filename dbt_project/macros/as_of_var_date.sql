{#- The `as_of` var as a SQL date, or a typed null when it is not set (null, empty). -#}
{% macro as_of_var_date() -%}
    {%- set as_of = var('as_of', none) -%}
    {%- if as_of is none or (as_of | string | trim) in ('', 'None', 'none', 'null') -%}
        cast(null as date)
    {%- else -%}
        cast('{{ as_of | string | trim }}' as date)
    {%- endif -%}
{%- endmacro %}
