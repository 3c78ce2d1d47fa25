-- The churn risk rules' points add up to 100, so the score is on a 0-100 scale.
with

rules as (

    select * from {{ ref('churn_risk_rules') }}

),

final as (

    select sum(points) as total_points
    from rules
    having sum(points) <> 100
        {#- --empty (a schema-only dry run) reads no seed rows: nothing to check then #}
        {%- if flags.EMPTY %} and false{% endif %}

)

select * from final
