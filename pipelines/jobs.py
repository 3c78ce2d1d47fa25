"""Jobs over the asset graph: everything, and each stage alone (the benchmark times stages)."""

import dagster as dg

from pipelines.assets.ingest import INGEST_GROUP
from pipelines.assets.reports import REPORTS_GROUP

# The monthly report is partitioned by month and runs on its own schedule, not in the build.
REPORTS = dg.AssetSelection.groups(REPORTS_GROUP)
ALL_ASSETS = dg.AssetSelection.all() - REPORTS
INGEST = dg.AssetSelection.groups(INGEST_GROUP)
PUBLISH = dg.AssetSelection.groups("publish")
TRANSFORM = ALL_ASSETS - INGEST - PUBLISH

build_everything = dg.define_asset_job(
    "build_everything", selection=ALL_ASSETS, description="Landing files to marts to the serving copy."
)
ingest_job = dg.define_asset_job("ingest", selection=INGEST, description="Landing files to raw and quarantine.")
transform_job = dg.define_asset_job("transform", selection=TRANSFORM, description="dbt build: staging to marts.")
publish_job = dg.define_asset_job("publish", selection=PUBLISH, description="Publish the serving copy.")

monthly_report_job = dg.define_asset_job(
    "monthly_report", selection=REPORTS, description="Render the monthly KPI report from the serving copy."
)

JOBS = [build_everything, ingest_job, transform_job, publish_job, monthly_report_job]
STAGE_JOBS = {"all": "build_everything", "ingest": "ingest", "dbt": "transform", "publish": "publish"}

SCHEDULES: list[dg.ScheduleDefinition] = [
    # Early on the 2nd, for the month just closed (the latest complete partition).
    dg.build_schedule_from_partitioned_job(monthly_report_job, hour_of_day=6, day_of_month=2),
]
