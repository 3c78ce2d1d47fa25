"""The Dagster code location: assembles assets, checks, jobs and resources from their modules."""

import dagster as dg

from pipelines.assets.dbt import DBT_PROJECT, dbt_models
from pipelines.assets.ingest import build_ingest_assets
from pipelines.assets.publish import serving_copy
from pipelines.jobs import JOBS
from pipelines.resources import build_resources
from pipelines.settings import Settings

defs = dg.Definitions(
    assets=[*build_ingest_assets(), dbt_models, serving_copy],
    jobs=JOBS,
    resources=build_resources(Settings.from_env(), DBT_PROJECT),
)
