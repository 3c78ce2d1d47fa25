-- Every KPI of the catalogue of definitions has a target rule; no label has one.
select concept, code, target_kind, target_value
from {{ ref('definitions') }}
where (concept = 'kpi') <> (target_kind is not null and target_value is not null)
