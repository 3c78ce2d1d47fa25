"""The monthly KPI report: one partition per month, rendered from the published serving copy."""

import dagster as dg

from pipelines.settings import Settings

REPORTS_GROUP = "reports"
# The generated history spans three years up to 2026-10-31 by default; earlier months have no data.
MONTHLY_PARTITIONS = dg.MonthlyPartitionsDefinition(start_date="2023-11-01", end_offset=0)


def reports_dir(settings: Settings):
    return settings.data_dir / "reports"


@dg.asset(
    key=["reports", "monthly_kpi_report"],
    group_name=REPORTS_GROUP,
    kinds={"python", "pdf", "html", "excel"},
    deps=[dg.AssetKey(["serving", "published"])],
    partitions_def=MONTHLY_PARTITIONS,
    description="Monthly KPI report for managers (zh and en; HTML, PDF, XLSX) from the serving copy: KPIs "
    "against target and last month, trends, missed KPIs and biggest movers, top complaint categories, "
    "negative topics and spikes, survey dimensions, segment migration when published.",
)
def monthly_kpi_report(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    # Imported here: matplotlib and fpdf would slow down loading the code location.
    from pipelines.reports import render_report
    from pipelines.reports.data import parse_month

    settings = Settings.from_env()
    month = parse_month(context.partition_key[:7])
    files = render_report(settings.serving_path, month, reports_dir(settings), stale_after_days=settings.stale_after_days)
    context.log.info(f"wrote {len(files)} report files for {month:%Y-%m} to {files[0].parent}")
    return dg.MaterializeResult(
        metadata={"folder": dg.MetadataValue.path(str(files[0].parent)), "files": [f.name for f in files]}
    )
