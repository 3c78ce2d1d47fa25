{#-
    customer_360 summed per RFM segment, service tier and region (customers with a segment, i.e. a paid
    order): the dashboards' segment sizes for any filter read this instead of every customer. Averages
    are kept as sums and counts so that any combination of rows averages exactly.
-#}
with

customers as (

    select * from {{ ref('customer_360') }}
    where segment is not null

),

final as (

    select
        segment,
        service_tier,
        region,
        count(*) as customers,
        sum(lifetime_revenue) as lifetime_revenue,
        sum(recency_days) as recency_days_sum,
        count(recency_days) as recency_days_count,
        sum(lifetime_orders) as lifetime_orders_sum,
        count(lifetime_orders) as lifetime_orders_count,
        sum(predicted_clv_12m) as predicted_clv_12m
    from customers
    group by segment, service_tier, region

)

select * from final
