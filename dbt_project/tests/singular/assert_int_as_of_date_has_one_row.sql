-- int_as_of_date is cross joined by every mart: it must hold exactly one row.
with

as_of as (

    select * from {{ ref('int_as_of_date') }}

),

final as (

    select count(*) as row_count
    from as_of
    having count(*) <> 1
        {#- --empty (a schema-only dry run) reads no rows: nothing to check then #}
        {%- if flags.EMPTY %} and false{% endif %}

)

select * from final
