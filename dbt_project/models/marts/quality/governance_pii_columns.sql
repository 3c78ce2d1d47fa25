-- Where personal data lives: every column of the warehouse and its marts file whose name marks it as
-- personal, the schema that holds it, and whether it is masked. Only the marts are published to readers.
-- duckdb_columns() is DuckDB's catalogue; on another engine this reads information_schema.columns.
-- It reads the catalogue, not a ref, so these hints make it run after the models it inspects:
-- depends_on: {{ ref('customer_360') }}
-- depends_on: {{ ref('customer_rfm') }}
-- depends_on: {{ ref('stg_crm__customers') }}
-- depends_on: {{ ref('customer_profile_unmasked') }}
-- depends_on: {{ ref('action_birthdays_this_month') }}
-- depends_on: {{ ref('action_winback_sleeping') }}
-- depends_on: {{ ref('action_vip_upgrade_candidates') }}
-- depends_on: {{ ref('action_high_value_uncontacted') }}
-- depends_on: {{ ref('action_at_risk_follow_up') }}
with

columns as (

    select schema_name, table_name, column_name
    from duckdb_columns()
    -- the warehouse and the marts file (this model's own database)
    where database_name in (current_database(), '{{ this.database }}')
      -- dbt's transient relations (<model>__dbt_tmp / __dbt_backup) are not part of the warehouse
      and table_name not like '%\_\_dbt\_%' escape '\'

),

personal as (

    select
        schema_name,
        table_name,
        column_name,
        regexp_extract(column_name, '^(name|phone|email|birthday)', 1) as pii_kind,
        column_name like '%\_masked' escape '\' as is_masked

    from columns
    where regexp_matches(column_name, '^(name|phone|email|birthday)(_masked)?$')

),

final as (

    select
        *,
        schema_name = 'marts' as is_published,
        case
            when is_masked then 'masked'
            when schema_name in ('raw', 'quarantine', 'staging', 'restricted') then 'restricted'
            else 'unmasked: review'
        end as protection

    from personal

)

select * from final
