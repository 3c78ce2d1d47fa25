"""The Dagster code location loads as one graph: ingest -> dbt staging -> marts -> serving copy."""

from __future__ import annotations

import dataclasses
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
    # and waits for the whole ingest (its load log), so the dbt build starts once, behind every source;
    # the orders assembled from the declared sources' invoice lines join it
    assert graph.get(staging).parent_keys == {dg.AssetKey(["raw", "orders__orders"]), dg.AssetKey(["meta", "load_log"]),
                                              dg.AssetKey(["staging", "stg_orders__invoice_lines"])}
    published = graph.get(dg.AssetKey(["serving", "published"])).parent_keys
    assert {dg.AssetKey(["marts", name]) for name in ("customer_rfm", "customer_360", "fct_orders")} <= published


def test_a_newly_declared_source_feeds_its_entitys_staging_model(monkeypatch):
    from pipelines.assets import dbt as dbt_assets_module

    shop = dataclasses.replace(next(spec for spec in all_specs() if spec.entity == "orders"), source="shop")
    monkeypatch.setattr(dbt_assets_module, "all_specs", lambda: (*all_specs(), shop))
    [dbt_spec] = [spec for spec in dbt_assets_module.dbt_models.specs
                  if spec.key == dg.AssetKey(["staging", "stg_orders__orders"])]
    manifest = dbt_spec.metadata["dagster_dbt/manifest"].manifest
    rebuilt = dbt_assets_module.TRANSLATOR.get_asset_spec(manifest, dbt_spec.metadata["dagster_dbt/unique_id"], None)
    assert {dg.AssetKey(["raw", "shop__orders"]), dg.AssetKey(["raw", "orders__orders"])} <= {
        dep.asset_key for dep in rebuilt.deps}


def test_groups_follow_the_business_domains_not_the_layers():
    """A source's staging, the intermediate steps of an area and its marts share the area's group."""
    graph = _graph()
    expected = {
        ("staging", "stg_crm__customers"): "customer",
        ("intermediate", "int_customer_months"): "customer",
        ("marts", "customer_rfm"): "customer",
        ("restricted", "customer_profile_unmasked"): "customer",
        ("intermediate", "int_customer_identities_stitched"): "identity",
        ("staging", "stg_orders__orders"): "orders",
        ("intermediate", "int_orders_converted"): "orders",
        ("marts", "fct_orders"): "orders",
        ("staging", "stg_interactions__interactions"): "service",
        ("intermediate", "int_interactions_resolved"): "service",
        ("marts", "fct_interactions"): "service",
        ("staging", "stg_surveys__responses"): "voice",
        ("marts", "fct_social_mentions"): "voice",
        ("marts", "kpi_monthly"): "kpi",
        ("staging", "stg_meta__loads"): "quality",
        ("marts", "quality_freshness"): "quality",
        ("marts", "action_winback_sleeping"): "actions",
        ("staging", "stg_text__scores"): "text",
        ("text", "mention_scores"): "text",
        ("staging", "stg_ml__customer_clv"): "ml",
        ("raw", "crm__customers"): "raw",
        ("seeds", "currency_rates"): "seeds",
    }
    assert {key: graph.get(dg.AssetKey(list(key))).group_name for key in expected} == expected
    layers = {"staging", "intermediate", "marts", "restricted", "default"}
    assert not {graph.get(key).group_name for key in graph.materializable_asset_keys} & layers


def test_one_dbt_build_before_the_python_models_and_one_after():
    """Seeds, staging and everything up to the model and text scores run in one dbt process; the marts
    that read those scores in a second one (the Python assets sit between them). Both start after the
    ingest: the first decides whether there is anything new to build, which it can only know then."""
    from pipelines.assets.dbt import DBT_OP_NAME
    from pipelines.definitions import defs

    graph = _graph()
    assert dg.AssetKey(["meta", "load_log"]) in graph.get(dg.AssetKey(["seeds", "currency_rates"])).parent_keys
    job = defs.resolve_job_def("build_everything")
    dbt_steps = [node.name for node in job.nodes if node.definition.name == DBT_OP_NAME]
    assert sorted(dbt_steps) == ["dbt_models", "dbt_models_2"]


def test_publish_follows_exactly_the_marts():
    """mart_keys() picks the models of the marts folder (the marts file publish copies), whatever their group."""
    from pipelines.assets.dbt import mart_keys

    keys = mart_keys()
    assert {key.path[0] for key in keys} == {"marts"}
    snapshot_marts = {key for key in SNAPSHOT.read_text().split() if key.startswith("marts/")}
    assert {key.to_user_string() for key in keys} == snapshot_marts


def test_asset_keys_match_the_snapshot():
    """Renaming an asset breaks lineage history and schedules: update asset_keys.txt on purpose only. A source
    added by a declaration adds its ingest assets, and nothing else."""
    keys = {key.to_user_string() for key in _graph().get_all_asset_keys()}
    snapshot = set(SNAPSHOT.read_text().split())
    assert snapshot <= keys
    assert keys - snapshot <= {ingest_asset_key(spec).to_user_string() for spec in all_specs()}
