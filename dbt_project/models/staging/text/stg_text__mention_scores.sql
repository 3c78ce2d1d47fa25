with

source as (

    select * from {{ source('text', 'mention_scores') }}

),

renamed as (

    select
        ----------  ids
        mention_id,

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
