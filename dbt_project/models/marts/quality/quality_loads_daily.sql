-- Rows read, loaded and quarantined per source table and load day.
with

loads as (

    select * from {{ ref('stg_meta__loads') }}

),

daily as (

    select
        source,
        entity,
        source_table,
        load_date,
        count(*) filter (where replay_of is null) as files,
        sum(rows_read) as rows_read,
        sum(rows_loaded) as rows_loaded,
        sum(rows_quarantined) as rows_quarantined,
        sum(extra_column_count) as extra_columns_seen,
        sum(missing_column_count) as missing_columns_seen

    from loads
    group by source, entity, source_table, load_date

),

final as (

    select
        *,
        case when rows_read > 0 then rows_quarantined / rows_read::double else 0 end as quarantine_share

    from daily

)

select * from final
