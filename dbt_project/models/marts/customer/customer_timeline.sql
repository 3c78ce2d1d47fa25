{#-
    Every dated event of a resolved customer, for the Customer 360 page (int_customer_timeline_events):
    orders, interactions, survey responses, social mentions and member tier changes. One person's
    timeline is one range of this table: a full build writes it sorted by customer_id, so DuckDB skips
    the other row groups by their min/max.

    Incremental per customer: a run rewrites the events of the customers whose fingerprint changed
    (int_customer_timeline_fingerprints: new, late or corrected events, new scores, identity merges) and
    keeps everybody else's rows; delete+insert on customer_id replaces a customer's rows, appended after
    the sorted ones (a lookup then also reads those few newer row groups). A post-hook deletes the rows
    whose fingerprint is no longer the customer's (customers merged away).
-#}
{{
    config(
        materialized='incremental',
        unique_key='customer_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook=stale_fingerprint_rows_hook('int_customer_timeline_fingerprints', 'customer_id', 'timeline_fingerprint', '_timeline_fingerprint')
    )
}}

with

rewritten_customers as (

    {{ customers_to_recompute('int_customer_timeline_fingerprints', 'customer_id', 'timeline_fingerprint', '_timeline_fingerprint') }}

),

events as (

    select * from {{ ref('int_customer_timeline_events') }}
    {%- if is_incremental() %}
    where customer_id in (select customer_id from rewritten_customers)
    {%- endif %}

),

final as (

    select
        events.*,
        rewritten_customers.timeline_fingerprint as _timeline_fingerprint
    from events
    inner join rewritten_customers
        on events.customer_id = rewritten_customers.customer_id

)

select * from final
{%- if not is_incremental() %}
order by customer_id
{%- endif %}
