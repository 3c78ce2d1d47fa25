{#-
    Per month the invitations were sent and survey dimension (overall = the CSAT question, product
    quality, service response, communication efficiency): answers, mean score 1-5, share satisfied
    (score >= var csat_satisfied_min), the targets from seed survey_dimension_targets, and whether the
    dimension is below target (mean or satisfied share under its target). A month without any answer for
    a dimension has no row for it.
-#}
with

responses as (

    select * from {{ ref('fct_survey_responses') }}

),

targets as (

    select * from {{ ref('survey_dimension_targets') }}

),

dimension_scores as (

    select sent_month, 'overall' as dimension, csat_score as score from responses where csat_score is not null
    union all
    select sent_month, 'product_quality', score_product_quality from responses where score_product_quality is not null
    union all
    select sent_month, 'service_response', score_service_response from responses where score_service_response is not null
    union all
    select sent_month, 'communication', score_communication from responses where score_communication is not null

),

summarised as (

    select
        sent_month as month,
        dimension,
        count(*) as answers,
        avg(score) as mean_score,
        avg(case when score >= {{ var('csat_satisfied_min') }} then 1.0 else 0.0 end) as satisfied_share
    from dimension_scores
    group by sent_month, dimension

),

final as (

    select
        summarised.month,
        summarised.dimension,
        summarised.answers,
        round(summarised.mean_score, 3) as mean_score,
        summarised.satisfied_share,
        targets.target_mean_score,
        targets.target_satisfied_share,
        (
            summarised.mean_score < targets.target_mean_score
            or summarised.satisfied_share < targets.target_satisfied_share
        ) as is_below_target
    from summarised
    left join targets
        on summarised.dimension = targets.dimension

)

select * from final
