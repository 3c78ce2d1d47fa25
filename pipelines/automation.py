"""Daily operation: a sensor that ingests new landing files, and a daily build of the marts.

Both start switched off (toggle them in the Dagster UI, Automation tab): a demo should not launch
runs on its own. The sensor only needs `dagster dev` (or a daemon) running.
"""

import hashlib
import json

import dagster as dg

from pipelines.jobs import build_everything, ingest_job
from pipelines.settings import Settings
from pipelines.sources import all_specs

SENSOR_INTERVAL_SECONDS = 60


def landing_snapshot() -> dict[str, list[int]]:
    """Every landing file with its size and modification time: what the sensor compares between ticks."""
    landing = Settings.from_env().landing_dir
    snapshot = {}
    for spec in all_specs():
        for path in spec.landing_files(landing):
            stat = path.stat()
            snapshot[path.relative_to(landing).as_posix()] = [stat.st_size, stat.st_mtime_ns]
    return snapshot


def new_or_changed(previous: dict[str, list[int]], current: dict[str, list[int]]) -> list[str]:
    return sorted(name for name, signature in current.items() if previous.get(name) != signature)


@dg.sensor(
    job=ingest_job,
    minimum_interval_seconds=SENSOR_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Launches the ingest when files appear (or change) in the landing folder. The ingest itself "
    "skips any file whose content was loaded before, so a touched file costs a hash, not a reload.",
)
def landing_files_sensor(context: dg.SensorEvaluationContext):
    previous = json.loads(context.cursor) if context.cursor else {}
    current = landing_snapshot()
    arrived = new_or_changed(previous, current)
    context.update_cursor(json.dumps(current))
    if not arrived:
        return dg.SkipReason("no new landing files")
    run_key = hashlib.sha256(json.dumps({name: current[name] for name in arrived}).encode()).hexdigest()[:16]
    return dg.RunRequest(run_key=run_key, tags={"landing_files": str(len(arrived))})


daily_build_schedule = dg.ScheduleDefinition(
    name="daily_build",
    job=build_everything,
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Shanghai",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Every night: ingest what landed, build the marts, publish the serving copy.",
)

SENSORS = [landing_files_sensor]
DAILY_SCHEDULES = [daily_build_schedule]
