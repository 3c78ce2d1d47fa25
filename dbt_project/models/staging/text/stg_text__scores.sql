{#-
    The scores the Dagster text assets wrote for social mentions, survey comments and interaction texts,
    one row per scored record: its kind (mention, survey_comment, interaction) and id, then the scores.
    The three text tables share one layout; a reader keeps the rows of its kind.
-#}
{%- set score_columns = ['language', 'sentiment', 'sentiment_score', 'keywords', 'topic', 'text_md5', 'scorer_version', 'scored_at'] %}
with

mention_scores as (

    select 'mention' as record_kind, mention_id as record_id, {{ score_columns | join(', ') }}
    from {{ source('text', 'mention_scores') }}

),

survey_comment_scores as (

    select 'survey_comment' as record_kind, response_id as record_id, {{ score_columns | join(', ') }}
    from {{ source('text', 'survey_comment_scores') }}

),

interaction_text_scores as (

    select 'interaction' as record_kind, interaction_id as record_id, {{ score_columns | join(', ') }}
    from {{ source('text', 'interaction_text_scores') }}

),

unioned as (

    select * from mention_scores
    union all
    select * from survey_comment_scores
    union all
    select * from interaction_text_scores

)

select * from unioned
