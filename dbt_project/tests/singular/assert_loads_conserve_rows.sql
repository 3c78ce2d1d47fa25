-- Every landing file: the records the independent count found = rows read = rows loaded + rows
-- quarantined, and the reasons add up. (rows_counted is NULL for loads logged before the count existed.)
with loads as (

    select load_id, rows_counted from {{ source('meta', 'load_log') }}

),

reasons as (

    select load_id, sum(rows_quarantined) as rows_with_reason
    from {{ ref('stg_meta__load_reasons') }}
    group by load_id

)

select logged.*, loads.rows_counted
from {{ ref('stg_meta__loads') }} as logged
inner join loads using (load_id)
left join reasons using (load_id)
where logged.rows_read <> logged.rows_loaded + logged.rows_quarantined
   or logged.rows_quarantined <> coalesce(reasons.rows_with_reason, 0)
   or coalesce(loads.rows_counted, logged.rows_read) <> logged.rows_read
