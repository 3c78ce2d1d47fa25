{{ config(unique_key='order_id') }}

with

latest_records as (

    -- raw is append-only: keep the latest load of each order (a re-sent or corrected order);
    -- incremental: only the loads after the newest one this table holds (macro latest_records)
    {{ latest_records(source('orders', 'orders'), 'order_id') }}

),

renamed as (

    select
        ----------  ids
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

)

select * from renamed
