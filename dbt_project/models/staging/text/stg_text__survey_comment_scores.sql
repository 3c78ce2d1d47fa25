with

source as (

    select * from {{ source('text', 'survey_comment_scores') }}

),

renamed as (

    select
        ----------  ids
        response_id,

        ----------  scores
        language,
        sentiment,
        sentiment_score,
        keywords,
        topic,

        ----------  lineage
        text_md5,
        scorer_version,
        scored_at

    from source

)

select * from renamed
