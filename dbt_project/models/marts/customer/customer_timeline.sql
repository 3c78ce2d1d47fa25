{#-
    Every event of a resolved customer that carries its own date, for the Customer 360 page
    (int_customer_timeline_events): orders, interactions, survey responses and social mentions. The page
    adds the member tier changes from customer_tier_changes when it reads a person's timeline. One
    person's timeline is one range of this table: a full build writes it sorted by customer_id, so DuckDB
    skips the other row groups by their min/max.

    Incremental by change set (macro change_set.sql): a run rewrites the events of the people of
    int_people_changed's new batches (new, late, corrected or re-scored events, identity merges, events
    entering "up to as_of") and keeps everybody else's rows; the rewritten people's rows are appended after
    the sorted ones (a lookup then also reads those few newer row groups).
-#}
{{
    config(
        materialized='incremental',
        unique_key='customer_id',
        incremental_strategy='change_set',
        person_column='customer_id',
        on_schema_change='fail'
    )
}}

with

events as (

    select * from {{ ref('int_customer_timeline_events') }}
    {{ only_people_changed('customer_id') }}

),

final as (

    select
        events.*,
        {{ change_set_lineage() }}
    from events

)

select * from final
{%- if not is_incremental() %}
order by customer_id
{%- endif %}
