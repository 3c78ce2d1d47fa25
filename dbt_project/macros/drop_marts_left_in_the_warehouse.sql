{#-
    The marts live in their own file (mart_store, profiles.yml). A warehouse built before they moved still
    holds a marts schema of its own, which would shadow mart_store.marts for `marts.<table>` on the
    Python side (pipelines/warehouse.py): it is dropped once.
-#}
{% macro drop_marts_left_in_the_warehouse() -%}
    {%- if execute and target.database != 'mart_store' -%}
    drop schema if exists "{{ target.database }}".marts cascade
    {%- endif -%}
{%- endmacro %}
