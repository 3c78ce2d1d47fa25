{#-
    The tables the Python model assets (pipelines/assets/customer_models.py) replace on every run, created
    empty when missing so the models that read them build on any warehouse. Columns are the contract
    between those assets and dbt (staging/ml).
-#}
{% macro create_ml_output_tables() -%}
    {%- if execute -%}
    create schema if not exists ml;
    create table if not exists ml.customer_churn_scores (
        customer_id varchar,
        as_of_date date,
        churn_probability double,
        model_version varchar
    );
    create table if not exists ml.customer_clv (
        customer_id varchar,
        as_of_date date,
        expected_purchases_12m double,
        probability_alive double,
        expected_value_12m double,
        model_version varchar
    );
    create table if not exists ml.churn_calibration (
        model_version varchar,
        holdout_snapshot date,
        decile integer,
        customers integer,
        mean_predicted double,
        observed_rate double
    )
    {%- endif -%}
{%- endmacro %}
