{#- Mention volume, sentiment and engagement per day and platform (days with mentions only). -#}
with

mentions as (

    select * from {{ ref('fct_social_mentions') }}

),

final as (

    select
        posted_date,
        posted_month,
        platform,
        count(*) as mentions,
        sum(case when sentiment = 'positive' then 1 else 0 end) as positive_mentions,
        sum(case when sentiment = 'neutral' then 1 else 0 end) as neutral_mentions,
        sum(case when sentiment = 'negative' then 1 else 0 end) as negative_mentions,
        sum(case when sentiment is null then 1 else 0 end) as unscored_mentions,
        cast(sum(case when sentiment = 'negative' then 1 else 0 end) as double)
            / nullif(count(sentiment), 0) as negative_share,
        round(avg(sentiment_score), 4) as mean_sentiment_score,
        sum(like_count + repost_count + comment_count) as engagements
    from mentions
    group by posted_date, posted_month, platform

)

select * from final
