{{ config(unique_key=['order_id', 'line_no']) }}

{%- set line_columns = ['source_system', 'order_id', 'line_no', 'product_id', 'category', 'quantity', 'unit_price',
                        'line_amount', '_load_id', '_source_file', '_loaded_at'] %}

with

latest_records as (

    -- raw is append-only: keep the latest load of each order line;
    -- incremental: only the loads after the newest one this table holds (macro latest_records)
    {{ latest_records(source('orders', 'order_items'), ['order_id', 'line_no']) }}

),

sent_lines as (

    select
        ----------  ids
        source_system,
        order_id,
        line_no,
        product_id,

        ----------  properties
        nullif(trim(category), '') as category,
        quantity,

        ----------  amounts (in the order's currency)
        unit_price,
        cast(quantity * unit_price as decimal(18, 2)) as line_amount,

        ----------  lineage
        _load_id,
        _source_file,
        {{ to_utc_timestamp('_loaded_at') }} as _loaded_at

    from latest_records

),

-- the sale lines of the sources that send invoice lines (their orders are assembled in stg_orders__orders)
invoice_sale_lines as (

    select
        source_system,
        order_id,
        line_no,
        product_id,
        category,
        quantity,
        unit_price,
        line_amount,
        _load_id,
        _source_file,
        _loaded_at
    from {{ ref('stg_orders__invoice_lines') }}
    where document_type = 'sale'
    {%- if is_incremental() %}
        and _loaded_at > {{ incremental_watermark() }}
    {%- endif %}

),

lines as (

    {{ union_by_name(['sent_lines', 'invoice_sale_lines'], line_columns) }}

)

select
    source_system,
    order_id || '-' || cast(line_no as varchar) as order_item_id,
    {{ line_columns[1:] | join(',\n    ') }}
from lines
