"""The `insight` command as a user meets it: a bad argument or an unusable setting gives one line on stderr
and a non-zero exit, never a traceback; --help shows the defaults and the environment variables."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipelines.settings import ENVIRONMENT, Settings

WORKTREE = Path(__file__).resolve().parents[2]


def insight(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipelines.cli", *args], env=env, cwd=WORKTREE,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    """The environment of a fresh data folder: no variable inherited from another test or the shell."""
    inherited = {name: value for name, value in os.environ.items() if name not in {name for name, _, _ in ENVIRONMENT}}
    return {**inherited, "INSIGHT_DATA_DIR": str(tmp_path / "data")}


def assert_one_line_error(result: subprocess.CompletedProcess, *words: str) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0]
    return lines[0]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["generate", "--scale", "0"], ["--scale", "above 0"]),
        (["generate", "--scale", "-2"], ["--scale", "above 0"]),
        (["generate", "--scale", "lots"], ["--scale", "not a number"]),
        (["generate", "--damage-rate", "2"], ["--damage-rate", "between 0 and 1"]),
        (["generate", "--damage-rate", "-0.1"], ["--damage-rate", "between 0 and 1"]),
        (["generate", "--unlinked-share", "2"], ["--unlinked-share", "between 0 and 1"]),
        (["demo", "--scale", "0", "--no-serve"], ["--scale"]),
        (["bench", "--scale", "1", "0"], ["--scale"]),
        (["serve", "--dagster-port", "70000"], ["--dagster-port", "not a port"]),
        (["report", "--month", "2026-13"], ["--month", "not a month"]),
        (["report"], ["--month"]),
        (["no-such-command"], ["invalid choice"]),
    ],
)
def test_a_bad_argument_is_one_line(env, args: list[str], words: list[str]) -> None:
    assert_one_line_error(insight(*args, env=env), *words)


def test_an_unusable_data_folder_is_one_line(env, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "a_file"
    not_a_folder.write_text("")
    env["INSIGHT_DATA_DIR"] = str(not_a_folder / "data")

    line = assert_one_line_error(insight("generate", "--scale", "0.01", env=env), "INSIGHT_DATA_DIR")

    assert str(not_a_folder) in line


@pytest.mark.parametrize(
    ("variable", "value", "words"),
    [
        ("INSIGHT_LANDING_SETTLE_SECONDS", "soon", ["not a number of seconds"]),
        ("INSIGHT_STALE_AFTER_DAYS", "a week", ["whole number of days"]),
        # before these were checked, a build ran for a minute and then failed with dbt's or DuckDB's trace
        ("INSIGHT_AS_OF", "2026-02-30", ["not a date", "YYYY-MM-DD"]),
        ("INSIGHT_AS_OF", "31.10.2026", ["not a date"]),
        ("INSIGHT_DUCKDB_MEMORY_LIMIT", "lots", ["not an amount of memory"]),
        ("INSIGHT_DUCKDB_MEMORY_LIMIT", "5", ["not an amount of memory"]),
        # before, any other word silently meant off
        ("INSIGHT_SHOW_PII", "maybe", ["neither on", "nor off"]),
    ],
)
def test_an_unusable_setting_is_one_line(env, variable: str, value: str, words: list[str]) -> None:
    env[variable] = value

    assert_one_line_error(insight("generate", "--scale", "0.01", env=env), variable, repr(value), *words)


@pytest.mark.parametrize(
    ("variable", "value", "field", "expected"),
    [
        ("INSIGHT_AS_OF", "2026-10-31", "as_of", "2026-10-31"),
        ("INSIGHT_DUCKDB_MEMORY_LIMIT", "512MB", "duckdb_memory_limit", "512MB"),
        ("INSIGHT_DUCKDB_MEMORY_LIMIT", "80%", "duckdb_memory_limit", "80%"),
        ("INSIGHT_SHOW_PII", "on", "show_pii", True),
        ("INSIGHT_SHOW_PII", "0", "show_pii", False),
        ("INSIGHT_SHOW_PII", "", "show_pii", False),
    ],
)
def test_a_usable_setting_is_taken(monkeypatch, variable: str, value: str, field: str, expected: object) -> None:
    monkeypatch.setenv(variable, value)

    assert getattr(Settings.from_env(), field) == expected


def test_a_busy_port_stops_serve_before_it_starts_anything(env) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]

        line = assert_one_line_error(insight("serve", "--dashboard-port", str(port), env=env), "--dashboard-port")

    assert f"127.0.0.1:{port}" in line


def test_a_busy_port_stops_the_demo_before_it_builds(env) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]

        assert_one_line_error(insight("demo", "--scale", "0.01", "--dagster-port", str(port), env=env), str(port))

    assert not (Path(env["INSIGHT_DATA_DIR"]) / "landing").exists()  # nothing generated


def test_serve_refuses_one_port_for_both_servers(env) -> None:
    assert_one_line_error(insight("serve", "--dagster-port", "8600", "--dashboard-port", "8600", env=env), "8600")


def test_report_names_the_months_there_are(env, tmp_path: Path) -> None:
    serving = tmp_path / "serving.duckdb"
    with duckdb.connect(str(serving)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.kpi_monthly (month date, kpi varchar, value double)")
        for month in (date(2026, 1, 1), date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1)):
            con.execute("insert into marts.kpi_monthly values (?, 'revenue', 1.0)", [month])
    env["INSIGHT_SERVING_PATH"] = str(serving)

    line = assert_one_line_error(insight("report", "--month", "2026-11", env=env), "2026-11")

    assert line.endswith("2026-01, 2026-08 to 2026-10")


def test_report_without_a_serving_copy_is_one_line(env) -> None:
    assert_one_line_error(insight("report", "--month", "2026-10", env=env), "insight build")


def test_help_shows_defaults_and_the_environment_variables(env) -> None:
    top = insight("--help", env=env)
    generate = insight("generate", "--help", env=env)

    assert top.returncode == generate.returncode == 0
    for name, default, _ in ENVIRONMENT:
        assert name in top.stdout and name in generate.stdout
        assert f"(default: {default})" in " ".join(top.stdout.split())
    assert "(default: 0.01)" in generate.stdout  # --damage-rate
    assert "(default: 42)" in generate.stdout  # --seed
    report = insight("report", "--help", env=env)
    assert "(default: both)" in report.stdout  # --lang
    assert "(default: None)" not in report.stdout  # --month is required: no default to show
