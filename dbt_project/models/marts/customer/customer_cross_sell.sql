{#-
    Cross-sell: category pairs bought by the same customer within var cross_sell_window_days days of
    each other (paid orders up to as_of; the same order counts). For antecedent A and consequent B among
    the customers with a paid order line:
      support    = customers who bought A and B within the window / all customers
      confidence = those customers / customers who bought A
      lift       = confidence / (customers who bought B / all customers)
    Each pair appears in both directions. Pairs with support below var cross_sell_min_support are left out.
    The pairs of each customer come from int_customer_category_pairs (incremental per customer); this mart
    only counts them.
-#}
with

customer_pairs as (

    select customer_id, antecedent_category, consequent_category
    from {{ ref('int_customer_category_pairs') }}

),

customers_total as (

    select count(distinct customer_id) as customers from customer_pairs

),

-- a category bought is paired with itself
category_customers as (

    select antecedent_category as category, count(*) as customers
    from customer_pairs
    where antecedent_category = consequent_category
    group by antecedent_category

),

pair_customers as (

    select antecedent_category, consequent_category, count(*) as customers
    from customer_pairs
    where antecedent_category <> consequent_category
    group by antecedent_category, consequent_category

),

measured as (

    select
        pair_customers.antecedent_category,
        pair_customers.consequent_category,
        pair_customers.customers as pair_customers,
        antecedents.customers as antecedent_customers,
        consequents.customers as consequent_customers,
        customers_total.customers as total_customers,
        1.0 * pair_customers.customers / customers_total.customers as support,
        1.0 * pair_customers.customers / antecedents.customers as confidence
    from pair_customers
    cross join customers_total
    inner join category_customers as antecedents
        on pair_customers.antecedent_category = antecedents.category
    inner join category_customers as consequents
        on pair_customers.consequent_category = consequents.category

),

final as (

    select
        measured.antecedent_category,
        measured.consequent_category,
        cast(measured.pair_customers as integer) as pair_customers,
        cast(measured.antecedent_customers as integer) as antecedent_customers,
        cast(measured.consequent_customers as integer) as consequent_customers,
        cast(measured.total_customers as integer) as total_customers,
        round(measured.support, 6) as support,
        round(measured.confidence, 6) as confidence,
        round(measured.confidence / (1.0 * measured.consequent_customers / measured.total_customers), 6) as lift
    from measured
    where measured.support >= {{ var('cross_sell_min_support') }}

)

select * from final
