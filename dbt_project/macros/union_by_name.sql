{#-
    The rows of several relations (CTE names) that hold the same columns, matched by name whatever
    their order. `columns` is that column list: an engine without a by-name union selects it from each.
-#}
{% macro union_by_name(relations, columns) -%}
    {{ return(adapter.dispatch('union_by_name', 'customer_insight')(relations, columns)) }}
{%- endmacro %}

{% macro default__union_by_name(relations, columns) -%}
    {%- for relation in relations %}
    select * from {{ relation }}
    {%- if not loop.last %}
    union all by name
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{% macro spark__union_by_name(relations, columns) -%}
    {%- for relation in relations %}
    select {{ columns | join(', ') }} from {{ relation }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
