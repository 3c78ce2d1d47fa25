"""A build with nothing new skips the transformation: what counts as "nothing new"."""

from dataclasses import replace

import duckdb
import pytest

from pipelines import build_state
from pipelines.build_state import inputs_fingerprint, nothing_to_build, record_published
from pipelines.settings import Settings


@pytest.fixture
def settings(data_dir, monkeypatch):
    monkeypatch.delenv("INSIGHT_AS_OF", raising=False)
    monkeypatch.delenv("INSIGHT_SHOW_PII", raising=False)
    settings = Settings.from_env()
    settings.serving_path.write_bytes(b"a published copy")
    return settings


@pytest.fixture
def con(settings):
    with duckdb.connect(str(settings.warehouse_path)) as con:
        con.execute("create schema meta")
        con.execute("create table meta.load_log (load_id varchar)")
        con.execute("insert into meta.load_log values ('load-1'), ('load-2')")
        yield con


def test_a_fresh_warehouse_always_builds(con, settings):
    assert not nothing_to_build(con, settings)


def test_the_same_loads_code_and_settings_need_no_build(con, settings):
    record_published(con, inputs_fingerprint(con, settings))
    assert nothing_to_build(con, settings)


def test_a_new_load_needs_a_build(con, settings):
    record_published(con, inputs_fingerprint(con, settings))
    con.execute("insert into meta.load_log values ('load-3')")
    assert not nothing_to_build(con, settings)


def test_another_as_of_or_pii_setting_needs_a_build(con, settings):
    record_published(con, inputs_fingerprint(con, settings))
    assert not nothing_to_build(con, replace(settings, as_of="2026-01-31"))
    assert not nothing_to_build(con, replace(settings, show_pii=True))


def test_a_code_change_needs_a_build(con, settings, monkeypatch):
    record_published(con, inputs_fingerprint(con, settings))
    monkeypatch.setattr(build_state, "code_fingerprint", lambda: "edited")
    assert not nothing_to_build(con, settings)


def test_a_missing_serving_copy_needs_a_build(con, settings):
    record_published(con, inputs_fingerprint(con, settings))
    settings.serving_path.unlink()
    assert not nothing_to_build(con, settings)


def test_the_code_fingerprint_covers_models_seeds_and_python_assets():
    files = {path.as_posix() for path in build_state._code_files()}
    assert any(name.endswith("dbt_project/models/marts/customer/customer_360.sql") for name in files)
    assert any(name.endswith("dbt_project/seeds/rfm_segments.csv") for name in files)
    assert any(name.endswith("pipelines/customer_models/churn.py") for name in files)
    assert not any("/target/" in name for name in files)
