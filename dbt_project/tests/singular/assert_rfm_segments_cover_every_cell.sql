-- Every (r_score, fm_score) cell from 1-1 to 5-5 has exactly one row in the rfm_segments seed.
with

segments as (

    select * from {{ ref('rfm_segments') }}

),

scores as (

    select 1 as score union all select 2 union all select 3 union all select 4 union all select 5

),

cells as (

    select
        r.score as r_score,
        fm.score as fm_score
    from scores as r
    cross join scores as fm

),

rows_per_cell as (

    select
        cells.r_score,
        cells.fm_score,
        count(segments.segment) as segment_rows
    from cells
    left join segments
        on cells.r_score = segments.r_score
        and cells.fm_score = segments.fm_score
    group by cells.r_score, cells.fm_score

),

final as (

    select * from rows_per_cell
    where segment_rows <> 1
        {#- --empty (a schema-only dry run) reads no seed rows: nothing to check then #}
        {%- if flags.EMPTY %} and false{% endif %}

)

select * from final
