with

source as (

    select * from {{ source('text', 'interaction_text_scores') }}

),

renamed as (

    select
        ----------  ids
        interaction_id,

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
