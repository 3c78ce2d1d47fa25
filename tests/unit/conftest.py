"""Fixtures shared by the unit tests."""

import pytest


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A data folder of its own for a test that runs the insight command."""
    # cli._settings() exports paths into os.environ: set them here so monkeypatch restores them afterwards
    for variable, path in {
        "INSIGHT_DATA_DIR": tmp_path, "INSIGHT_LANDING_DIR": tmp_path / "landing",
        "INSIGHT_WAREHOUSE_PATH": tmp_path / "warehouse.duckdb", "INSIGHT_SERVING_PATH": tmp_path / "serving.duckdb",
        "DAGSTER_HOME": tmp_path / "dagster_home",
    }.items():
        monkeypatch.setenv(variable, str(path))
    return tmp_path
