{#-
    The latest load of each key of an append-only raw table: the select a staging model starts from.

    Raw tables only grow (a re-sent or corrected record is a new row with the same key), and every row of
    one load shares its _loaded_at (loads are sequential: DuckDB lets one process write at a time). So:
    - full refresh (or the first run): the latest row per key over the whole raw table;
    - incremental run: only the raw rows loaded after the newest _loaded_at the model already holds
      (its watermark), the latest per key among them. The model's unique_key (delete+insert) then
      replaces a stored row by its newer version, which is what a full refresh keeps too: every row of a
      newer load is newer than anything stored.
    On equal _loaded_at the larger _load_id wins, then the larger _source_file.

    key: a column name or a list of them (the model's unique_key, in raw's column names).
    incremental: false for a view, which always reads all of raw (is_incremental() needs the model's
    relation, which a view's unit test does not have).
    The staging model stores _loaded_at in naive UTC (macro to_utc_timestamp) while raw holds TIMESTAMPTZ:
    the watermark is turned back into a TIMESTAMPTZ so the filter is on raw's column as is.
-#}
{% macro latest_records(source_relation, key, incremental=true) -%}
    {%- set keys = [key] if key is string else key -%}
    select *
    from {{ source_relation }}
    {%- if incremental and is_incremental() %}
    where _loaded_at > ({{ incremental_watermark() }}) at time zone 'UTC'
    {%- endif %}
    qualify row_number() over (
        partition by {{ keys | join(', ') }}
        order by _loaded_at desc, _load_id desc, _source_file desc
    ) = 1
{%- endmacro %}


{#-
    The newest lineage time (naive UTC) the incremental model being built holds; the beginning of time
    when it holds no row (built by `dbt run --empty` or on an empty raw table), so an
    empty first run does not stop later runs from picking rows up.
-#}
{% macro incremental_watermark(column='_loaded_at') -%}
    coalesce(
        (select max({{ column }}) from {{ this }}),
        cast('1900-01-01 00:00:00' as timestamp)
    )
{%- endmacro %}
