{#-
    A 1-5 quintile score that gives ties the same score (NTILE would split ties arbitrarily):
        1 + floor(5 * (rank() over (order by goodness) - 1) / count(*) over ())
    where rank 1 is the worst value. Among n customers the worst fifth scores 1 and the best fifth 5;
    a tie takes the score of its lowest rank; a single customer scores 1.
    order_by: the ordering from worst to best, e.g. 'recency_days desc' or 'monetary asc'.
    partition_by: score within each group instead (e.g. 'snapshot_date' for monthly snapshots).
-#}
{% macro rfm_score(order_by, buckets=5, partition_by=none) -%}
    {%- set partition = 'partition by ' ~ partition_by ~ ' ' if partition_by else '' -%}
    cast(1 + floor({{ buckets }} * (rank() over ({{ partition }}order by {{ order_by }}) - 1) / (1.0 * count(*) over ({{ partition | trim }}))) as integer)
{%- endmacro %}
