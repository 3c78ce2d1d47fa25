"""Fixtures: an empty query cache per test, and the hand-made serving file at INSIGHT_SERVING_PATH."""

from pathlib import Path

import pytest
import streamlit as st
from dashboard_serving import write_serving_file


@pytest.fixture(autouse=True)
def fresh_cache_and_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with an empty query cache, no serving path, English, and no telemetry."""
    st.cache_data.clear()
    monkeypatch.setenv("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
    monkeypatch.delenv("INSIGHT_LANG", raising=False)
    monkeypatch.delenv("INSIGHT_DATA_DIR", raising=False)
    monkeypatch.delenv("INSIGHT_SERVING_PATH", raising=False)


@pytest.fixture
def serving_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The default hand-made serving file, published at INSIGHT_SERVING_PATH."""
    path = write_serving_file(tmp_path / "serving.duckdb")
    monkeypatch.setenv("INSIGHT_SERVING_PATH", str(path))
    return path
