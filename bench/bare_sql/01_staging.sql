-- Staging (models/staging): raw is append-only, so keep the latest load of each key, ordered as the
-- stg_* models order it; rename and cast as they do; timestamps become naive UTC.

-- stg_orders__orders
create or replace table bare.orders as
select
    order_id,
    customer_id,
    nullif(trim(store_id), '') as store_id,
    lower(trim(status)) as status,
    upper(trim(currency)) as currency,
    payment_method,
    channel,
    amount,
    refund_amount,
    ordered_at at time zone 'UTC' as ordered_at
from raw.orders__orders
qualify row_number() over (
    partition by order_id
    order by _loaded_at desc, _load_id desc, _source_file desc
) = 1;

-- stg_orders__order_items
create or replace table bare.order_items as
select
    order_id,
    line_no,
    quantity
from raw.orders__order_items
qualify row_number() over (
    partition by order_id, line_no
    order by _loaded_at desc, _load_id desc, _source_file desc
) = 1;

-- stg_crm__customers (no personal data is needed here)
create or replace table bare.customers as
select
    customer_id,
    gender,
    nullif(trim(city), '') as city,
    nullif(trim(region), '') as region,
    acquisition_channel,
    member_tier as crm_member_tier,
    signup_at at time zone 'UTC' as signup_at
from raw.crm__customers
qualify row_number() over (
    partition by customer_id
    order by _loaded_at desc, _load_id desc, _source_file desc
) = 1;

-- stg_interactions__interactions
create or replace table bare.interactions as
select
    interaction_id,
    nullif(trim(customer_id), '') as customer_id,
    channel,
    kind,
    opened_at at time zone 'UTC' as opened_at
from raw.interactions__interactions
qualify row_number() over (
    partition by interaction_id
    order by _loaded_at desc, _load_id desc, _source_file desc
) = 1;

-- int_as_of_date without the as_of var: the latest order date, else today.
create or replace table bare.as_of as
select coalesce(cast(max(ordered_at) as date), current_date) as as_of_date
from bare.orders;
