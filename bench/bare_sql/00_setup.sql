-- The bare-SQL comparator: the main marts computed straight from raw.* in one DuckDB session, with no
-- dbt and no Dagster, into schema bare. Each script copies the rules of the dbt models it names,
-- flattened. File paths are relative to the repository root (bench.comparator sets file_search_path).
--
-- Seeds: the same files dbt seeds, with the column types dbt_project/seeds/_seeds.yml gives them.

create schema if not exists bare;

create or replace table bare.currency_rates as
select *
from read_csv(
    'dbt_project/seeds/currency_rates.csv',
    header = true,
    columns = {'currency': 'varchar', 'rate_to_cny': 'decimal(18,6)'}
);

create or replace table bare.rfm_segments as
select *
from read_csv(
    'dbt_project/seeds/rfm_segments.csv',
    header = true,
    columns = {
        'r_score': 'integer', 'fm_score': 'integer', 'segment': 'varchar', 'service_tier': 'varchar'
    }
);
