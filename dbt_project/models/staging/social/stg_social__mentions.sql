{{ config(unique_key='mention_id') }}

with

latest_records as (

    -- raw is append-only: keep the latest load of each mention (counts grow between exports);
    -- incremental: only the loads after the newest one this table holds (macro latest_records)
    {{ latest_records(source('social', 'mentions'), 'mention_id') }}

),

renamed as (

    select
        ----------  ids
        source_system,
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
