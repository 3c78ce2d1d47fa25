{#-
    NPS, CSAT and response rate per month the invitations were sent, overall and by channel, customer
    segment and both: channel / customer_segment 'all' is the total over that dimension. The segment is
    the respondent's RFM service tier at the end of the month the invitation was sent (customer_rfm_monthly;
    at as_of for the current month), so a closed month's figures do not move as time passes; 'unknown'
    for an invitation without a stitched customer or one without a paid order by then.
    NPS = % promoters - % detractors among the answers with an NPS score (null when nobody answered);
    CSAT = mean csat_score and the share of scores >= var csat_satisfied_min; response rate =
    answered / sent.
-#}
with

invitations as (

    select * from {{ ref('fct_survey_responses') }}

),

tiers_at_month_end as (

    select customer_id, month_start, service_tier from {{ ref('customer_rfm_monthly') }}

),

responses as (

    select
        invitations.*,
        coalesce(tiers_at_month_end.service_tier, 'unknown') as customer_segment
    from invitations
    left join tiers_at_month_end
        on invitations.customer_id = tiers_at_month_end.customer_id
        and invitations.sent_month = tiers_at_month_end.month_start

),

counted as (

    select
        sent_month as month,
        case when grouping(channel) = 1 then 'all' else channel end as channel,
        case when grouping(customer_segment) = 1 then 'all' else customer_segment end as customer_segment,
        count(*) as invitations_sent,
        sum(case when is_responded then 1 else 0 end) as responses,
        count(nps_score) as nps_responses,
        sum(case when nps_group = 'promoter' then 1 else 0 end) as promoters,
        sum(case when nps_group = 'passive' then 1 else 0 end) as passives,
        sum(case when nps_group = 'detractor' then 1 else 0 end) as detractors,
        count(csat_score) as csat_responses,
        avg(csat_score) as csat_mean,
        sum(case when is_csat_satisfied then 1 else 0 end) as csat_satisfied
    from responses
    group by grouping sets (
        (sent_month),
        (sent_month, channel),
        (sent_month, customer_segment),
        (sent_month, channel, customer_segment)
    )

),

final as (

    select
        month,
        channel,
        customer_segment,
        invitations_sent,
        responses,
        cast(responses as double) / nullif(invitations_sent, 0) as response_rate,
        nps_responses,
        promoters,
        passives,
        detractors,
        round(100.0 * (promoters - detractors) / nullif(nps_responses, 0), 1) as nps,
        csat_responses,
        round(csat_mean, 3) as csat_mean,
        csat_satisfied,
        cast(csat_satisfied as double) / nullif(csat_responses, 0) as csat_satisfied_share
    from counted

)

select * from final
