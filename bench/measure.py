"""Run a command as its own process and measure it: wall time and peak resident memory."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path


def run_measured(command: list[str], env: dict[str, str], cwd: Path | None = None) -> tuple[float, float, int]:
    """Run ``command``; return (wall seconds, peak RSS in MiB of the process tree, exit code).

    The peak comes from the kernel's accounting of the process and the children it waited for (wait4's
    rusage), so a tool that runs as a child process (dbt) is included.
    """
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0 and process.stderr is not None:
        sys.stderr.write(process.stderr.read().decode(errors="replace")[-4000:])
    return time.perf_counter() - started, usage.ru_maxrss / 1024, process.returncode
