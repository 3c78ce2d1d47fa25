with

source as (

    select * from {{ source('meta', 'load_reasons') }}

),

renamed as (

    select
        load_id,
        reason,
        -- the category before the first ':' ("wrong type", "missing key", ...), for grouping
        trim(split_part(split_part(reason, ';', 1), ':', 1)) as reason_kind,
        rows as rows_quarantined

    from source

)

select * from renamed
