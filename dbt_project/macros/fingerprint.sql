{#-
    Change detection for the incremental month-end models: a fingerprint of a set of rows is the XOR of
    a 64-bit hash of each row's columns, so it does not depend on row order and one aggregate pass
    computes it per group (per customer, per month). Two sets with the same fingerprint are taken to be
    equal (a different set collides with odds of about 2^-64).

    row_fingerprint(columns): the hash of one row's columns (a list of SQL expressions).
    fingerprint_agg(columns): the fingerprint of the group's rows (an aggregate).
    Dispatched: hash() and bit_xor() are DuckDB's; another engine needs its own pair (docs/SCALING.md).
-#}
{% macro row_fingerprint(columns) -%}
    {{ return(adapter.dispatch('row_fingerprint', 'customer_insight')(columns)) }}
{%- endmacro %}

{% macro duckdb__row_fingerprint(columns) -%}
    hash({{ columns | join(', ') }})
{%- endmacro %}

{% macro fingerprint_agg(columns) -%}
    {{ return(adapter.dispatch('fingerprint_agg', 'customer_insight')(columns)) }}
{%- endmacro %}

{% macro duckdb__fingerprint_agg(columns) -%}
    bit_xor({{ row_fingerprint(columns) }})
{%- endmacro %}

{#-
    The months (month_start) whose rows differ between a model's input and what the model stored:
    the fingerprint of the input's rows in the month (input_columns) differs from that of the stored rows
    (stored_columns, the same values under the model's names), or the month is on one side only.
-#}
{% macro changed_months(input_relation, input_columns, stored_relation, stored_columns) -%}
    select coalesce(input_months.month_start, stored_months.month_start) as month_start
    from (
        select month_start, {{ fingerprint_agg(input_columns) }} as fingerprint
        from {{ input_relation }}
        group by month_start
    ) as input_months
    full outer join (
        select month_start, {{ fingerprint_agg(stored_columns) }} as fingerprint
        from {{ stored_relation }}
        group by month_start
    ) as stored_months
        on input_months.month_start = stored_months.month_start
    where input_months.fingerprint is distinct from stored_months.fingerprint
{%- endmacro %}

{#-
    For the month-end marts that compare a month with the one before (previous stage, previous tier):
    months_to_rebuild(changed): the changed months and the month after each, whose "previous" may have
    changed; in_month_or_previous(column, months): the filter that reads those months and the month
    before each, whose values are the "previous" ones.
-#}
{% macro months_to_rebuild(changed) -%}
    select month_start from {{ changed }}
    union
    select cast({{ dbt.dateadd('month', 1, 'month_start') }} as date) from {{ changed }}
{%- endmacro %}

{% macro in_month_or_previous(column, months) -%}
    ({{ column }} in (select month_start from {{ months }})
        or {{ column }} in (select cast({{ dbt.dateadd('month', -1, 'month_start') }} as date) from {{ months }}))
{%- endmacro %}
