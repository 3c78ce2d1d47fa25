"""Run a command as its own process and measure it: wall time, CPU time and peak resident memory."""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

SAMPLE_SECONDS = 0.2


def _peak_kib(pid: int) -> int:
    """The largest peak RSS (VmHWM) among ``pid`` and its descendants alive now; 0 when none can be read."""
    peak, pending = 0, [pid]
    while pending:
        current = pending.pop()
        proc = Path("/proc") / str(current)
        try:
            for line in (proc / "status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
            for task in (proc / "task").iterdir():
                pending.extend(int(child) for child in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue  # exited while being read
    return peak


class Measured(NamedTuple):
    seconds: float  # wall time
    peak_mib: float  # peak RSS of the largest process in the tree
    returncode: int
    cpu_seconds: float  # user + system time of the process and every descendant it waited for


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_measured(command: list[str], env: dict[str, str], cwd: Path | None = None) -> Measured:
    """Run ``command`` and measure it.

    The peak is sampled from /proc (VmHWM of the process and its descendants, such as dbt) while it runs.
    The kernel's rusage peak is not used: a forked child inherits its parent's peak, so a small stage
    started by a large benchmark process would report the benchmark's memory. CPU time does come from
    rusage (the children's time, before and after): unlike wall time it hardly depends on what else the
    machine is doing.
    """
    cpu_before = _children_cpu_seconds()
    started = time.perf_counter()
    # stderr to a file, not a pipe: a chatty process would fill the pipe and stall while nobody reads it
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        peak = 0
        while process.poll() is None:
            peak = max(peak, _peak_kib(process.pid))
            time.sleep(SAMPLE_SECONDS)
        if process.returncode != 0:
            errors.seek(0)
            sys.stderr.write(errors.read().decode(errors="replace")[-4000:])
    return Measured(time.perf_counter() - started, peak / 1024, process.returncode, _children_cpu_seconds() - cpu_before)
