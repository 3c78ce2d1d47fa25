{#-
    The one incremental scheme of the models kept per resolved customer (int_customer_order_stats,
    int_customer_category_pairs, customer_timeline, and the month-end spine int_customer_months): a run
    recomputes whole the people of the change set and keeps everybody else's rows.

    int_people_changed logs, batch by batch, the people whose rows may differ from what was stored: the
    owners of records loaded since the batch before, the people identity stitching re-stitched, and the
    owners of events between the previous and the current as_of. A model reads only those people's inputs
    (only_people_changed, or people_changed where it also carries others forward), records the newest
    batch it has taken in `_change_no` (change_set_lineage), and is written by the `change_set` strategy:
    delete the rows of the people in the batches after the stored `_change_no` and of the people
    stitching no longer knows (merged away), then insert what was computed. A model that missed a run
    takes every batch since its own. `insight build --full-refresh` rebuilds the log and the models from
    everything; it is needed after a change of the vars or seeds these models read, or of the text
    scorer's version (which re-scores old texts).
-#}

{#- The newest load the warehouse holds (naive UTC): what a batch of the change set was computed up to. -#}
{% macro load_high_water() -%}
    (select max(loaded_at) from {{ ref('stg_meta__loads') }})
{%- endmacro %}

{#-
    The select of the people in the batches of the change set after the newest one `relation` (the model
    being built) has taken.
-#}
{% macro people_changed(relation) -%}
    select customer_id from {{ ref('int_people_changed') }}
    where change_no > (select coalesce(max(_change_no), 0) from {{ relation }})
{%- endmacro %}

{#-
    The condition a per-customer model puts on its inputs (column: their resolved customer id): the
    people of the change set it has not taken yet. A full build reads everybody. clause: 'where', or
    'and' after a where of the model's own.
-#}
{% macro only_people_changed(column, clause='where') -%}
    {%- if is_incremental() %}
    {{ clause }} {{ column }} in ({{ people_changed(this) }})
    {%- endif %}
{%- endmacro %}

{#-
    The lineage column of a per-customer model: the newest batch of the change set its rows include. It
    also names the identity map, which the change_set strategy reads, as the model's input.
-#}
{% macro change_set_lineage() -%}
    (select coalesce(max(change_no), 0) from {{ ref('int_people_changed') }}) as _change_no
    /* the change_set strategy reads {{ ref('int_customer_identities_stitched') }} */
{%- endmacro %}

{#-
    The batch a model (relation) has taken: its load high water and its as_of (none before a first batch:
    everything loaded counts as new).
-#}
{% macro taken_batch(relation) -%}
    select
        coalesce(max(loaded_through), cast('1970-01-01' as timestamp)) as loaded_through,
        max(as_of_date) as as_of_date
    from {{ ref('int_people_changed') }}
    where change_no = (select coalesce(max(_change_no), 0) from {{ relation }})
{%- endmacro %}

{#-
    The condition a model kept per record (a fact) puts on its rows: the records of the change set it has
    not taken yet. arrived_at: the columns saying when a row's inputs arrived (its load time, the time its
    text was scored); event_date: the record's own date, whose entering or leaving "up to as_of" when
    as_of moves changes the row; person: the record's resolved customer id, when it has one. A full build
    reads every record.
-#}
{% macro only_records_changed(arrived_at, event_date, person=none, clause='where') -%}
    {%- if is_incremental() %}
    {{ clause }} (
        {%- for column in arrived_at %}
        {{ column }} > (select loaded_through from ({{ taken_batch(this) }}) as taken)
        or
        {%- endfor %}
        {{ event_date }} between
            (select cast({{ dbt.dateadd('day', 1, 'least(taken.as_of_date, as_of.as_of_date)') }} as date)
             from ({{ taken_batch(this) }}) as taken cross join {{ ref('int_as_of_date') }} as as_of)
            and (select greatest(taken.as_of_date, as_of.as_of_date)
             from ({{ taken_batch(this) }}) as taken cross join {{ ref('int_as_of_date') }} as as_of)
        {%- if person %}
        or {{ person }} in ({{ people_changed(this) }})
        {%- endif %}
    )
    {%- endif %}
{%- endmacro %}

{#-
    The `change_set` incremental strategy, for every model on the change set. unique_key is the model's
    grain; two optional configs name what else it must clear:
    - person_column: the resolved customer id of a row. The rows of the people in the batches after the
      stored `_change_no` go (whatever they have now, nothing included), as do those of people no longer
      in the identity map (merged away).
    - as_of_column: the row's own date. Rows dated after as_of go (as_of moved back).
    - history_column: the row's month (month-end models). Rows outside the kept history go: before the
      last history_months months up to the as_of month (config, else var history_months), or after it.
    Then the stored rows the computed ones replace go, and the computed rows come in.
-#}
{% macro get_incremental_change_set_sql(arg_dict) -%}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set keys = [arg_dict['unique_key']] if arg_dict['unique_key'] is string else arg_dict['unique_key'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    {%- set person = config.get('person_column') -%}
    {%- set as_of_column = config.get('as_of_column') -%}
    {%- set history_column = config.get('history_column') -%}
    delete from {{ target }}
    where ({{ keys | join(', ') }}) in (select {{ keys | join(', ') }} from {{ arg_dict['temp_relation'] }})
        {%- if person %}
        or {{ person }} in ({{ people_changed(target) }})
        or {{ person }} not in (select resolved_customer_id from {{ ref('int_customer_identities_stitched') }})
        {%- endif %}
        {%- if as_of_column %}
        or {{ as_of_column }} > (select as_of_date from {{ ref('int_as_of_date') }})
        {%- endif %}
        {%- if history_column %}
        or {{ history_column }} not between
            (select cast({{ dbt.dateadd('month', 1 - config.get('history_months', var('history_months')), dbt.date_trunc('month', 'as_of_date')) }} as date)
             from {{ ref('int_as_of_date') }})
            and (select cast({{ dbt.date_trunc('month', 'as_of_date') }} as date) from {{ ref('int_as_of_date') }})
        {%- endif %};

    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ arg_dict['temp_relation'] }}
{%- endmacro %}
