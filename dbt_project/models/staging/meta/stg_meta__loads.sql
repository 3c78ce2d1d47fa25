with

source as (

    select * from {{ source('meta', 'load_log') }}

),

renamed as (

    select
        load_id,
        source,
        entity,
        source || '__' || entity as source_table,
        file as source_file,
        rows_read,
        rows_loaded,
        rows_quarantined,
        -- a replay (insight replay) is a correcting entry of the load it names, not another file
        replay_of,
        coalesce(len(extra_columns), 0) as extra_column_count,
        coalesce(len(missing_columns), 0) as missing_column_count,
        {{ to_utc_timestamp('loaded_at') }} as loaded_at,
        cast({{ to_utc_timestamp('loaded_at') }} as date) as load_date

    from source

)

select * from renamed
