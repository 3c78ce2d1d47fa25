{#-
    The identity stitching report: per source system and in total ('all'), how many source records there
    are, how many people they resolve to, and which rule merged the records that joined another record's
    person (match_rule of int_customer_identities_stitched: each merged record counts once, under the
    strongest identifier it shares with an earlier record, CRM accounts first). In every row
    records = people_anchored + records_merged, and over 'all' people = people_anchored.
-#}
with

identities as (

    select * from {{ ref('int_customer_identities_stitched') }}

),

counted as (

    select
        coalesce(source_system, 'all') as source_system,
        count(*) as records,
        count(distinct resolved_customer_id) as people,
        count(distinct case when has_crm_account then resolved_customer_id end) as people_with_crm_account,
        sum(case when match_rule = 'anchor' then 1 else 0 end) as people_anchored,
        sum(case when match_rule <> 'anchor' then 1 else 0 end) as records_merged,
        sum(case when match_rule = 'customer_id' then 1 else 0 end) as merged_by_customer_id,
        sum(case when match_rule = 'phone' then 1 else 0 end) as merged_by_phone,
        sum(case when match_rule = 'email' then 1 else 0 end) as merged_by_email,
        sum(case when match_rule = 'social_handle' then 1 else 0 end) as merged_by_social_handle
    from identities
    group by rollup (source_system)

),

final as (

    select
        source_system,
        {%- for column in ['records', 'people', 'people_with_crm_account', 'people_anchored', 'records_merged',
                           'merged_by_customer_id', 'merged_by_phone', 'merged_by_email', 'merged_by_social_handle'] %}
        cast(coalesce({{ column }}, 0) as integer) as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from counted

)

select * from final
