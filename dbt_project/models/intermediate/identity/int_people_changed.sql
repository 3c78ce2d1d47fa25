{#-
    The change set of the models kept per resolved customer (macro change_set.sql): an append-only log,
    one batch per run, of the people whose rows may differ from what those models stored (their
    purchases, events, identity, or what "up to as_of" admits of them).
    A full build logs everybody identity stitching knows. An incremental run logs, against the batch
    before (its load high water and its as_of):
    - the owners of the records loaded since: CRM accounts, interactions, survey responses, the accounts
      every version of a new or re-sent order (or order line) named, whether sent as an order or
      assembled from invoice lines (a corrected order can leave one person for another), and the
      handles of every version of a new mention;
    - the people identity stitching re-stitched (merged, split, or given a record);
    - when as_of moved, the owners of the events dated after the earlier as_of and up to the later one,
      which enter or leave "up to as_of" (event dates as the models read them: the day in naive UTC).
    It reads no text scores, so that it runs before the Python assets and the month-end spine can use it:
    the people of new texts are in the batch by their load, and a new scorer version, which re-scores
    old texts, needs `insight build --full-refresh`.
    A batch with nobody in it writes no row; the next run then measures from the batch before, which can
    only add people, never miss one.
-#}
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail'
    )
}}
-- what only an incremental run reads:
-- depends_on: {{ ref('stg_crm__customers') }}, {{ ref('stg_orders__orders') }}, {{ ref('stg_orders__order_items') }}
-- depends_on: {{ ref('stg_interactions__interactions') }}, {{ ref('stg_surveys__responses') }}, {{ ref('stg_social__mentions') }}
-- depends_on: {{ source('orders', 'orders') }}, {{ source('orders', 'invoice_lines') }}, {{ source('social', 'mentions') }}

with

identities as (

    select source_system, source_record_id, resolved_customer_id, _restitched_through
    from {{ ref('int_customer_identities_stitched') }}

),

marks as (

    select
        {{ load_high_water() }} as loaded_through,
        (select as_of_date from {{ ref('int_as_of_date') }}) as as_of_date

),
{% if is_incremental() %}
previous as (

    select
        max(change_no) as change_no,
        coalesce(max(loaded_through), cast('1970-01-01' as timestamp)) as loaded_through,
        max(as_of_date) as as_of_date
    from {{ this }}
    where change_no = (select max(change_no) from {{ this }})

),

-- the dates whose events enter or leave "up to as_of" (none when as_of did not move)
moved_dates as (

    select
        cast({{ dbt.dateadd('day', 1, 'least(previous.as_of_date, marks.as_of_date)') }} as date) as first_date,
        greatest(previous.as_of_date, marks.as_of_date) as last_date
    from previous
    cross join marks
    where previous.as_of_date <> marks.as_of_date

),

new_orders as (

    select order_id from {{ ref('stg_orders__orders') }}
    where _loaded_at > (select loaded_through from previous)
    union
    select order_id from {{ ref('stg_orders__order_items') }}
    where _loaded_at > (select loaded_through from previous)

),

new_mentions as (

    select mention_id from {{ ref('stg_social__mentions') }}
    where _loaded_at > (select loaded_through from previous)

),

loaded_records as (

    select 'crm' as source_system, customer_id as source_record_id
    from {{ ref('stg_crm__customers') }}
    where _loaded_at > (select loaded_through from previous)
    union all
    -- every account any version of a new or re-sent order named, whether a source sent the order or
    -- staging assembles it from invoice lines
    select 'orders', customer_id
    from {{ source('orders', 'orders') }}
    where order_id in (select order_id from new_orders)
    union all
    select 'orders', customer_id
    from {{ source('orders', 'invoice_lines') }}
    where order_id in (select order_id from new_orders)
    union all
    select 'interactions', interaction_id
    from {{ ref('stg_interactions__interactions') }}
    where _loaded_at > (select loaded_through from previous)
    union all
    select 'surveys', response_id
    from {{ ref('stg_surveys__responses') }}
    where _loaded_at > (select loaded_through from previous)
    union all
    select 'social', {{ normalize_handle('author_handle') }}
    from {{ source('social', 'mentions') }}
    where mention_id in (select mention_id from new_mentions)

),

dated_records as (

    select 'orders' as source_system, orders.customer_id as source_record_id
    from {{ ref('stg_orders__orders') }} as orders
    inner join moved_dates
        on cast(orders.ordered_at as date) between moved_dates.first_date and moved_dates.last_date
    union all
    select 'interactions', interactions.interaction_id
    from {{ ref('stg_interactions__interactions') }} as interactions
    inner join moved_dates
        on cast({{ interaction_dated_at('interactions') }} as date) between moved_dates.first_date and moved_dates.last_date
    union all
    select 'surveys', responses.response_id
    from {{ ref('stg_surveys__responses') }} as responses
    inner join moved_dates
        on cast(responses.sent_at as date) between moved_dates.first_date and moved_dates.last_date
    union all
    select 'social', {{ normalize_handle('mentions.author_handle') }}
    from {{ ref('stg_social__mentions') }} as mentions
    inner join moved_dates
        on cast(mentions.posted_at as date) between moved_dates.first_date and moved_dates.last_date

),

changed_records as (

    select * from loaded_records
    union
    select * from dated_records

),

people as (

    select identities.resolved_customer_id as customer_id
    from identities
    inner join changed_records
        on identities.source_system = changed_records.source_system
        and identities.source_record_id = changed_records.source_record_id
    union
    select resolved_customer_id
    from identities
    where _restitched_through > (select loaded_through from previous)
        -- an empty log (nothing built yet): everybody
        or (select change_no from previous) is null

),
{% else %}
people as (

    select distinct resolved_customer_id as customer_id from identities

),
{% endif %}
final as (

    select
        people.customer_id,
        cast({% if is_incremental() %}coalesce((select change_no from previous), 0) + {% endif %}1 as integer) as change_no,
        marks.loaded_through,
        marks.as_of_date
    from people
    cross join marks

)

select * from final
