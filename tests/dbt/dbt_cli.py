"""Run the project's dbt in a subprocess against one warehouse file, telemetry off; shared by the dbt tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DBT_PROJECT_DIR = Path(__file__).resolve().parents[2] / "dbt_project"
DBT = Path(sys.executable).with_name("dbt")


def run_dbt(warehouse: Path, target: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    """``dbt <args>`` on ``warehouse``, its artifacts in ``target`` and its logs in ``target/logs``."""
    env = {
        **os.environ,
        "INSIGHT_WAREHOUSE_PATH": str(warehouse),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DO_NOT_TRACK": "1",
    }
    command = [
        str(DBT), *args,
        "--project-dir", str(DBT_PROJECT_DIR),
        "--profiles-dir", str(DBT_PROJECT_DIR),
        "--target-path", str(target),
        "--log-path", str(target / "logs"),
    ]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout, check=False)
