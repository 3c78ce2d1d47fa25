{#-
    Paid orders, net revenue and buyers for every range of order months [start_month, end_month], from the
    first to the last month with an order: the dashboards' headline over any chosen months reads one row
    instead of counting distinct buyers over every order of fct_orders.
    Buyers are distinct customer_id with a paid order in the range. A customer buys in [s, e] when the
    first month at or after s in which they paid is at or before e; between two consecutive paid months
    (previous, this) of a customer, every start month in (previous, this] has "this" as that first month.
    So customers are counted once per (previous, this) pair and the pairs are spread over the calendar:
    the work grows with months squared, not with orders.
-#}
with

orders as (

    select customer_id, order_month, is_paid, net_amount_cny from {{ ref('fct_orders') }}

),

bounds as (

    select min(order_month) as first_month, max(order_month) as last_month from orders

),

month_numbers as (

    {{ dbt.generate_series(1200) }}

),

months as (

    select cast({{ dbt.dateadd('month', 'month_numbers.generated_number - 1', 'bounds.first_month') }} as date) as month
    from month_numbers
    cross join bounds
    where month_numbers.generated_number - 1
        <= {{ dbt.datediff('bounds.first_month', 'bounds.last_month', 'month') }}

),

monthly_sales as (

    select
        order_month as month,
        count(*) as paid_orders,
        sum(net_amount_cny) as revenue_net_cny
    from orders
    where is_paid
    group by order_month

),

customer_paid_months as (

    select distinct customer_id, order_month from orders where is_paid

),

gap_pairs as (

    select previous_month, first_month, count(*) as customers
    from (
        select
            lag(order_month) over (partition by customer_id order by order_month) as previous_month,
            order_month as first_month
        from customer_paid_months
    )
    group by previous_month, first_month

),

first_month_by_start as (

    select
        months.month as start_month,
        gap_pairs.first_month,
        sum(gap_pairs.customers) as customers
    from gap_pairs
    inner join months
        on (gap_pairs.previous_month is null or months.month > gap_pairs.previous_month)
        and months.month <= gap_pairs.first_month
    group by months.month, gap_pairs.first_month

),

ranges as (

    select starts.month as start_month, ends.month as end_month
    from months as starts
    inner join months as ends
        on ends.month >= starts.month

),

range_buyers as (

    select
        ranges.start_month,
        ranges.end_month,
        sum(first_month_by_start.customers) as buyers
    from ranges
    inner join first_month_by_start
        on ranges.start_month = first_month_by_start.start_month
        and first_month_by_start.first_month <= ranges.end_month
    group by ranges.start_month, ranges.end_month

),

range_sales as (

    select
        ranges.start_month,
        ranges.end_month,
        sum(monthly_sales.paid_orders) as paid_orders,
        sum(monthly_sales.revenue_net_cny) as revenue_net_cny
    from ranges
    inner join monthly_sales
        on monthly_sales.month between ranges.start_month and ranges.end_month
    group by ranges.start_month, ranges.end_month

),

final as (

    select
        ranges.start_month,
        ranges.end_month,
        cast(coalesce(range_buyers.buyers, 0) as bigint) as buyers,
        cast(coalesce(range_sales.paid_orders, 0) as bigint) as paid_orders,
        cast(coalesce(range_sales.revenue_net_cny, 0) as decimal(18, 2)) as revenue_net_cny
    from ranges
    left join range_buyers
        on ranges.start_month = range_buyers.start_month
        and ranges.end_month = range_buyers.end_month
    left join range_sales
        on ranges.start_month = range_sales.start_month
        and ranges.end_month = range_sales.end_month

)

select * from final
