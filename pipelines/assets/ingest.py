"""One factory turns every source spec into an ingest asset with its checks."""

from collections import Counter

import dagster as dg

from pipelines.ingest.loader import FileLoad, load_entity
from pipelines.resources import WarehouseResource
from pipelines.settings import Settings
from pipelines.sources import all_specs
from pipelines.sources.base import EntitySpec

INGEST_GROUP = "raw"
# Above this share of quarantined rows in a run, the quarantine check warns.
QUARANTINE_WARN_SHARE = 0.05


def ingest_asset_key(spec: EntitySpec) -> dg.AssetKey:
    """Asset key of an ingest asset; dbt sources map onto the same key (see assets/dbt.py)."""
    return dg.AssetKey(["raw", spec.table])


def _run_metadata(spec: EntitySpec, loads: list[FileLoad]) -> dict:
    loaded = [load for load in loads if not load.skipped and load.error is None]
    reasons: Counter[str] = Counter()
    for load in loaded:
        reasons.update(load.reasons)
    return {
        "rows_read": sum(load.rows_read for load in loaded),
        "rows_loaded": sum(load.rows_loaded for load in loaded),
        "rows_quarantined": sum(load.rows_quarantined for load in loaded),
        "files_loaded": len(loaded),
        "files_skipped_already_loaded": sum(load.skipped for load in loads),
        "quarantine_reasons": dg.MetadataValue.json(dict(reasons.most_common())),
        "schema_drift": dg.MetadataValue.json(
            {
                load.file: {"extra_columns": list(load.extra_columns), "missing_columns": list(load.missing_columns)}
                for load in loaded
                if load.extra_columns or load.missing_columns
            }
        ),
        "raw_table": f"raw.{spec.table}",
    }


def _conservation_check(con, spec: EntitySpec) -> dg.AssetCheckResult:
    """Across every load so far: read = loaded + quarantined, and the tables hold what the log says."""
    logged_read, logged_loaded, logged_quarantined = con.execute(
        "select coalesce(sum(rows_read), 0), coalesce(sum(rows_loaded), 0), coalesce(sum(rows_quarantined), 0) "
        "from meta.load_log where source = ? and entity = ?",
        [spec.source, spec.entity],
    ).fetchone()
    in_raw = con.execute(f"select count(*) from raw.{spec.table}").fetchone()[0]
    in_quarantine = con.execute(f"select count(*) from quarantine.{spec.table}").fetchone()[0]
    passed = logged_read == logged_loaded + logged_quarantined and (in_raw, in_quarantine) == (
        logged_loaded,
        logged_quarantined,
    )
    return dg.AssetCheckResult(
        check_name="rows_conserved",
        passed=bool(passed),
        metadata={
            "rows_read": int(logged_read),
            "rows_loaded": int(logged_loaded),
            "rows_quarantined": int(logged_quarantined),
            "rows_in_raw": int(in_raw),
            "rows_in_quarantine": int(in_quarantine),
        },
    )


def _quarantine_share_check(metadata: dict) -> dg.AssetCheckResult:
    read = metadata["rows_read"]
    share = metadata["rows_quarantined"] / read if read else 0.0
    return dg.AssetCheckResult(
        check_name="quarantine_share",
        passed=share <= QUARANTINE_WARN_SHARE,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"share": round(share, 4), "threshold": QUARANTINE_WARN_SHARE},
    )


def build_ingest_asset(spec: EntitySpec) -> dg.AssetsDefinition:
    key = ingest_asset_key(spec)

    @dg.asset(
        key=key,
        group_name=INGEST_GROUP,
        kinds={"duckdb"},
        description=f"{spec.description} Landing files {spec.source}/{spec.entity}/*.{spec.file_format}, "
        f"split by the contract into raw.{spec.table} and quarantine.{spec.table}.",
        check_specs=[
            dg.AssetCheckSpec("rows_conserved", asset=key, description="rows read = loaded + quarantined"),
            dg.AssetCheckSpec("quarantine_share", asset=key, description="share of rows quarantined this run"),
        ],
    )
    def _ingest(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        landing_root = Settings.from_env().landing_dir
        with warehouse.get_connection() as con:
            loads = load_entity(con, spec, landing_root)
            failed = [load for load in loads if load.error]
            if failed:
                raise dg.Failure(
                    description=f"{len(failed)} landing file(s) of {spec.table} could not be read; "
                    "nothing of them was written, the other files were loaded.",
                    metadata={load.file: load.error for load in failed},
                )
            metadata = _run_metadata(spec, loads)
            checks = [_conservation_check(con, spec), _quarantine_share_check(metadata)]
        context.log.info(
            f"{spec.table}: read {metadata['rows_read']}, loaded {metadata['rows_loaded']}, "
            f"quarantined {metadata['rows_quarantined']} from {metadata['files_loaded']} new file(s)"
        )
        return dg.MaterializeResult(metadata=metadata, check_results=checks)

    return _ingest


def build_ingest_assets() -> list[dg.AssetsDefinition]:
    return [build_ingest_asset(spec) for spec in all_specs()]


ingest_assets = build_ingest_assets()


@dg.asset(
    key=["meta", "load_log"],
    group_name=INGEST_GROUP,
    kinds={"duckdb"},
    deps=[ingest_asset_key(spec) for spec in all_specs()],
    description="meta.load_log and meta.load_reasons: one row per landing file and its quarantine reasons, "
    "written by each ingest asset in the same transaction as its rows. This asset records the totals.",
)
def load_log(warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.get_connection() as con:
        totals = con.execute(
            "select source || '__' || entity, count(*), sum(rows_read), sum(rows_loaded), sum(rows_quarantined) "
            "from meta.load_log group by all order by 1"
        ).fetchall()
    return dg.MaterializeResult(
        metadata={
            "files": sum(row[1] for row in totals),
            "per_table": dg.MetadataValue.json(
                {table: {"files": f, "read": r, "loaded": l, "quarantined": q} for table, f, r, l, q in totals}
            ),
        }
    )
