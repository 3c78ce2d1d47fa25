"""A company without some of the sources: only the CRM and the orders, or each of interactions, social and
surveys removed in turn.

One generated landing folder is shared; each case copies it without the sources' folders, builds every
asset into a fresh warehouse and publishes. The build must succeed, the serving copy must hold every
CRM account's person with RFM and a churn probability, the missing sources' figures are empty, every
dashboard page opens on it and the monthly report renders from it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.reports import render_report
from pipelines.settings import Settings
from pipelines.sources import all_specs

pytestmark = pytest.mark.build

APP_PATH = Path(__file__).resolve().parents[2] / "dashboards" / "app.py"
# The dashboard pages after the overview, by url path; without a user file they open for the local manager.
PAGES = ("customer", "segments", "voice", "service", "quality", "actions")
SCALE = 0.02
SEED = 7
# The customer_360 figure each removed source leaves empty.
EMPTY_WITHOUT = {
    "interactions": "interactions_total",
    "social": "social_mentions_total",
    "surveys": "latest_nps",
}
# A whole build per case takes minutes: the suite builds with the CRM and the orders only (no surveys, whose
# absence crashed the churn model, no interactions, no social); with INSIGHT_TEST_EVERY_SOURCE=1 it also
# builds without each source in turn.
CRM_AND_ORDERS_ONLY = tuple(sorted(EMPTY_WITHOUT))
REMOVED = [CRM_AND_ORDERS_ONLY, *((source,) for source in sorted(EMPTY_WITHOUT))] if os.environ.get(
    "INSIGHT_TEST_EVERY_SOURCE") == "1" else [CRM_AND_ORDERS_ONLY]


@pytest.fixture(scope="module")
def full_landing(tmp_path_factory):
    from pipelines.generate import generate

    landing = tmp_path_factory.mktemp("landing_full")
    generate(landing, scale=SCALE, seed=SEED, progress=False)
    return landing


@pytest.fixture
def settings_without(request, full_landing, tmp_path, monkeypatch) -> tuple[tuple[str, ...], Settings]:
    sources = request.param
    for variable in ("INSIGHT_LANDING_DIR", "INSIGHT_WAREHOUSE_PATH", "INSIGHT_SERVING_PATH", "DAGSTER_HOME",
                     "INSIGHT_AS_OF", "INSIGHT_SHOW_PII", "INSIGHT_USERS_FILE", "INSIGHT_AUDIT_DIR"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("INSIGHT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("INSIGHT_LANDING_SETTLE_SECONDS", "0")
    settings = Settings.from_env()
    shutil.copytree(full_landing, settings.landing_dir, ignore=shutil.ignore_patterns(*sources))
    settings.prepare_dirs()
    settings.export()
    yield sources, settings
    # settings.export() writes variables monkeypatch does not know about: put them back
    for variable in ("INSIGHT_LANDING_DIR", "INSIGHT_WAREHOUSE_PATH", "INSIGHT_SERVING_PATH", "DAGSTER_HOME"):
        os.environ.pop(variable, None)


def _build(settings: Settings) -> dg.ExecuteInProcessResult:
    from pipelines import assets
    from pipelines.assets.dbt import DBT_PROJECT
    from pipelines.jobs import ALL_ASSETS
    from pipelines.resources import build_resources

    return dg.materialize(
        [*dg.load_assets_from_package_module(assets), *dg.load_asset_checks_from_package_module(assets)],
        resources=build_resources(settings, DBT_PROJECT),
        selection=ALL_ASSETS,
        raise_on_error=False,
    )


@pytest.mark.parametrize("settings_without", REMOVED, indirect=True, ids="-".join)
def test_the_build_publishes_with_sources_missing(settings_without, tmp_path):
    sources, settings = settings_without
    assert not any((settings.landing_dir / source).exists() for source in sources)
    result = _build(settings)
    failed = [event.step_key for event in result.all_events if event.is_step_failure]
    assert result.success, f"without {', '.join(sources)}: failed steps {failed}"

    with duckdb.connect(str(settings.warehouse_path), read_only=True) as warehouse:
        crm_accounts = warehouse.execute("select count(distinct customer_id) from raw.crm__customers").fetchone()[0]
        # the missing sources' raw tables exist, empty, so staging read them
        for spec in (spec for spec in all_specs() if spec.source in sources):
            assert warehouse.execute(f"select count(*) from raw.{spec.table}").fetchone()[0] == 0
    with duckdb.connect(str(settings.serving_path), read_only=True) as serving:
        assert serving.execute("select count(*) from meta.published").fetchone()[0] == 1
        figures = ", ".join(f"count(nullif({EMPTY_WITHOUT[source]}, 0))" for source in sources)
        accounts, segmented, scored, *empty_figures = serving.execute(
            f"select sum(crm_accounts), count(segment), count(churn_probability), {figures} from marts.customer_360"
        ).fetchone()
        rfm_customers = serving.execute("select count(*) from marts.customer_rfm").fetchone()[0]
        kpi_months = serving.execute("select max(month) from marts.kpi_monthly").fetchone()[0]
    assert accounts == crm_accounts > 0  # every CRM account is a person in the 360 view
    assert segmented == rfm_customers > 0
    assert scored == segmented  # the churn model scored every buyer, without the missing features
    assert empty_figures == [0] * len(sources)
    assert kpi_months is not None
    assert _pages_with_errors() == {}
    # the monthly report renders from the serving copy, in every format and language
    written = {path.name for path in render_report(settings.serving_path, kpi_months, tmp_path / "reports")}
    assert {f"kpi_report_{kpi_months:%Y-%m}_{lang}.{ext}" for lang in ("zh", "en")
            for ext in ("html", "pdf", "xlsx")} <= written


def _pages_with_errors() -> dict[str, list]:
    """Every dashboard page opened on the serving copy just published; the errors each raised."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(APP_PATH), default_timeout=60)
    app.run()  # the overview; AppTest.switch_page finds script files only, our pages are callables
    errors = {"overview": [exception.value for exception in app.exception]}
    for url_path in PAGES:
        app._page_hash = next(page for page, info in app._registered_pages.items()
                              if info.get("url_pathname") == url_path)
        app.run()
        errors[url_path] = [exception.value for exception in app.exception]
    return {page: found for page, found in errors.items() if found}
