"""The dbt project as Dagster assets: one graph from the ingest assets through staging to the marts."""

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
import pydantic
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets

from pipelines.assets.ingest import ingest_asset_key
from pipelines.build_state import nothing_to_build
from pipelines.resources import OfflineDbtCliResource, WarehouseResource, dbt_executable
from pipelines.settings import Settings
from pipelines.sources import all_specs

DBT_PROJECT_DIR = Path(__file__).resolve().parents[2] / "dbt_project"
DBT_PROJECT = DbtProject(project_dir=DBT_PROJECT_DIR)


_PROJECT_FILE_SUFFIXES = {".sql", ".yml", ".yaml", ".csv", ".md"}


def _newest_project_file_mtime() -> float:
    return max(
        path.stat().st_mtime
        for path in DBT_PROJECT_DIR.rglob("*")
        if path.suffix in _PROJECT_FILE_SUFFIXES and DBT_PROJECT.target_path.name not in path.parts
    )


def refresh_manifest_if_stale() -> None:
    """Parse the dbt project into target/manifest.json when it is missing or older than the project files.

    A cold parse takes about 10 s, so importing the code location does not parse dbt when nothing changed.
    """
    manifest = DBT_PROJECT.manifest_path
    if not manifest.exists() or manifest.stat().st_mtime < _newest_project_file_mtime():
        # Not DBT_PROJECT.preparer: it needs dbt on PATH and asks the package index for dbt's version.
        dbt = OfflineDbtCliResource(project_dir=DBT_PROJECT, dbt_executable=dbt_executable())
        dbt.cli(["parse", "--quiet"], target_path=DBT_PROJECT.target_path).wait()


refresh_manifest_if_stale()


# Written once every ingest asset has loaded: the gate the whole dbt build starts behind.
INGEST_DONE = dg.AssetKey(["meta", "load_log"])


class InsightDbtTranslator(DagsterDbtTranslator):
    """dbt sources map onto the ingest asset keys; models are grouped by business domain, not by layer.

    Seeds and staging models also depend on the ingest's load log (INGEST_DONE). Dagster runs the
    assets of one dbt multi-asset in one `dbt build` per stretch of the graph that no other asset
    interrupts; without the gate the seeds (graph roots) and the staging models of each source would
    start apart from the rest, each a dbt process of its own, and a skip decision taken in the seeds'
    step would precede the ingest it is about.

    A source written by a Python asset (model scores, text sentiment) names that asset's key in its yml
    (`meta: {dagster: {asset_key: [...]}}`), which the default translation honours. Each model folder
    names its domain in dbt_project.yml (`meta: {dagster: {group: ...}}`: customer, identity, orders,
    service, voice, kpi, quality, actions; the staging of a source written by a Python asset joins that
    asset's group), which the default translation reads too; seeds form one group.
    """

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        explicit_key = dbt_resource_props.get("meta", {}).get("dagster", {}).get("asset_key")
        if dbt_resource_props["resource_type"] == "source" and not explicit_key:
            return dg.AssetKey(["raw", f"{dbt_resource_props['source_name']}__{dbt_resource_props['name']}"])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "seeds"
        return super().get_group_name(dbt_resource_props)

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        node = manifest["nodes"].get(unique_id, {})
        staging = node.get("fqn", [None, None])[1] == "staging"
        gated = node.get("resource_type") == "seed" or staging
        deps = {dep.asset_key: dep for dep in spec.deps}
        if gated:
            deps.setdefault(INGEST_DONE, dg.AssetDep(INGEST_DONE))
        if staging:  # every declared source of the entity a staging model reads (its union view raw.<entity>)
            entities = {manifest["sources"][parent]["identifier"] for parent in node["depends_on"]["nodes"]
                        if parent.startswith("source.")}
            for feeding in all_specs():
                if feeding.entity in entities:
                    deps.setdefault(ingest_asset_key(feeding), dg.AssetDep(ingest_asset_key(feeding)))
        return spec.replace_attributes(deps=list(deps.values())) if len(deps) > len(spec.deps) else spec


def dbt_vars(settings: Settings) -> list[str]:
    """--vars only when a date is pinned: changing vars makes dbt re-parse the whole project."""
    return ["--vars", json.dumps({"as_of": settings.as_of})] if settings.as_of else []


class DbtBuildConfig(dg.Config):
    """Run config of the dbt step (`insight build --full-refresh` sets it)."""

    full_refresh: bool = pydantic.Field(
        default=False,
        description="Rebuild the incremental models (growing staging tables, fct_orders) from all of raw "
        "instead of only the loads after their watermark.",
    )


# Unit tests check the SQL, not the data: they run with the test suite (tests/dbt), not in every build.
PRODUCTION_EXCLUDES = ["--exclude-resource-type", "unit_test"]


def dbt_build_args(settings: Settings, config: DbtBuildConfig) -> list[str]:
    return ["build", *PRODUCTION_EXCLUDES, *dbt_vars(settings), *(["--full-refresh"] if config.full_refresh else [])]


def full_refresh_run_config(job: dg.JobDefinition) -> dict[str, Any]:
    """The run config that makes every dbt step of ``job`` rebuild its incremental models from scratch.

    A job runs the dbt op once per stretch of the graph between Python assets (text scores, model scores),
    as nodes dbt_models, dbt_models_2, ...: each one gets the config.
    """
    config = {"config": DbtBuildConfig(full_refresh=True).model_dump()}
    return {"ops": {node.name: config for node in job.nodes if node.definition.name == DBT_OP_NAME}}


# meta.load_log and meta.load_reasons are two dbt sources written by one asset (["meta", "load_log"]).
TRANSLATOR = InsightDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_duplicate_source_asset_keys=True))


@dbt_assets(manifest=DBT_PROJECT.manifest_path, project=DBT_PROJECT, dagster_dbt_translator=TRANSLATOR)
def dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource, config: DbtBuildConfig
):
    settings = Settings.from_env()
    if not config.full_refresh:
        with warehouse.get_connection() as con:
            unchanged = nothing_to_build(con, settings)
        if unchanged:
            # Nothing yielded: Dagster skips every step downstream (scores, exports, publish).
            context.log.info("Nothing new since the published build (same loads, code and settings): dbt skipped.")
            return
    yield from dbt.cli(dbt_build_args(settings, config), context=context).stream()


DBT_OP_NAME = dbt_models.op.name


def _dbt_node(spec: dg.AssetSpec) -> Mapping[str, Any]:
    manifest = spec.metadata["dagster_dbt/manifest"].manifest
    return manifest["nodes"][spec.metadata["dagster_dbt/unique_id"]]


def mart_keys() -> list[dg.AssetKey]:
    """Keys of the dbt models in the marts folder (the marts file): what the serving copy publishes."""
    return sorted(
        (
            spec.key for spec in dbt_models.specs
            if (node := _dbt_node(spec))["resource_type"] == "model" and node["fqn"][1] == "marts"
        ),
        key=lambda k: k.to_user_string(),
    )
