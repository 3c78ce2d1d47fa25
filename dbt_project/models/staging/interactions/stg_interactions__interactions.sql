{{ config(unique_key='interaction_id') }}

with

latest_records as (

    -- raw is append-only: keep the latest load of each interaction (status moves on between exports);
    -- incremental: only the loads after the newest one this table holds (macro latest_records)
    {{ latest_records(source('interactions', 'interactions'), 'interaction_id') }}

),

renamed as (

    select
        ----------  ids
        source_system,
        interaction_id,
        nullif(trim(customer_id), '') as customer_id,

        ----------  personal data (unmasked: stays in staging)
        {{ normalize_phone('phone') }} as phone,
        {{ normalize_email('email') }} as email,
        nullif(trim(social_handle), '') as social_handle,

        ----------  properties
        channel,
        kind,
        category,
        status,
        nullif(trim(agent), '') as agent_name,
        nullif(trim(department), '') as department,
        satisfaction as satisfaction_score,
        text as interaction_text,
        responded_timely,

        ----------  timestamps (naive UTC)
        {{ to_utc_timestamp('opened_at') }} as opened_at,
        {{ to_utc_timestamp('first_response_at') }} as first_response_at,
        {{ to_utc_timestamp('resolved_at') }} as resolved_at,
        {{ to_utc_timestamp('followed_up_at') }} as followed_up_at,

        ----------  lineage
        _load_id,
        _source_file,
        {{ to_utc_timestamp('_loaded_at') }} as _loaded_at

    from latest_records

)

select * from renamed
