{#-
    One row per social media mention posted on or before as_of with its scores (language, sentiment,
    topic, keywords; null until the text assets scored it) and engagement. Authors and links stay out.
-#}
with

mentions as (

    select * from {{ ref('stg_social__mentions') }}

),

mention_scores as (

    select * from {{ ref('stg_text__mention_scores') }}

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

final as (

    select
        mentions.mention_id,
        mentions.platform,
        mentions.posted_at,
        cast(mentions.posted_at as date) as posted_date,
        cast({{ dbt.date_trunc('month', 'mentions.posted_at') }} as date) as posted_month,
        mention_scores.language,
        mention_scores.sentiment,
        mention_scores.sentiment_score,
        mention_scores.topic,
        mention_scores.keywords,
        coalesce(mentions.like_count, 0) as like_count,
        coalesce(mentions.repost_count, 0) as repost_count,
        coalesce(mentions.comment_count, 0) as comment_count
    from mentions
    cross join as_of
    left join mention_scores
        on mentions.mention_id = mention_scores.mention_id
    where cast(mentions.posted_at as date) <= as_of.as_of_date

)

select * from final
-- Written in date order: the dashboards' queries of a day or a few months skip the other row groups.
order by posted_date, mention_id
