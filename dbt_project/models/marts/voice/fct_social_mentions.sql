{#-
    One row per social media mention posted on or before as_of with its scores (language, sentiment,
    topic, keywords; null until the text assets scored it) and engagement. Authors and links stay out.

    Incremental by row (macro new_or_changed_rows): every row is computed, because rows depend on as_of,
    text scores and identity stitching as well as on their own source row, but only new or changed rows
    are written; a post-hook deletes the rows after as_of (when as_of moves back).
-#}
{{
    config(
        materialized='incremental',
        unique_key='mention_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook="delete from {{ this }} where posted_date > (select as_of_date from {{ ref('int_as_of_date') }})"
    )
}}
with

mentions as (

    select * from {{ ref('stg_social__mentions') }}

),

mention_scores as (

    select record_id as mention_id, language, sentiment, sentiment_score, topic, keywords
    from {{ ref('stg_text__scores') }}
    where record_kind = 'mention'

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

{{ new_or_changed_rows('final', 'mention_id') }}
-- Written in date order: the dashboards' queries of a day or a few months skip the other row groups
-- (an incremental run appends its few changed rows after them).
order by posted_date, mention_id
