{#-
    One row per social media mention posted on or before as_of with its scores (language, sentiment,
    topic, keywords; null until the text assets scored it) and engagement. Authors and links stay out.

    Incremental by change set (macro change_set.sql): a run computes the mentions loaded or scored since
    the batch the table has taken and those whose day as_of moving admitted or dropped, and replaces
    them; the change_set strategy also deletes the rows dated after as_of.
-#}
{{
    config(
        materialized='incremental',
        unique_key='mention_id',
        incremental_strategy='change_set',
        as_of_column='posted_date',
        on_schema_change='fail'
    )
}}
with

mentions as (

    select * from {{ ref('stg_social__mentions') }}

),

mention_scores as (

    select record_id as mention_id, language, sentiment, sentiment_score, topic, keywords, scored_at
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
        coalesce(mentions.comment_count, 0) as comment_count,
        {{ change_set_lineage() }}
    from mentions
    cross join as_of
    left join mention_scores
        on mentions.mention_id = mention_scores.mention_id
    where cast(mentions.posted_at as date) <= as_of.as_of_date
    {{- only_records_changed(
        ['mentions._loaded_at', 'mention_scores.scored_at'], 'cast(mentions.posted_at as date)', clause='and'
    ) }}

)

select * from final
-- Written in date order: the dashboards' queries of a day or a few months skip the other row groups
-- (an incremental run appends its few changed rows after them).
order by posted_date, mention_id
