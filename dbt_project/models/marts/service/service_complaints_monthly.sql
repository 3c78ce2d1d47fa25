{#-
    Complaints per month of opening and category, with the department the category is routed to, the
    share of the month's complaints, how many were resolved within the SLA (the unknown counted apart, out
    of the rate), reopened, and misrouted.
-#}
with

complaints as (

    select * from {{ ref('fct_interactions') }}
    where is_complaint

),

counted as (

    select
        opened_month as month,
        coalesce(category, 'unknown') as category,
        max(routed_department) as routed_department,
        count(*) as complaints,
        count(resolution_sla_met) as resolution_sla_decided,
        sum(case when resolution_sla_status = 'unknown' then 1 else 0 end) as resolution_sla_unknown,
        sum(case when resolution_sla_met then 1 else 0 end) as resolution_sla_met,
        sum(case when is_reopened then 1 else 0 end) as reopened_complaints,
        sum(case when is_misrouted then 1 else 0 end) as misrouted_complaints,
        sum(case when text_sentiment = 'negative' then 1 else 0 end) as negative_texts
    from complaints
    group by opened_month, coalesce(category, 'unknown')

),

final as (

    select
        *,
        cast(complaints as double) / sum(complaints) over (partition by month) as share_of_month,
        cast(resolution_sla_met as double) / nullif(resolution_sla_decided, 0) as resolution_sla_rate,
        row_number() over (partition by month order by complaints desc, category) as category_rank
    from counted

)

select * from final
