"""Materialise the code location's assets in this process, as definitions.py assembles them."""

from __future__ import annotations

import dagster as dg

from pipelines.settings import Settings


def _all_assets():
    """Every asset and asset check of the code location, as definitions.py assembles them."""
    from pipelines import assets

    return [*dg.load_assets_from_package_module(assets), *dg.load_asset_checks_from_package_module(assets)]


def materialize(settings: Settings, selection: str | None = None) -> dg.ExecuteInProcessResult:
    from pipelines.assets.dbt import DBT_PROJECT
    from pipelines.jobs import ALL_ASSETS
    from pipelines.resources import build_resources

    return dg.materialize(
        _all_assets(),
        resources=build_resources(settings, DBT_PROJECT),
        # Everything the build materialises; the monthly report is partitioned and rendered per month.
        selection=selection if selection is not None else ALL_ASSETS,
        raise_on_error=False,
    )
