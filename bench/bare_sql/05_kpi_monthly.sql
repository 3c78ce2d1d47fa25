-- marts/kpi/kpi_monthly, the sales KPIs: per month with a paid order up to as_of (the month's period ends
-- on its last day, or on as_of in the as_of month): revenue (net CNY), orders, average order value, new
-- customers (first paid order in the month) and active customers (a paid order in the var
-- lifecycle_active_days = 90 days before the period end). Customers are order-system accounts here; the
-- pipeline counts resolved people (identity stitching), so only revenue, orders and AOV must match.

create or replace table bare.kpi_monthly as
with

orders_to_date as (
    select fct.customer_id, fct.order_date, fct.order_month, fct.net_amount_cny
    from bare.fct_orders as fct
    cross join bare.as_of
    where fct.is_paid
        and fct.order_date <= as_of.as_of_date
),

months as (
    select distinct
        orders_to_date.order_month as month,
        least(cast(orders_to_date.order_month + interval 1 month - interval 1 day as date), as_of.as_of_date)
            as period_end_date
    from orders_to_date
    cross join bare.as_of
),

customer_orders as (
    select *, min(order_date) over (partition by customer_id) as first_order_date
    from orders_to_date
),

sales as (
    select order_month as month, sum(net_amount_cny) as revenue, count(*) as orders
    from customer_orders
    group by order_month
),

new_customers as (
    select cast(date_trunc('month', first_order_date) as date) as month, count(distinct customer_id) as new_customers
    from customer_orders
    group by 1
),

active_customers as (
    select months.month, count(distinct orders_to_date.customer_id) as active_customers
    from months
    inner join orders_to_date
        on orders_to_date.order_date <= months.period_end_date
        and orders_to_date.order_date >= cast(months.period_end_date - interval 90 day as date)
    group by months.month
)

select months.month, 'revenue' as kpi, cast(sales.revenue as double) as value
from months left join sales on months.month = sales.month
union all
select months.month, 'orders', cast(coalesce(sales.orders, 0) as double)
from months left join sales on months.month = sales.month
union all
select months.month, 'aov', cast(sales.revenue / nullif(sales.orders, 0) as double)
from months left join sales on months.month = sales.month
union all
select months.month, 'new_customers', cast(coalesce(new_customers.new_customers, 0) as double)
from months left join new_customers on months.month = new_customers.month
union all
select months.month, 'active_customers', cast(coalesce(active_customers.active_customers, 0) as double)
from months left join active_customers on months.month = active_customers.month;
