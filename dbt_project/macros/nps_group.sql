{#-
    The NPS group of a 0-10 score: promoter from var nps_promoter_min, detractor up to var
    nps_detractor_max, passive in between; null without a score. fct_survey_responses and the customer
    timeline both name a response's group with it.
-#}
{% macro nps_group(score) -%}
    case
        when {{ score }} >= {{ var('nps_promoter_min') }} then 'promoter'
        when {{ score }} <= {{ var('nps_detractor_max') }} then 'detractor'
        when {{ score }} is not null then 'passive'
    end
{%- endmacro %}
