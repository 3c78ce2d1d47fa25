{#-
    The time an interaction is dated by: its opening time, else the first time the source recorded
    (first response, resolution, follow-up) for a ticket exported without an opening time. One rule for
    the models that date interactions (int_interactions_resolved) and that find the events an as_of move
    admits (int_people_changed). alias: the relation's name, or none.
-#}
{% macro interaction_dated_at(alias=none) -%}
    {%- set prefix = alias ~ '.' if alias else '' -%}
    coalesce({{ prefix }}opened_at, {{ prefix }}first_response_at, {{ prefix }}resolved_at, {{ prefix }}followed_up_at)
{%- endmacro %}
