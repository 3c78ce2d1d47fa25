"""Paths and switches from environment variables, each with a local default so the demo needs no set-up.

``INSIGHT_WAREHOUSE_PATH`` and ``INSIGHT_DUCKDB_MEMORY_LIMIT`` are the variables both Dagster and dbt's
profiles.yml read.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

# Switches that keep Dagster, dbt, Great Expectations and Streamlit off the network.
TELEMETRY_OFF = {
    "DAGSTER_DISABLE_TELEMETRY": "1",
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    "DO_NOT_TRACK": "1",
    "GX_ANALYTICS_ENABLED": "false",
    "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
}

DAGSTER_INSTANCE_YAML = """\
# Written by the insight command. No telemetry: nothing leaves this machine.
telemetry:
  enabled: false
"""


# DuckDB's own default is 80 % of RAM; a bound makes large joins spill to disk instead, and keeps a build
# within 6 GiB (the bound plus the process's own memory; docs/BENCHMARKS.md has the peaks measured with
# it); dbt's two threads share the bound.
DEFAULT_DUCKDB_MEMORY_LIMIT = "5GB"
# What DuckDB takes as a memory limit: an amount with its unit (1000- or 1024-based) or a share of the RAM.
MEMORY_LIMIT = re.compile(r"\d+(\.\d+)?\s*([KMGT]i?B?|%)", re.IGNORECASE)
# The words INSIGHT_SHOW_PII understands; unset or empty is off.
SWITCH_ON = frozenset({"1", "true", "yes", "on"})
SWITCH_OFF = frozenset({"", "0", "false", "no", "off"})
# A landing file of a "settle" source is taken once its size and mtime stayed the same this long.
DEFAULT_LANDING_SETTLE_SECONDS = 5.0
# Data whose as-of date is more than this many days behind today is called stale where it is shown.
DEFAULT_STALE_AFTER_DAYS = 7
# The generator's default share of customers' service contacts recorded without their customer id (a call
# from an unknown number, a walk-in); identity stitching links them through the phone number or e-mail.
DEFAULT_UNLINKED_SHARE = 0.15


# Every environment variable the project reads, with its default and meaning: `insight --help` lists them.
ENVIRONMENT: tuple[tuple[str, str, str], ...] = (
    ("INSIGHT_DATA_DIR", "./data", "everything generated: landing files, warehouse, serving copy, Dagster home"),
    ("INSIGHT_LANDING_DIR", "$INSIGHT_DATA_DIR/landing", "where source exports land"),
    ("INSIGHT_WAREHOUSE_PATH", "$INSIGHT_DATA_DIR/warehouse.duckdb", "the warehouse (read by Dagster and dbt)"),
    ("INSIGHT_SERVING_PATH", "$INSIGHT_DATA_DIR/serving.duckdb", "the read-only copy the dashboards read"),
    ("DAGSTER_HOME", "$INSIGHT_DATA_DIR/dagster_home", "the Dagster instance (telemetry off)"),
    ("INSIGHT_AS_OF", "latest order date", "the date every \"days since\" rule counts from, YYYY-MM-DD"),
    ("INSIGHT_DUCKDB_MEMORY_LIMIT", DEFAULT_DUCKDB_MEMORY_LIMIT, "DuckDB's memory bound; past it joins spill to disk"),
    ("INSIGHT_LANDING_SETTLE_SECONDS", f"{DEFAULT_LANDING_SETTLE_SECONDS:g}",
     "seconds a landing file must stay unchanged before it is taken"),
    ("INSIGHT_STALE_AFTER_DAYS", str(DEFAULT_STALE_AFTER_DAYS),
     "days the data's as-of date may lag today before the report and the dashboards warn that it is stale"),
    ("INSIGHT_SHOW_PII", "off", "1 publishes the unmasked profile into a restricted file of its own"),
    ("INSIGHT_USERS_FILE", "$INSIGHT_DATA_DIR/users.json", "the dashboards' user file; absent: no sign-in"),
    ("INSIGHT_AUDIT_DIR", "$INSIGHT_DATA_DIR/audit", "the audit trail"),
    ("INSIGHT_AUDIT_RETENTION_DAYS", "1095", "days the audit trail is kept"),
    ("INSIGHT_LANG", "en", "the dashboards' language (zh or en)"),
)


def environment_help() -> str:
    """The environment variables as `insight --help` shows them."""
    width = max(len(name) for name, _, _ in ENVIRONMENT)
    return "environment variables (all optional):\n" + "\n".join(
        f"  {name:<{width}}  {meaning} (default: {default})" for name, default, meaning in ENVIRONMENT
    )


def _path(variable: str, default: Path) -> Path:
    value = os.environ.get(variable)
    return Path(value).expanduser().resolve() if value else default


def _seconds(variable: str, default: float) -> float:
    value = os.environ.get(variable)
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        raise SystemExit(f"{variable}={value!r} is not a number of seconds") from None
    if seconds < 0:
        raise SystemExit(f"{variable}={value!r} is negative")
    return seconds


def _date(variable: str) -> str | None:
    value = os.environ.get(variable)
    if not value:
        return None
    try:
        parsed = date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise SystemExit(f"{variable}={value!r} is not a date (YYYY-MM-DD)")
    return value


def _switch(variable: str) -> bool:
    value = os.environ.get(variable, "").strip().lower()
    if value in SWITCH_ON:
        return True
    if value in SWITCH_OFF:
        return False
    raise SystemExit(f"{variable}={value!r} is neither on ({', '.join(sorted(SWITCH_ON))}) "
                     f"nor off ({', '.join(sorted(filter(None, SWITCH_OFF)))})")


def _memory_limit(variable: str, default: str) -> str:
    value = os.environ.get(variable) or default
    if not MEMORY_LIMIT.fullmatch(value.strip()):
        raise SystemExit(f"{variable}={value!r} is not an amount of memory (e.g. 5GB, 512MB or 80%)")
    return value


def _days(variable: str, default: int) -> int:
    value = os.environ.get(variable)
    if not value:
        return default
    if not value.isdigit():
        raise SystemExit(f"{variable}={value!r} is not a whole number of days (0 or more)")
    return int(value)


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    landing_dir: Path
    warehouse_path: Path
    serving_path: Path
    dagster_home: Path
    as_of: str | None  # YYYY-MM-DD; None means the latest order date in the data
    show_pii: bool
    duckdb_memory_limit: str
    landing_settle_seconds: float = DEFAULT_LANDING_SETTLE_SECONDS
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS

    @classmethod
    def from_env(cls) -> Settings:
        data_dir = _path("INSIGHT_DATA_DIR", Path("data").resolve())
        return cls(
            data_dir=data_dir,
            landing_dir=_path("INSIGHT_LANDING_DIR", data_dir / "landing"),
            warehouse_path=_path("INSIGHT_WAREHOUSE_PATH", data_dir / "warehouse.duckdb"),
            serving_path=_path("INSIGHT_SERVING_PATH", data_dir / "serving.duckdb"),
            dagster_home=_path("DAGSTER_HOME", data_dir / "dagster_home"),
            as_of=_date("INSIGHT_AS_OF"),
            show_pii=_switch("INSIGHT_SHOW_PII"),
            duckdb_memory_limit=_memory_limit("INSIGHT_DUCKDB_MEMORY_LIMIT", DEFAULT_DUCKDB_MEMORY_LIMIT),
            landing_settle_seconds=_seconds("INSIGHT_LANDING_SETTLE_SECONDS", DEFAULT_LANDING_SETTLE_SECONDS),
            stale_after_days=_days("INSIGHT_STALE_AFTER_DAYS", DEFAULT_STALE_AFTER_DAYS),
        )

    @property
    def restricted_path(self) -> Path:
        """The unmasked customer profile, published beside the serving copy only when show_pii allows it."""
        return self.serving_path.with_name(f"{self.serving_path.stem}_restricted.duckdb")

    def export(self) -> None:
        """Put the resolved paths and the telemetry switches into the environment of child processes.

        dbt runs as a subprocess and reads INSIGHT_WAREHOUSE_PATH; the Dagster webserver and Streamlit
        read the others.
        """
        for variable, value in TELEMETRY_OFF.items():
            os.environ.setdefault(variable, value)
        os.environ["INSIGHT_DATA_DIR"] = str(self.data_dir)
        os.environ["INSIGHT_LANDING_DIR"] = str(self.landing_dir)
        os.environ["INSIGHT_WAREHOUSE_PATH"] = str(self.warehouse_path)
        os.environ["INSIGHT_SERVING_PATH"] = str(self.serving_path)
        os.environ["DAGSTER_HOME"] = str(self.dagster_home)
        os.environ["INSIGHT_DUCKDB_MEMORY_LIMIT"] = self.duckdb_memory_limit

    def prepare_dirs(self) -> None:
        """Create the data folders and a Dagster instance configuration with telemetry off."""
        for folder in (self.data_dir, self.landing_dir, self.warehouse_path.parent, self.serving_path.parent):
            folder.mkdir(parents=True, exist_ok=True)
        self.dagster_home.mkdir(parents=True, exist_ok=True)
        instance_yaml = self.dagster_home / "dagster.yaml"
        if not instance_yaml.exists():
            instance_yaml.write_text(DAGSTER_INSTANCE_YAML)
