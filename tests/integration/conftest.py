"""A tiny warehouse built once per test session by the real assets, in a temporary folder."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from assets_run import materialize

from pipelines.settings import Settings

SCALE = 0.02  # 200 customers, about 4,000 orders
SEED = 7


@dataclass
class Built:
    success: bool
    landing_dir: Path
    warehouse_path: Path
    serving_path: Path
    check_evaluations: list
    event_text: str  # every log message and metadata value of the run, to scan for personal data


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory):
    from pipelines.generate import generate

    saved = dict(os.environ)
    os.environ["INSIGHT_DATA_DIR"] = str(tmp_path_factory.mktemp("insight"))
    for variable in ("INSIGHT_LANDING_DIR", "INSIGHT_WAREHOUSE_PATH", "INSIGHT_SERVING_PATH", "DAGSTER_HOME", "INSIGHT_AS_OF"):
        os.environ.pop(variable, None)
    settings = Settings.from_env()
    settings.prepare_dirs()
    settings.export()
    generate(settings.landing_dir, scale=SCALE, seed=SEED, progress=False)
    yield settings
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture(scope="session")
def built(built_settings) -> Built:
    result = materialize(built_settings)
    return Built(
        success=result.success,
        landing_dir=built_settings.landing_dir,
        warehouse_path=built_settings.warehouse_path,
        serving_path=built_settings.serving_path,
        check_evaluations=result.get_asset_check_evaluations(),
        event_text="\n".join(_event_text(event) for event in result.all_events),
    )


def _event_text(event: dg.DagsterEvent) -> str:
    parts = [event.message or ""]
    data = event.event_specific_data
    for holder in (getattr(data, "materialization", None), getattr(data, "asset_check_evaluation", None), data):
        metadata = getattr(holder, "metadata", None)
        if isinstance(metadata, dict):
            parts.extend(f"{key}={value}" for key, value in metadata.items())
    return " ".join(parts)


def _raw_counts(settings: Settings) -> dict[str, int]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        tables = con.execute("select schema_name || '.' || table_name from duckdb_tables() where schema_name in ('raw', 'quarantine', 'meta')").fetchall()
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for (t,) in tables}


@pytest.fixture(scope="session")
def warehouse_counts_after_reingest(built, built_settings):
    before = _raw_counts(built_settings)
    result = materialize(built_settings, selection="group:raw")
    assert result.success
    return before, _raw_counts(built_settings)


def published_build_id(serving_path: Path) -> str:
    with duckdb.connect(str(serving_path), read_only=True) as con:
        return con.execute("select build_id from meta.published").fetchone()[0]


@pytest.fixture(scope="session")
def rebuilt_with_nothing_new(built, built_settings):
    """The whole build run again on the same landing files: (build id before, result, build id after)."""
    before = published_build_id(built_settings.serving_path)
    result = materialize(built_settings)
    return before, result, published_build_id(built_settings.serving_path)
