"""The Dagster code location loads as one graph: ingest -> dbt staging -> marts -> serving copy."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipelines.assets.ingest import ingest_asset_key
from pipelines.sources import all_specs

SNAPSHOT = Path(__file__).with_name("asset_keys.txt")


def _graph():
    from pipelines.definitions import defs

    dg.Definitions.validate_loadable(defs)
    return defs.resolve_asset_graph()


def test_every_asset_dependency_is_materialised_by_this_code_location():
    # A dbt source whose key does not match an ingest asset would show up as an external asset.
    graph = _graph()
    assert set(graph.external_asset_keys) == set()
    assert {ingest_asset_key(spec) for spec in all_specs()} <= set(graph.materializable_asset_keys)


def test_staging_reads_the_ingest_assets_and_publish_follows_the_marts():
    graph = _graph()
    staging = dg.AssetKey(["staging", "stg_orders__orders"])
    assert graph.get(staging).parent_keys == {dg.AssetKey(["raw", "orders__orders"])}
    published = graph.get(dg.AssetKey(["serving", "published"])).parent_keys
    assert {dg.AssetKey(["marts", name]) for name in ("customer_rfm", "customer_360", "fct_orders")} <= published


def test_groups_follow_the_dbt_folders():
    graph = _graph()
    assert graph.get(dg.AssetKey(["staging", "stg_crm__customers"])).group_name == "staging"
    assert graph.get(dg.AssetKey(["marts", "customer_rfm"])).group_name == "marts"
    assert graph.get(dg.AssetKey(["raw", "crm__customers"])).group_name == "raw"


def test_asset_keys_match_the_snapshot():
    """Renaming an asset breaks lineage history and schedules: update asset_keys.txt on purpose only."""
    keys = sorted(key.to_user_string() for key in _graph().get_all_asset_keys())
    assert keys == SNAPSHOT.read_text().split()
