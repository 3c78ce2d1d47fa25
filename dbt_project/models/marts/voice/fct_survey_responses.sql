{#-
    One row per survey invitation sent on or before as_of, with its NPS group, CSAT, dimension scores
    and the scores of its comment. The respondent is
    the person identity stitching resolved the response to (customer_360.customer_id). No
    personal data and no comment text: only the comment's language, sentiment, topic and keywords.
    Months are the month the invitation was sent, so a month's response rate and scores describe one wave.

    Incremental by change set (macro change_set.sql): a run computes the invitations loaded or whose
    comment was scored since the batch the table has taken, those whose day as_of moving admitted or
    dropped, and those of the people in the change set (identity stitching moved them), and replaces
    them; the change_set strategy also deletes the rows dated after as_of and of people merged away.
-#}
{{
    config(
        materialized='incremental',
        unique_key='response_id',
        incremental_strategy='change_set',
        person_column='customer_id',
        as_of_column='sent_date',
        on_schema_change='fail'
    )
}}
with

responses as (

    select * from {{ ref('stg_surveys__responses') }}

),

comment_scores as (

    select record_id as response_id, language, sentiment, sentiment_score, topic, keywords, scored_at
    from {{ ref('stg_text__scores') }}
    where record_kind = 'survey_comment'

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

identities as (

    select source_record_id as response_id, resolved_customer_id
    from {{ ref('int_customer_identities_stitched') }}
    where source_system = 'surveys'

),

matched as (

    select
        responses.*,
        identities.resolved_customer_id as matched_customer_id
    from responses
    left join identities
        on responses.response_id = identities.response_id

),

final as (

    select
        ----------  ids
        matched.response_id,
        matched.survey_id,
        matched.matched_customer_id as customer_id,

        ----------  dimensions
        coalesce(matched.channel, 'unknown') as channel,

        ----------  dates (UTC)
        matched.sent_at,
        cast(matched.sent_at as date) as sent_date,
        cast({{ dbt.date_trunc('month', 'matched.sent_at') }} as date) as sent_month,
        matched.responded_at,
        matched.is_responded,

        ----------  scores
        matched.nps_score,
        {{ nps_group('matched.nps_score') }} as nps_group,
        matched.csat_score,
        matched.csat_score >= {{ var('csat_satisfied_min') }} as is_csat_satisfied,
        matched.score_product_quality,
        matched.score_service_response,
        matched.score_communication,

        ----------  comment (scored by the text assets)
        matched.comment_text is not null and trim(matched.comment_text) <> '' as has_comment,
        comment_scores.language as comment_language,
        comment_scores.sentiment as comment_sentiment,
        comment_scores.sentiment_score as comment_sentiment_score,
        comment_scores.topic as comment_topic,
        comment_scores.keywords as comment_keywords,

        {{ change_set_lineage() }}

    from matched
    cross join as_of
    left join comment_scores
        on matched.response_id = comment_scores.response_id
    where cast(matched.sent_at as date) <= as_of.as_of_date
    {{- only_records_changed(
        ['matched._loaded_at', 'comment_scores.scored_at'], 'cast(matched.sent_at as date)',
        person='matched.matched_customer_id', clause='and'
    ) }}

)

select * from final
-- Written in date order: the dashboards' queries of a day or a few months skip the other row groups
-- (an incremental run appends its few changed rows after them).
order by sent_month, response_id
