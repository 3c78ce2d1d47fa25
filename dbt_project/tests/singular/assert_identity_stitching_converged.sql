-- Identity stitching ran enough label-propagation passes: every identifier's records ended up as one
-- person. A failure means a chain longer than var identity_label_passes: raise the var.
with

links as (

    select * from {{ ref('int_customer_identity_links') }}

),

identities as (

    select * from {{ ref('int_customer_identities_stitched') }}

),

final as (

    select
        links.identity_key,
        count(distinct identities.resolved_customer_id) as people
    from links
    inner join identities
        on links.source_system = identities.source_system
        and links.source_record_id = identities.source_record_id
    group by links.identity_key
    having count(distinct identities.resolved_customer_id) > 1

)

select * from final
