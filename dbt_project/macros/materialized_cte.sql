{#-
    The hint that makes an engine compute a CTE once when later CTEs read it more than once (iterative
    SQL such as identity stitching reads each pass twice; inlined, the passes would multiply).
-#}
{% macro materialized_cte() -%}
    {{ return(adapter.dispatch('materialized_cte', 'customer_insight')()) }}
{%- endmacro %}

{% macro default__materialized_cte() -%}{%- endmacro %}

{% macro duckdb__materialized_cte() -%}materialized{%- endmacro %}

{% macro postgres__materialized_cte() -%}materialized{%- endmacro %}
