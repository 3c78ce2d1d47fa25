{#-
    The score tables the Dagster text assets write (pipelines/text/store.py, which creates the same
    tables), created empty when missing so the models that read them build on any warehouse, e.g. a
    plain `dbt build` before the text assets ever ran.
-#}
{% macro create_text_score_tables() -%}
    {%- if execute -%}
    create schema if not exists text;
    {%- for table, id_column in [
        ('mention_scores', 'mention_id'),
        ('survey_comment_scores', 'response_id'),
        ('interaction_text_scores', 'interaction_id'),
    ] %}
    create table if not exists text.{{ table }} (
        {{ id_column }} varchar primary key,
        text_md5 varchar not null,
        language varchar not null,
        sentiment varchar not null,
        sentiment_score double not null,
        keywords varchar[] not null,
        topic varchar not null,
        scorer_version varchar not null,
        scored_at timestamp not null
    );
    {%- endfor %}
    {%- endif -%}
{%- endmacro %}
