with

latest_records as (

    -- raw is append-only: keep the latest load of each customer. A view (the CRM master is small and
    -- every customer mart reads it whole), so macro latest_records always reads all of raw here.
    {{ latest_records(source('crm', 'customers'), 'customer_id', incremental=false) }}

),

renamed as (

    select
        ----------  ids
        customer_id,

        ----------  personal data (unmasked: stays in staging)
        nullif(trim(name), '') as customer_name,
        {{ normalize_phone('phone') }} as phone,
        {{ normalize_email('email') }} as email,
        birthday as birth_date,

        ----------  profile
        gender,
        nullif(trim(city), '') as city,
        nullif(trim(region), '') as region,
        nullif(trim(industry), '') as industry,
        nullif(trim(company), '') as company_name,
        acquisition_channel,
        member_tier as crm_member_tier,

        ----------  timestamps (naive UTC)
        {{ to_utc_timestamp('signup_at') }} as signup_at,

        ----------  lineage
        _load_id,
        _source_file,
        {{ to_utc_timestamp('_loaded_at') }} as _loaded_at

    from latest_records

)

select * from renamed
