{#-
    A social handle as written -> lowercase, trimmed, without a leading '@' ('@John_Smith_42' and
    'john_smith_42' are one handle); empty -> null.
-#}
{% macro normalize_handle(column) -%}
    nullif(lower(regexp_replace(trim({{ column }}), '^@+', '')), '')
{%- endmacro %}
