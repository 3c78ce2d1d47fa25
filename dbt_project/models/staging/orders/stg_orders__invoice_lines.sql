{#-
    A view, always over all of raw: the orders assembled from invoices and the netting of credit notes are
    per customer, so stg_orders__orders reads every line of a customer whose lines changed.
-#}
{{ config(materialized='view') }}

with

latest_records as (

    -- raw is append-only: keep the latest load of each line
    {{ latest_records(source('orders', 'invoice_lines'), ['order_id', 'line_no'], incremental=false) }}

),

renamed as (

    select
        ----------  ids
        source_system,
        order_id,
        line_no,
        customer_id,
        product_id,

        ----------  properties
        document_type,
        upper(trim(currency)) as currency,
        coalesce(nullif(trim(category), ''), 'uncategorised') as category,
        quantity,

        ----------  amounts (in the document's currency; a credit note's as its export signs them)
        unit_price,
        cast(quantity * unit_price as decimal(18, 2)) as line_amount,

        ----------  timestamps (naive UTC)
        {{ to_utc_timestamp('ordered_at') }} as ordered_at,

        ----------  lineage
        _load_id,
        _source_file,
        {{ to_utc_timestamp('_loaded_at') }} as _loaded_at

    from latest_records

)

select * from renamed
