-- When each source table last received data, measured against the day the warehouse was built.
with

loads as (

    select * from {{ ref('stg_meta__loads') }}

),

per_table as (

    select
        source,
        entity,
        source_table,
        count(*) filter (where replay_of is null) as files_loaded,
        sum(rows_read) as rows_read,
        max(loaded_at) filter (where rows_read > 0) as last_loaded_at

    from loads
    group by source, entity, source_table

),

final as (

    select
        *,
        {{ dbt.datediff('cast(last_loaded_at as date)', 'current_date', 'day') }} as days_since_last_load,
        {{ var('freshness_warn_days') }} as freshness_warn_days,
        coalesce(
            {{ dbt.datediff('cast(last_loaded_at as date)', 'current_date', 'day') }} > {{ var('freshness_warn_days') }},
            true
        ) as is_stale

    from per_table

)

select * from final
