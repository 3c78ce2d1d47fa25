with

source as (

    select * from {{ source('social', 'mentions') }}

),

latest_records as (

    -- raw is append-only: keep the latest load of each mention (counts grow between exports)
    select *
    from source
    qualify row_number() over (
        partition by mention_id
        order by _loaded_at desc, _load_id desc, _source_file desc
    ) = 1

),

renamed as (

    select
        ----------  ids
        mention_id,
        trim(author_handle) as author_handle,

        ----------  properties
        platform,
        text as mention_text,
        url as mention_url,
        likes as like_count,
        reposts as repost_count,
        comments as comment_count,

        ----------  timestamps (naive UTC)
        {{ to_utc_timestamp('posted_at') }} as posted_at,

        ----------  lineage
        _load_id,
        _source_file,
        {{ to_utc_timestamp('_loaded_at') }} as _loaded_at

    from latest_records

)

select * from renamed
