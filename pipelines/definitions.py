"""The Dagster code location: assembles assets, checks, jobs and resources from their modules."""

import dagster as dg

from pipelines import assets
from pipelines.assets.dbt import DBT_PROJECT
from pipelines.automation import DAILY_SCHEDULES, SENSORS
from pipelines.jobs import JOBS, SCHEDULES
from pipelines.resources import build_resources
from pipelines.settings import Settings

defs = dg.Definitions(
    assets=dg.load_assets_from_package_module(assets),
    asset_checks=dg.load_asset_checks_from_package_module(assets),
    jobs=JOBS,
    schedules=[*SCHEDULES, *DAILY_SCHEDULES],
    sensors=SENSORS,
    resources=build_resources(Settings.from_env(), DBT_PROJECT),
    # DuckDB has one writer: steps (ingest, dbt, checks, Python assets) run one at a time.
    executor=dg.in_process_executor,
)
