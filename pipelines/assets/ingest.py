"""One factory turns every declared source entity into an ingest asset with its checks."""

from collections import Counter
from pathlib import Path

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


FILES_READ_CHECK = "landing_files_read"


def _run_metadata(spec: EntitySpec, loads: list[FileLoad]) -> dict:
    loaded = [load for load in loads if load.loaded]
    reasons: Counter[str] = Counter()
    for load in loaded:
        reasons.update(load.reasons)
    return {
        "rows_counted": sum(load.rows_counted for load in loaded),
        "rows_read": sum(load.rows_read for load in loaded),
        "rows_loaded": sum(load.rows_loaded for load in loaded),
        "rows_quarantined": sum(load.rows_quarantined for load in loaded),
        "files_loaded": len(loaded),
        "files_skipped_already_loaded": sum(load.skipped for load in loads),
        "files_failed": dg.MetadataValue.json({load.file: load.error for load in loads if load.error}),
        "files_waiting": dg.MetadataValue.json({load.file: load.waiting for load in loads if load.waiting}),
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
    """Per load so far: the rows in raw and quarantine are the records the independent count found.

    The count (meta.load_log.rows_counted) does not come from the parser, so a parser that drops or
    doubles records cannot pass this check. Loads logged before the count existed compare with rows_read.
    A replay (pipelines/ingest/replay.py) moves rows of its original load from quarantine (marked
    ``_replayed_in``) to raw: it is counted with the load it names.
    """
    failing, loads, counted, in_raw, in_quarantine = con.execute(
        f"""
        with original as (
            select load_id, coalesce(replay_of, load_id) as original_id
            from meta.load_log where source = $source and entity = $entity
        ),
        raw_rows as (
            select coalesce(original.original_id, _load_id) as _load_id, count(*) as rows
            from raw.{spec.table} left join original on original.load_id = _load_id group by all
        ),
        quarantined_rows as (
            select _load_id, count(*) as rows from quarantine.{spec.table} where _replayed_in is null group by all
        ),
        loads as (
            select coalesce(replay_of, load_id) as load_id, sum(coalesce(rows_counted, rows_read)) as counted,
                sum(rows_loaded) as rows_loaded, sum(rows_quarantined) as rows_quarantined
            from meta.load_log where source = $source and entity = $entity group by all
        ),
        compared as (
            select coalesce(loads.load_id, raw_rows._load_id, quarantined_rows._load_id) as load_id,
                coalesce(loads.counted, 0) as counted, coalesce(loads.rows_loaded, 0) as logged_loaded,
                coalesce(loads.rows_quarantined, 0) as logged_quarantined,
                coalesce(raw_rows.rows, 0) as in_raw, coalesce(quarantined_rows.rows, 0) as in_quarantine
            from loads
            full join raw_rows on raw_rows._load_id = loads.load_id
            full join quarantined_rows on quarantined_rows._load_id = coalesce(loads.load_id, raw_rows._load_id)
        )
        select list(load_id order by load_id) filter (
                counted <> in_raw + in_quarantine or in_raw <> logged_loaded or in_quarantine <> logged_quarantined
            ),
            count(*), coalesce(sum(counted), 0), coalesce(sum(in_raw), 0), coalesce(sum(in_quarantine), 0)
        from compared
        """,
        {"source": spec.source, "entity": spec.entity},
    ).fetchone()
    failing = failing or []
    return dg.AssetCheckResult(
        check_name="rows_conserved",
        passed=not failing,
        metadata={
            "loads": int(loads),
            "rows_counted": int(counted),
            "rows_in_raw": int(in_raw),
            "rows_in_quarantine": int(in_quarantine),
            "loads_not_conserved": dg.MetadataValue.json(failing[:20]),
        },
    )


def _files_read_check(loads: list[FileLoad]) -> dg.AssetCheckResult:
    failed = {load.file: load.error for load in loads if load.error}
    return dg.AssetCheckResult(
        check_name=FILES_READ_CHECK,
        passed=not failed,
        metadata={"files_failed": dg.MetadataValue.json(failed)},
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
        description=f"{spec.description} Landing files {spec.landing_dir(Path())}/*.{spec.file_format}, "
        f"declared in pipelines/sources/declared/{spec.source}.yml, split by the contract into raw.{spec.table} "
        f"and quarantine.{spec.table}.",
        check_specs=[
            dg.AssetCheckSpec("rows_conserved", asset=key,
                              description="per load: rows in raw + quarantine = records found by the independent count"),
            dg.AssetCheckSpec(FILES_READ_CHECK, asset=key,
                              description="every new landing file was read; a file that failed is listed with its reason"),
            dg.AssetCheckSpec("quarantine_share", asset=key, description="share of rows quarantined this run"),
        ],
    )
    def _ingest(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        settings = Settings.from_env()
        with warehouse.get_connection() as con:
            loads = load_entity(con, spec, settings.landing_dir, settings.landing_settle_seconds)
            metadata = _run_metadata(spec, loads)
            checks = [_conservation_check(con, spec), _files_read_check(loads), _quarantine_share_check(metadata)]
        context.log.info(
            f"{spec.table}: read {metadata['rows_read']}, loaded {metadata['rows_loaded']}, "
            f"quarantined {metadata['rows_quarantined']} from {metadata['files_loaded']} new file(s)"
        )
        # One line per file, with its name and reason: file names and contract reasons carry no values.
        for load in loads:
            if load.error:
                context.log.error(f"{load.file}: not loaded: {load.error}")
            elif load.waiting:
                context.log.warning(f"{load.file}: {load.waiting}")
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
