"""Jobs over the asset graph: everything, and each stage alone (the benchmark times stages)."""

import dagster as dg

from pipelines.assets.ingest import INGEST_GROUP

ALL_ASSETS = dg.AssetSelection.all()
INGEST = dg.AssetSelection.groups(INGEST_GROUP)
PUBLISH = dg.AssetSelection.groups("publish")
TRANSFORM = ALL_ASSETS - INGEST - PUBLISH

build_everything = dg.define_asset_job(
    "build_everything", selection=ALL_ASSETS, description="Landing files to marts to the serving copy."
)
ingest_job = dg.define_asset_job("ingest", selection=INGEST, description="Landing files to raw and quarantine.")
transform_job = dg.define_asset_job("transform", selection=TRANSFORM, description="dbt build: staging to marts.")
publish_job = dg.define_asset_job("publish", selection=PUBLISH, description="Publish the serving copy.")

JOBS = [build_everything, ingest_job, transform_job, publish_job]
STAGE_JOBS = {"all": "build_everything", "ingest": "ingest", "dbt": "transform", "publish": "publish"}

SCHEDULES: list[dg.ScheduleDefinition] = []
