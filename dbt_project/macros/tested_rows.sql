{#-
    What a generic data test (unique, not_null, accepted_values, relationships, ...) looks at.

    On a daily run, a test of an incremental model that carries a load time (_loaded_at: the growing
    staging tables, fct_orders, the kept identifiers) looks at the rows loaded since the last published
    build, which are the rows this run wrote: the rows before them were tested when they were written,
    and delete+insert on the model's key keeps a key to one row across old and new rows. A full refresh,
    a first build and every other model test the whole table. A test's own `where` config still applies.

    The published build's time comes from meta.build_state, which publish writes (pipelines/build_state.py);
    it is read as a relation, not a source, because it is written after the marts (a source would make
    the marts depend on their own publishing).
-#}
{% macro default__get_where_subquery(relation) -%}
    {%- set predicates = [config.get('where', ''), new_rows_predicate(relation)] | select | list -%}
    {%- if predicates -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ predicates | join(' and ') ~ ') dbt_subquery') -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}

{% macro new_rows_predicate(relation) -%}
    {%- if not execute or flags.FULL_REFRESH or relation is string -%}
        {%- do return('') -%}
    {%- endif -%}
    {%- set tested = graph.nodes.get(model.get('attached_node') or '') -%}
    {%- if not tested or tested.config.materialized != 'incremental' -%}
        {%- do return('') -%}
    {%- endif -%}
    {%- set published = adapter.get_relation(database=target.database, schema='meta', identifier='build_state') -%}
    {%- if published is none
        or '_loaded_at' not in adapter.get_columns_in_relation(relation) | map(attribute='name') | list -%}
        {%- do return('') -%}
    {%- endif -%}
    {%- do return("_loaded_at > (select coalesce(max(" ~ to_utc_timestamp('published_at') ~ "), cast('1900-01-01' as timestamp)) from " ~ published ~ ")") -%}
{%- endmacro %}
