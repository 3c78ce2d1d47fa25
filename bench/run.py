"""`insight bench`: wall time and peak memory of every stage of a full build, per scale factor.

Each stage runs as its own process; its peak resident memory is the largest peak (VmHWM) among that
process and its children (dbt runs as one), sampled from /proc while it runs (bench/measure.py). After the
build, the comparator (bench/comparator.py) times the main marts as bare SQL and RFM in pandas on the
same raw tables, checks their results against the marts, and reports the ratios pipeline / bare SQL
and pandas / pipeline. Last, every dashboard page query is timed on the published serving copy
(bench/dashboard_queries.py: p50 / p95 per query). Then the daily path: a day-N+1 drop is generated on
top of the landing folder and built incrementally, stage by stage, and its total is set against the
full build's. The drop's files are removed afterwards and the manifest restored, so the landing folder
can be reused by the next run as it was.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from bench.comparator import compare_with_pipeline
from bench.dashboard_queries import run_dashboard_benchmark
from bench.measure import run_measured
from pipelines.generate.writers import DAY_DROP_GLOB
from pipelines.warehouse import marts_path_for

RESULTS_DIR = Path(__file__).resolve().parent / "results"
STAGES = ("generate", "ingest", "dbt", "publish")
BUILD_STAGES = ("ingest", "dbt", "publish")
PACKAGES = ("dagster", "dagster-dbt", "dbt-core", "dbt-duckdb", "duckdb", "polars", "streamlit")


def _stage_command(stage: str, scale: float, seed: int) -> list[str]:
    cli = [sys.executable, "-m", "pipelines.cli"]
    if stage == "generate":
        return [*cli, "generate", "--scale", str(scale), "--seed", str(seed), "--overwrite"]
    if stage == "day-drop":
        return [*cli, "generate", "--day-drop"]
    if stage == "build":
        return [*cli, "build"]
    return [*cli, "build", "--stage", stage]


def _measured_stage(stage: str, scale: float, seed: int, env: dict[str, str]) -> dict:
    seconds, peak, code, cpu = run_measured(_stage_command(stage, scale, seed), env)
    if code != 0:
        raise SystemExit(f"bench: stage {stage} failed at scale {scale} (exit {code})")
    return {"stage": stage, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "peak_rss_mib": round(peak, 1)}


def _build_cpu_seconds(stages: list[dict]) -> float:
    return sum(stage["cpu_seconds"] for stage in stages if stage["stage"] in BUILD_STAGES and stage["seconds"] is not None)


def _nothing_new_run(scale: float, seed: int, env: dict[str, str], full_stages: list[dict]) -> dict:
    """`insight build` again on the same landing files: what a build with nothing new costs."""
    stage = _measured_stage("build", scale, seed, env)
    full_cpu = _build_cpu_seconds(full_stages)
    return {**stage, "full_build_cpu_seconds": round(full_cpu, 2),
            "cpu_over_full": round(stage["cpu_seconds"] / full_cpu, 3) if full_cpu else None}


def _daily_run(data_dir: Path, scale: float, seed: int, env: dict[str, str], full_stages: list[dict]) -> dict:
    """A day drop on top of the built warehouse, built incrementally; the landing folder restored after."""
    landing = data_dir / "landing"
    manifest = landing / "_manifest.json"
    saved = manifest.read_bytes()
    stages: list[dict] = []
    try:
        for stage in ("day-drop", *STAGES[1:]):
            stages.append(_measured_stage(stage, scale, seed, env))
        drop = json.loads(manifest.read_text())["day_drops"][-1]
    except SystemExit as failure:  # keep the full build's results; the failure is part of the report
        return {"stages": stages, "error": str(failure)}
    finally:
        for path in landing.glob(f"**/{DAY_DROP_GLOB}"):
            path.unlink()
        manifest.write_bytes(saved)
    build_seconds = sum(stage["seconds"] for stage in stages if stage["stage"] in BUILD_STAGES)
    full_seconds = sum(stage["seconds"] or 0 for stage in full_stages if stage["stage"] in BUILD_STAGES)
    build_cpu, full_cpu = _build_cpu_seconds(stages), _build_cpu_seconds(full_stages)
    return {"stages": stages, "drop": drop, "build_seconds": round(build_seconds, 2),
            "full_build_seconds": round(full_seconds, 2), "daily_over_full": round(build_seconds / full_seconds, 3),
            "build_cpu_seconds": round(build_cpu, 2), "full_build_cpu_seconds": round(full_cpu, 2),
            "daily_over_full_cpu": round(build_cpu / full_cpu, 3) if full_cpu else None}


def _bench_scale(scale: float, seed: int, work_root: Path, daily: bool) -> dict:
    data_dir = work_root / f"sf{scale:g}"
    manifest = data_dir / "landing" / "_manifest.json"
    reuse = manifest.exists() and json.loads(manifest.read_text())["params"].get("scale") == scale
    warehouse = data_dir / "warehouse.duckdb"
    for path in (warehouse, marts_path_for(warehouse), data_dir / "serving.duckdb"):  # a full build from scratch
        path.unlink(missing_ok=True)
    shutil.rmtree(data_dir / "dagster_home", ignore_errors=True)
    env = {**os.environ, "INSIGHT_DATA_DIR": str(data_dir)}
    for variable in ("INSIGHT_LANDING_DIR", "INSIGHT_WAREHOUSE_PATH", "INSIGHT_SERVING_PATH", "DAGSTER_HOME"):
        env.pop(variable, None)
    stages = []
    for stage in STAGES:
        if stage == "generate" and reuse:
            stages.append({"stage": stage, "seconds": None, "peak_rss_mib": None, "note": "reused"})
            continue
        stages.append(_measured_stage(stage, scale, seed, env))
    counts = json.loads(manifest.read_text())["tables"]
    dbt_seconds = next(stage["seconds"] for stage in stages if stage["stage"] == "dbt")
    result = {"scale": scale, "seed": seed, "stages": stages,
              "landing_rows": {t: c["rows"] for t, c in counts.items()},
              "comparator": compare_with_pipeline(data_dir / "warehouse.duckdb", data_dir, dbt_seconds),
              "dashboard_queries": run_dashboard_benchmark(data_dir / "serving.duckdb"),
              "nothing_new": _nothing_new_run(scale, seed, env, stages)}
    if daily:
        result["daily"] = _daily_run(data_dir, scale, seed, env, stages)
    return result


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=RESULTS_DIR.parent.parent,
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _machine() -> dict:
    return {
        "commit": _commit(),
        "load_average": [round(load, 2) for load in os.getloadavg()],
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "versions": {name: version(name) for name in PACKAGES},
    }


def format_table(results: list[dict]) -> str:
    lines = [f"{'scale':>6} {'stage':<12}{'seconds':>10}{'CPU s':>10}{'peak MiB':>10}"]
    for result in results:
        rows = [*result["stages"], {**result["nothing_new"], "stage": "nothing new"}] if "nothing_new" in result \
            else result["stages"]
        for stage in rows:
            seconds = "reused" if stage["seconds"] is None else f"{stage['seconds']:.1f}"
            cpu = "" if stage.get("cpu_seconds") is None or stage["seconds"] is None else f"{stage['cpu_seconds']:.1f}"
            peak = "" if stage["peak_rss_mib"] is None else f"{stage['peak_rss_mib']:.0f}"
            lines.append(f"{result['scale']:>6g} {stage['stage']:<12}{seconds:>10}{cpu:>10}{peak:>10}")
        if "nothing_new" in result and result["nothing_new"]["cpu_over_full"] is not None:
            lines.append(f"{'':>6} a build with nothing new: {100 * result['nothing_new']['cpu_over_full']:.1f} % of the "
                         f"full build's CPU seconds ({result['nothing_new']['full_build_cpu_seconds']:.1f})")
    return "\n".join(lines)


def format_comparison(results: list[dict]) -> str:
    lines = []
    for result in results:
        comparator = result["comparator"]
        bare, pandas, checks = comparator["bare_sql"], comparator["pandas_rfm"], comparator["checks"]
        dbt = next(stage["seconds"] for stage in result["stages"] if stage["stage"] == "dbt")
        rfm = checks["customer_rfm"]
        lines += [
            f"scale {result['scale']:g}: pipeline (dbt stage) {dbt:.1f} s / bare SQL {bare['seconds']:.1f} s "
            f"({bare['peak_rss_mib']:.0f} MiB) = {comparator['pipeline_over_bare_sql']:.1f}x; "
            f"pandas RFM {pandas['seconds']:.1f} s ({pandas['peak_rss_mib']:.0f} MiB) / pipeline = "
            f"{comparator['pandas_rfm_over_pipeline']:.3f}",
            f"  checks: fct_orders {checks['fct_orders']['rows_differing']} rows differ; RFM values differ for "
            f"{rfm['rfm_values_differing']} of {rfm['unmerged_customers']} unmerged customers (pandas "
            f"{checks['pandas_rfm']['rfm_values_differing']}; pandas vs bare {checks['pandas_rfm_vs_bare']['rows_differing']} "
            f"rows); kpi_monthly {checks['kpi_monthly']['values_differing']} of {checks['kpi_monthly']['values_compared']} "
            f"values differ",
        ]
    return "\n".join(lines)


def format_dashboard_latency(results: list[dict]) -> str:
    """The slowest page query's p50 and p95 per page and scale (every query is in the JSON)."""
    lines = [f"{'scale':>6} {'page':<10}{'queries':>8}{'worst p50 ms':>14}{'worst p95 ms':>14}"]
    for result in results:
        by_page: dict[str, list[dict]] = {}
        for row in result["dashboard_queries"]["results"]:
            by_page.setdefault(row["page"], []).append(row)
        for page, rows in by_page.items():
            lines.append(
                f"{result['scale']:>6g} {page:<10}{len(rows):>8}{max(r['p50_ms'] for r in rows):>14.1f}"
                f"{max(r['p95_ms'] for r in rows):>14.1f}"
            )
    return "\n".join(lines)


def format_daily(results: list[dict]) -> str:
    lines = []
    for result in results:
        if "daily" not in result:
            continue
        daily = result["daily"]
        if "error" in daily:
            lines.append(f"scale {result['scale']:g} daily: failed ({daily['error']})")
            continue
        per_stage = ", ".join(f"{s['stage']} {s['seconds']:.1f} s ({s['peak_rss_mib']:.0f} MiB)" for s in daily["stages"])
        lines.append(f"scale {result['scale']:g} daily: {per_stage}; build {daily['build_seconds']:.1f} s = "
                     f"{100 * daily['daily_over_full']:.1f} % of the full build ({daily['full_build_seconds']:.1f} s); "
                     f"CPU {daily['build_cpu_seconds']:.1f} s = {100 * daily['daily_over_full_cpu']:.1f} % of "
                     f"{daily['full_build_cpu_seconds']:.1f}")
    return "\n".join(lines)


def run_benchmark(scales: list[float], seed: int = 42, daily: bool = True) -> int:
    from pipelines.settings import Settings

    work_root = Settings.from_env().data_dir / "bench"
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    name = "-".join(f"sf{s:g}" for s in scales)
    out = RESULTS_DIR / f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{name}.json"
    results = []
    for scale in scales:  # the file is rewritten after each scale, so a later failure loses nothing
        results.append(_bench_scale(scale, seed, work_root, daily))
        report = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "machine": _machine(), "results": results}
        out.write_text(json.dumps(report, indent=2) + "\n")
    print(format_table(results))
    print(format_comparison(results))
    print(format_dashboard_latency(results))
    print(format_daily(results))
    print(f"Results written to {out}")
    return 0
