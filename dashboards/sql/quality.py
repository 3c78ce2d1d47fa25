"""Data quality: latest checks, quarantined rows, freshness, completeness and loads, per source."""

import pandas as pd

from dashboards.filters import ALL
from dashboards.queries import Query, Reach, fetch

SOURCES_SQL = Query(
    """
select distinct source from marts.quality_loads_daily order by source
""",
    Reach.REFERENCE,
)


def sources() -> list[str]:
    """The landing sources that have been loaded (crm, orders, ...)."""
    return fetch(SOURCES_SQL)["source"].tolist()


CHECKS_PUBLISHED_SQL = Query(
    """
select count(*) > 0 as published
from duckdb_tables()
where database_name = 'serving' and schema_name = 'meta' and table_name = 'check_results'
""",
    Reach.REFERENCE,
)


def checks_published() -> bool:
    """Whether the serving copy has meta.check_results: the table appears once a check has run."""
    return bool(fetch(CHECKS_PUBLISHED_SQL).iloc[0]["published"])


# A check's asset is 'raw/<source>__<entity>' for landing data and 'marts/<model>' for marts; mart checks
# belong to no single source and show only when every source is selected.
LATEST_CHECKS_SQL = Query(
    """
select
    asset,
    check_name,
    expectation,
    column_name,
    success,
    observed,
    element_count,
    unexpected_count,
    checked_at
from meta.check_results
where $source = 'all' or asset like 'raw/' || $source || '\\_\\_%' escape '\\'
qualify row_number() over (
    partition by asset, check_name, expectation, coalesce(column_name, '') order by checked_at desc
) = 1
order by success, asset, expectation, column_name
""",
    Reach.COMPANY,
)


def latest_checks(source: str = ALL) -> pd.DataFrame:
    """The latest outcome of every expectation (failures first) on the source's assets."""
    return fetch(LATEST_CHECKS_SQL, source=source)


QUARANTINE_SQL = Query(
    """
select source_table, reason_kind, reason, sum(rows_quarantined) as rows_quarantined
from marts.quality_quarantine_reasons
where $source = 'all' or source = $source
group by all
order by rows_quarantined desc, source_table, reason
""",
    Reach.COMPANY,
)


def quarantine(source: str = ALL) -> pd.DataFrame:
    """Quarantined rows per source table and reason, over every load."""
    return fetch(QUARANTINE_SQL, source=source)


FRESHNESS_SQL = Query(
    """
select source_table, files_loaded, rows_read, last_loaded_at, days_since_last_load, freshness_warn_days, is_stale
from marts.quality_freshness
where $source = 'all' or source = $source
order by is_stale desc, source_table
""",
    Reach.COMPANY,
)


def freshness(source: str = ALL) -> pd.DataFrame:
    """Per source table: files and rows loaded, the last load, days since, and whether it is stale."""
    return fetch(FRESHNESS_SQL, source=source)


COMPLETENESS_SQL = Query(
    """
select source_table, field, records, missing, missing_share
from marts.quality_completeness
where $source = 'all' or split_part(source_table, '__', 1) = $source
order by source_table, field
""",
    Reach.COMPANY,
)


def completeness(source: str = ALL) -> pd.DataFrame:
    """Per source table and key field: records, records missing it, and the share missing."""
    return fetch(COMPLETENESS_SQL, source=source)


LOADS_SQL = Query(
    """
select
    source_table,
    sum(files) as files,
    sum(rows_read) as rows_read,
    sum(rows_loaded) as rows_loaded,
    sum(rows_quarantined) as rows_quarantined,
    sum(rows_quarantined)::double / nullif(sum(rows_read), 0) as quarantine_share,
    max(load_date) as last_load_date
from marts.quality_loads_daily
where $source = 'all' or source = $source
group by source_table
order by source_table
""",
    Reach.COMPANY,
)


def loads(source: str = ALL) -> pd.DataFrame:
    """Per source table over every load day: files, rows read, loaded and quarantined."""
    return fetch(LOADS_SQL, source=source)


CHURN_CALIBRATION_SQL = Query(
    """
select decile, customers, mean_predicted, observed_rate, calibration_gap, holdout_snapshot, churn_model_version
from marts.churn_model_calibration
order by decile
""",
    Reach.COMPANY,
)


def churn_calibration() -> pd.DataFrame:
    """The churn model's calibration by decile on its holdout month end (empty when it was not trained)."""
    return fetch(CHURN_CALIBRATION_SQL)


LINKING_SQL = Query(
    """
with crm_customers as (
    select customer_id from marts.customer_360
),

linked as (
    select
        'interactions__interactions' as source_table,
        count(*) as records,
        count(crm_customers.customer_id) as linked
    from marts.fct_interactions as records
    left join crm_customers on records.customer_id = crm_customers.customer_id
    union all
    select 'surveys__responses', count(*), count(crm_customers.customer_id)
    from marts.fct_survey_responses as records
    left join crm_customers on records.customer_id = crm_customers.customer_id
)

select
    linked.source_table,
    linked.records,
    completeness.missing as without_customer_id,
    linked.linked,
    linked.linked / nullif(linked.records, 0) as linked_share
from linked
left join marts.quality_completeness as completeness
    on completeness.source_table = linked.source_table and completeness.field = 'customer_id'
where $source = 'all' or split_part(linked.source_table, '__', 1) = $source
order by linked.source_table
""",
    Reach.COMPANY,
)


def linking(source: str = ALL) -> pd.DataFrame:
    """Service contacts and survey answers: how many arrived without a customer id, and how many identity
    stitching linked to a customer with a CRM account (through the phone number or e-mail)."""
    return fetch(LINKING_SQL, source=source)
