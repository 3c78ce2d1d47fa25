"""Fixtures: an empty query cache per test, the user file and audit trail in the test's folder, direct
query calls made as a company-wide manager, and the hand-made serving file at INSIGHT_SERVING_PATH."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from dashboard_serving import write_serving_file
from dashboard_users import COMPANY_MANAGER

from dashboards import queries


@pytest.fixture(autouse=True)
def fresh_cache_and_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with an empty query cache, no serving path, English, and no telemetry."""
    st.cache_data.clear()
    monkeypatch.setenv("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
    monkeypatch.delenv("INSIGHT_LANG", raising=False)
    monkeypatch.delenv("INSIGHT_DATA_DIR", raising=False)
    monkeypatch.delenv("INSIGHT_SERVING_PATH", raising=False)


@pytest.fixture(autouse=True)
def access_in_test_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No user file (the app opens as the local demo user) and the audit trail under ``tmp_path``; queries
    called directly run as a company-wide manager."""
    monkeypatch.setenv("INSIGHT_USERS_FILE", str(tmp_path / "users.json"))
    monkeypatch.setenv("INSIGHT_AUDIT_DIR", str(tmp_path / "audit"))
    monkeypatch.delenv("INSIGHT_AUDIT_RETENTION_DAYS", raising=False)
    with queries.acting_as(COMPANY_MANAGER):
        yield


@pytest.fixture
def serving_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The default hand-made serving file, published at INSIGHT_SERVING_PATH."""
    path = write_serving_file(tmp_path / "serving.duckdb")
    monkeypatch.setenv("INSIGHT_SERVING_PATH", str(path))
    return path
