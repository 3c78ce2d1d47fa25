{#- Scored mentions per month and topic: volume, sentiment counts, negative share and mean score. -#}
with

mentions as (

    select * from {{ ref('fct_social_mentions') }}
    where sentiment is not null

),

final as (

    select
        posted_month as month,
        topic,
        count(*) as mentions,
        sum(case when sentiment = 'positive' then 1 else 0 end) as positive_mentions,
        sum(case when sentiment = 'neutral' then 1 else 0 end) as neutral_mentions,
        sum(case when sentiment = 'negative' then 1 else 0 end) as negative_mentions,
        cast(sum(case when sentiment = 'negative' then 1 else 0 end) as double) / count(*) as negative_share,
        round(avg(sentiment_score), 4) as mean_sentiment_score
    from mentions
    group by posted_month, topic

)

select * from final
