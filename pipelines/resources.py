"""Dagster resources: the warehouse (DuckDB) and the dbt CLI, configured from settings."""

from __future__ import annotations

import os
import shutil
import sys
from contextlib import contextmanager
from functools import cached_property
from importlib.metadata import version as installed_version
from pathlib import Path

from dagster_dbt import DbtCliResource
from dagster_duckdb import DuckDBResource
from packaging.version import Version

from pipelines.settings import Settings
from pipelines.warehouse import attach_marts


class WarehouseResource(DuckDBResource):
    """The warehouse file with its marts file attached, so assets read ``marts.<table>`` as dbt wrote it."""

    @contextmanager
    def get_connection(self):
        with super().get_connection() as con:
            attach_marts(con, Path(self.database))
            yield con


class OfflineDbtCliResource(DbtCliResource):
    """DbtCliResource that reads dbt's version from the installed package.

    The stock resource runs ``dbt --version`` before every invocation, and that command asks the
    package index for the latest release: a network call at run time, which this project forbids.
    """

    @cached_property
    def _cli_version(self) -> Version:
        return Version(installed_version("dbt-core"))


def dbt_executable() -> str:
    """The dbt next to this interpreter, so a venv works without being activated."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else (shutil.which("dbt") or "dbt")


def build_resources(settings: Settings, dbt_project) -> dict:
    # dbt runs as a subprocess and reads the warehouse path from the environment.
    settings.export()
    # Python assets between dbt models (scores, text) split a dbt run into steps, seeds first. dbt's
    # default eager indirect selection would run, with the seeds, a test whose other parent a later
    # step builds (stg_orders__orders -> currency_rates) and fail on a fresh warehouse; buildable runs
    # a test once all its parents are selected or built upstream of the selection.
    os.environ.setdefault("DBT_INDIRECT_SELECTION", "buildable")
    return {
        "warehouse": WarehouseResource(database=str(settings.warehouse_path),
                                       connection_config={"memory_limit": settings.duckdb_memory_limit}),
        "dbt": OfflineDbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable()),
    }
