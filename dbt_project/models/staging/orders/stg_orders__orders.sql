{#-
    One row per order from every declared source: the sources that send orders (raw.orders), and the
    orders assembled from the invoices of the sources that send invoice lines (stg_orders__invoice_lines).

    An assembled order: the invoice's sale lines, amount = the sum of quantity * unit_price, placed at the
    earliest line's time. A customer's credit notes are netted against that customer's orders, the latest
    first, each order down to zero at most: refund_amount is the part of the order the credits take, and
    an order they take whole is refunded. Credits beyond everything the customer bought net nothing more.
    Because the netting is per customer, an assembled order's _loaded_at is the latest load of any line of
    its customer that has credit notes (of its own lines otherwise): a new credit note or invoice re-sends
    all of that customer's orders to the incremental models below.
-#}
{{ config(unique_key='order_id') }}

{%- set order_columns = ['source_system', 'order_id', 'customer_id', 'store_id', 'status', 'currency', 'payment_method',
                         'channel', 'amount', 'refund_amount', 'ordered_at', '_load_id', '_source_file', '_loaded_at'] %}

with

latest_records as (

    -- raw is append-only: keep the latest load of each order (a re-sent or corrected order);
    -- incremental: only the loads after the newest one this table holds (macro latest_records)
    {{ latest_records(source('orders', 'orders'), 'order_id') }}

),

sent_orders as (

    select
        ----------  ids
        source_system,
        order_id,
        customer_id,
        nullif(trim(store_id), '') as store_id,

        ----------  properties
        lower(trim(status)) as status,
        upper(trim(currency)) as currency,
        payment_method,
        channel,

        ----------  amounts (in the order's currency; conversion to CNY is in int_orders_converted)
        amount,
        refund_amount,

        ----------  timestamps (naive UTC)
        {{ to_utc_timestamp('ordered_at') }} as ordered_at,

        ----------  lineage
        _load_id,
        _source_file,
        {{ to_utc_timestamp('_loaded_at') }} as _loaded_at

    from latest_records

),

invoice_lines as (

    select * from {{ ref('stg_orders__invoice_lines') }}

),

invoices as (

    select
        source_system,
        order_id,
        min(customer_id) as customer_id,
        min(currency) as currency,
        min(ordered_at) as ordered_at,
        cast(sum(line_amount) as decimal(18, 2)) as amount,
        max(_loaded_at) as _loaded_at,
        arg_max(_load_id, _loaded_at) as _load_id,
        arg_max(_source_file, _loaded_at) as _source_file
    from invoice_lines
    where document_type = 'sale'
    group by source_system, order_id

),

customer_credits as (

    select
        customer_id,
        cast(sum(abs(line_amount)) as decimal(18, 2)) as credit,
        max(_loaded_at) as _loaded_at
    from invoice_lines
    where document_type = 'credit_note'
    group by customer_id

),

netted as (

    select
        invoices.*,
        customer_credits.credit,
        -- what the customer's later orders already took of the credits (the latest first)
        coalesce(sum(invoices.amount) over (
            partition by invoices.customer_id
            order by invoices.ordered_at desc, invoices.order_id desc
            rows between unbounded preceding and 1 preceding
        ), 0) as later_amount,
        greatest(invoices._loaded_at, customer_credits._loaded_at, max(invoices._loaded_at) over (
            partition by invoices.customer_id
        )) as customer_loaded_at
    from invoices
    left join customer_credits
        on invoices.customer_id = customer_credits.customer_id

),

assembled_orders as (

    select
        source_system,
        order_id,
        customer_id,
        cast(null as varchar) as store_id,
        case when refund > 0 and refund = amount then 'refunded' else 'paid' end as status,
        currency,
        cast(null as varchar) as payment_method,
        cast(null as varchar) as channel,
        amount,
        cast(nullif(refund, 0) as decimal(18, 2)) as refund_amount,
        ordered_at,
        _load_id,
        _source_file,
        case when credit is null then _loaded_at else customer_loaded_at end as _loaded_at
    from (
        select *, least(amount, greatest(coalesce(credit, 0) - later_amount, 0)) as refund
        from netted
    ) as refunds

),

-- incremental: the assembled orders re-sent since the newest load this table holds (sent_orders are
-- already only the new loads)
new_assembled_orders as (

    select * from assembled_orders
    {%- if is_incremental() %}
    where _loaded_at > {{ incremental_watermark() }}
    {%- endif %}

)

{{ union_by_name(['sent_orders', 'new_assembled_orders'], order_columns) }}
