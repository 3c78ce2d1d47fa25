-- Every landing file: rows read = rows loaded + rows quarantined, and the reasons add up.
with reasons as (

    select load_id, sum(rows_quarantined) as rows_with_reason
    from {{ ref('stg_meta__load_reasons') }}
    group by load_id

)

select loads.*
from {{ ref('stg_meta__loads') }} as loads
left join reasons using (load_id)
where loads.rows_read <> loads.rows_loaded + loads.rows_quarantined
   or loads.rows_quarantined <> coalesce(reasons.rows_with_reason, 0)
