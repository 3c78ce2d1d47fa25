{{ config(unique_key='customer_id') }}

{%- set customer_columns = ['source_system', 'customer_id', 'customer_name', 'phone', 'email', 'birth_date', 'gender',
                            'city', 'region', 'industry', 'company_name', 'acquisition_channel', 'crm_member_tier',
                            'signup_at', '_load_id', '_source_file', '_loaded_at'] %}

with

latest_records as (

    -- raw is append-only: keep the latest load of each customer (a corrected customer is re-sent);
    -- incremental: only the loads after the newest one this table holds (macro latest_records). A table,
    -- not a view: ten models read it, and a view would normalise every phone and e-mail for each of them.
    {{ latest_records(source('crm', 'customers'), 'customer_id') }}

),

renamed as (

    select
        ----------  ids
        source_system,
        customer_id,

        ----------  personal data (unmasked: stays in staging)
        nullif(trim(name), '') as customer_name,
        {{ normalize_phone('phone') }} as phone,
        {{ normalize_email('email') }} as email,
        birthday as birth_date,

        ----------  profile
        gender,
        nullif(trim(city), '') as city,
        nullif(trim(region), '') as region,
        nullif(trim(industry), '') as industry,
        nullif(trim(company), '') as company_name,
        acquisition_channel,
        member_tier as crm_member_tier,

        ----------  timestamps (naive UTC)
        -- a customer master that records no signup signs the customer up at their first order, or when
        -- the warehouse first heard of them
        coalesce(
            {{ to_utc_timestamp('signup_at') }},
            (select min(orders.ordered_at) from {{ ref('stg_orders__orders') }} as orders
             where orders.customer_id = latest_records.customer_id),
            {{ to_utc_timestamp('_loaded_at') }}
        ) as signup_at,

        ----------  lineage
        _load_id,
        _source_file,
        {{ to_utc_timestamp('_loaded_at') }} as _loaded_at

    from latest_records

),

-- A buyer known only by the invoice lines of a source (a shop with no customer master) is a customer too,
-- signed up at their first document; one a customers source sends wins. Re-sent whenever a line of theirs
-- loads (the view stg_orders__invoice_lines reads all of raw, so signup_at is their first document ever).
invoice_customers as (

    select
        source_system,
        customer_id,
        {%- for column in customer_columns[2:-4] %}
        null as {{ column }},
        {%- endfor %}
        min(ordered_at) as signup_at,
        arg_max(_load_id, _loaded_at) as _load_id,
        arg_max(_source_file, _loaded_at) as _source_file,
        max(_loaded_at) as _loaded_at
    from {{ ref('stg_orders__invoice_lines') }}
    where customer_id not in (select customer_id from {{ source('crm', 'customers') }})
    group by source_system, customer_id

),

-- incremental: the invoice buyers re-sent since the newest load this table holds
new_invoice_customers as (

    select * from invoice_customers
    {%- if is_incremental() %}
    where _loaded_at > {{ incremental_watermark() }}
    {%- endif %}

)

{{ union_by_name(['renamed', 'new_invoice_customers'], customer_columns) }}
