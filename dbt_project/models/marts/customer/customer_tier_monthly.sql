{#-
    Member tier per customer per month end (int_customer_tiers_evaluated holds the rule), kept as month-end
    snapshots.

    Incremental: a run rebuilds the months whose trailing figures changed (macro changed_months) and the
    month after each, whose previous tier may have changed; the other months stay as stored. The
    change_set strategy (macro change_set.sql) replaces whole months and deletes those that left the
    history int_customer_months keeps. A change of the member_tiers seed needs `dbt build --full-refresh`.
-#}
{%- set fingerprinted = ['customer_id', 'snapshot_date', 'net_revenue_12m', 'paid_orders_12m'] %}
{{
    config(
        materialized='incremental',
        unique_key='month_start',
        incremental_strategy='change_set',
        history_column='month_start',
        on_schema_change='fail'
    )
}}
-- the change_set strategy reads {{ ref('int_as_of_date') }}; only an incremental run reads {{ ref('int_customer_months') }}
with
{% if is_incremental() %}
all_customer_months as (

    select * from {{ ref('int_customer_months') }}

),

changed_months as (

    {{ changed_months('all_customer_months', fingerprinted, this, fingerprinted) }}

),

rebuilt_months as (

    {{ months_to_rebuild('changed_months') }}

),
{% endif %}
tiers as (

    select * from {{ ref('int_customer_tiers_evaluated') }}
    {%- if is_incremental() %}
    where month_start in (select month_start from rebuilt_months)
    {%- endif %}

)

select * from tiers
