{#- Open tickets (open, in progress, reopened) as of as_of by routed department, kind and age bucket. -#}
with

interactions as (

    select * from {{ ref('fct_interactions') }}
    where is_open

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

bucketed as (

    select
        coalesce(routed_department, 'unrouted') as routed_department,
        kind,
        age_days,
        case
            when age_days < 1 then 1
            when age_days < 3 then 2
            when age_days < 7 then 3
            when age_days < 30 then 4
            else 5
        end as age_bucket_order
    from interactions

),

final as (

    select
        as_of.as_of_date,
        bucketed.routed_department,
        bucketed.kind,
        bucketed.age_bucket_order,
        case bucketed.age_bucket_order
            when 1 then '< 1 d' when 2 then '1-3 d' when 3 then '3-7 d' when 4 then '7-30 d' else '>= 30 d'
        end as age_bucket,
        count(*) as open_tickets,
        max(bucketed.age_days) as oldest_age_days
    from bucketed
    cross join as_of
    group by as_of.as_of_date, bucketed.routed_department, bucketed.kind,
        bucketed.age_bucket_order

)

select * from final
