"""`insight build --full-refresh` reaches dbt as `dbt build --full-refresh` through the dbt step's run config."""

from __future__ import annotations

from dataclasses import replace

import dagster as dg
import pytest

from pipelines import cli
from pipelines.assets.dbt import DbtBuildConfig, dbt_build_args
from pipelines.settings import Settings


def _settings(as_of: str | None = None) -> Settings:
    return replace(Settings.from_env(), as_of=as_of)


def test_the_dbt_step_adds_full_refresh_only_when_configured():
    excludes = ["--exclude-resource-type", "unit_test"]  # unit tests run with the test suite
    assert dbt_build_args(_settings(), DbtBuildConfig()) == ["build", *excludes]
    assert dbt_build_args(_settings(), DbtBuildConfig(full_refresh=True)) == ["build", *excludes, "--full-refresh"]
    assert dbt_build_args(_settings("2026-10-31"), DbtBuildConfig(full_refresh=True)) == [
        "build", *excludes, "--vars", '{"as_of": "2026-10-31"}', "--full-refresh"
    ]


@pytest.mark.parametrize("job_name", ["build_everything", "transform"])
@pytest.mark.parametrize("full_refresh", [False, True])
def test_the_build_run_config_fits_the_jobs_with_a_dbt_step(job_name, full_refresh):
    from pipelines.definitions import defs

    job = defs.resolve_job_def(job_name)
    config = dg.validate_run_config(job, cli.build_run_config(job, full_refresh))
    # the job runs the dbt op in several steps (between the Python assets): each one gets the flag
    dbt_steps = {name: op["config"] for name, op in config["ops"].items() if name.startswith("dbt_models")}
    assert len(dbt_steps) >= 2
    assert all(step == {"full_refresh": full_refresh} for step in dbt_steps.values())


def test_insight_build_passes_full_refresh_to_the_build(data_dir, monkeypatch):
    calls = []
    monkeypatch.setattr(cli, "run_build", lambda stage, full_refresh=False, refit_models=False: calls.append((stage, full_refresh)))
    args = cli.build_parser().parse_args(["build", "--stage", "dbt", "--full-refresh"])
    assert args.handler(args) == 1  # the stub reports a failed build; only the call matters
    args = cli.build_parser().parse_args(["build", "--stage", "dbt"])
    args.handler(args)
    assert calls == [("dbt", True), ("dbt", False)]


def test_full_refresh_needs_a_stage_that_runs_dbt(data_dir, capsys):
    args = cli.build_parser().parse_args(["build", "--stage", "ingest", "--full-refresh"])
    assert args.handler(args) == 2
    assert "--full-refresh" in capsys.readouterr().err


def test_insight_demo_generates_when_empty_then_builds_everything_without_full_refresh(data_dir, monkeypatch):
    calls = []

    def generate(args):
        calls.append(("generate", args.scale))
        folder = data_dir / "landing" / "crm" / "customers"
        folder.mkdir(parents=True)
        (folder / "customers_part0001.csv").write_text("customer_id\n")
        return 0

    monkeypatch.setattr(cli, "cmd_generate", generate)
    monkeypatch.setattr(cli, "run_build", lambda stage, full_refresh=False, refit_models=False: calls.append((stage, full_refresh)))
    args = cli.build_parser().parse_args(["demo", "--no-serve"])
    assert args.handler(args) == 1  # the stub reports a failed build; only the calls matter
    assert calls == [("generate", 1.0), ("all", False)]
