{#-
    The top keywords of each month's mentions per language (at most var top_keywords_per_month each):
    mentions naming the keyword, how many of them negative, and the rank by mentions.
-#}
with

mentions as (

    select posted_month, language, sentiment, keywords
    from {{ ref('fct_social_mentions') }}
    where keywords is not null

),

keyword_mentions as (

    select
        mentions.posted_month,
        mentions.language,
        mentions.sentiment,
        keyword.keyword
    from mentions
    cross join unnest(mentions.keywords) as keyword(keyword)

),

counted as (

    select
        posted_month as month,
        language,
        keyword,
        count(*) as mentions,
        sum(case when sentiment = 'negative' then 1 else 0 end) as negative_mentions
    from keyword_mentions
    group by posted_month, language, keyword

),

final as (

    select
        *,
        row_number() over (
            partition by month, language
            order by mentions desc, keyword
        ) as keyword_rank
    from counted
    qualify keyword_rank <= {{ var('top_keywords_per_month') }}

)

select * from final
