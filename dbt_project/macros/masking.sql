{#- Masking of personal data for the marts and dashboards. The unmasked values stay in staging. -#}


{#-
    Keep the first character of every word, star the rest: '张三' -> '张*', '欧阳娜娜' -> '欧***',
    'John Smith' -> 'J*** S****'. Runs of whitespace count as one separator; empty -> null.
-#}
{% macro mask_name(column) -%}
    {{ return(adapter.dispatch('mask_name', 'customer_insight')(column)) }}
{%- endmacro %}

{% macro duckdb__mask_name(column) -%}
    (case
        when nullif(trim({{ column }}), '') is null then null
        else array_to_string(
            list_transform(
                string_split(regexp_replace(trim({{ column }}), '[[:space:]]+', ' ', 'g'), ' '),
                lambda word: left(word, 1) || repeat('*', length(word) - 1)
            ),
            ' '
        )
    end)
{%- endmacro %}

{#- Engines without list lambdas: first character and a fixed run of stars. -#}
{% macro default__mask_name(column) -%}
    (case
        when nullif(trim({{ column }}), '') is null then null
        else substr(trim({{ column }}), 1, 1) || '***'
    end)
{%- endmacro %}


{#-
    An E.164 phone -> the national number with the middle starred, the usual Chinese display form:
    '+8613812341234' -> '138****1234'. Other countries keep their '+<code>' in the first three characters:
    '+14155550123' -> '+14*****0123'. Numbers shorter than 8 characters are starred in full.
-#}
{% macro mask_phone(column) -%}
    {{ return(adapter.dispatch('mask_phone', 'customer_insight')(column)) }}
{%- endmacro %}

{% macro default__mask_phone(column) -%}
    {%- set national = "(case when " ~ column ~ " like '+86%' then substr(" ~ column ~ ", 4) else " ~ column ~ " end)" -%}
    (case
        when {{ column }} is null then null
        when length({{ national }}) >= 8
            then substr({{ national }}, 1, 3)
                || repeat('*', length({{ national }}) - 7)
                || substr({{ national }}, length({{ national }}) - 3, 4)
        else repeat('*', length({{ national }}))
    end)
{%- endmacro %}


{#-
    A normalised e-mail -> first character of the local part, three stars, the domain:
    'zhang@example.com' -> 'z***@example.com' (the star count hides the length).
-#}
{% macro mask_email(column) -%}
    {{ return(adapter.dispatch('mask_email', 'customer_insight')(column)) }}
{%- endmacro %}

{% macro default__mask_email(column) -%}
    (case
        when {{ column }} is null then null
        else substr({{ dbt.split_part(column, "'@'", 1) }}, 1, 1) || '***@' || {{ dbt.split_part(column, "'@'", 2) }}
    end)
{%- endmacro %}
