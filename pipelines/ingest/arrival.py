"""Which landing files are complete: a file still being copied in is never read.

Each source names its protocol (``EntitySpec.arrival``):

- ``settle``: a file is taken once its size and modification time have stayed the same for the settle
  interval. A file touched within the interval is watched until the interval has passed (one wait per
  entity, at most the interval); a file still changing then is left for the next run.
- ``rename``: the exporter writes ``<name>.part`` or ``<name>.tmp`` and renames it when done, so a file
  with the entity's extension is whole as soon as it is seen.
- ``marker``: a file is taken once ``<file>.done`` sits beside it, or a ``_SUCCESS`` file in its folder
  was written after it.

Names ending in .part or .tmp never carry the entity's extension, so no protocol reads them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from pipelines.sources.base import EntitySpec

FOLDER_MARKER = "_SUCCESS"
FILE_MARKER_SUFFIX = ".done"


@dataclass(frozen=True)
class Waiting:
    """A landing file left for a later run, and why."""

    path: Path
    reason: str


def signature(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def _has_marker(path: Path) -> bool:
    if path.with_name(path.name + FILE_MARKER_SUFFIX).exists():
        return True
    folder_marker = path.with_name(FOLDER_MARKER)
    return folder_marker.exists() and folder_marker.stat().st_mtime_ns >= path.stat().st_mtime_ns


def _settled(files: list[Path], settle_seconds: float) -> tuple[list[Path], list[Waiting]]:
    seen = {}
    for path in files:
        try:
            seen[path] = signature(path)
        except FileNotFoundError:  # moved away since the folder was listed
            continue
    files = list(seen)
    now = time.time()
    young = {path: sig for path, sig in seen.items() if now - sig[1] / 1e9 < settle_seconds}
    if young:
        newest = max(sig[1] for sig in young.values()) / 1e9
        time.sleep(min(settle_seconds, max(0.0, newest + settle_seconds - now)))
    ready, waiting = [], []
    for path in files:
        if path not in young:
            ready.append(path)
        elif path.exists() and signature(path) == young[path]:
            ready.append(path)
        else:
            waiting.append(Waiting(path, f"still being written: it changed within {settle_seconds:g} s"))
    return ready, waiting


def complete_files(spec: EntitySpec, landing_root: Path, settle_seconds: float) -> tuple[list[Path], list[Waiting]]:
    """The landing files of ``spec`` that are complete (in name order), and those left for a later run."""
    files = spec.landing_files(landing_root)
    if spec.arrival == "rename":
        return files, []
    if spec.arrival == "marker":
        ready = [path for path in files if _has_marker(path)]
        waiting = [Waiting(path, f"no completion marker ({path.name}{FILE_MARKER_SUFFIX} or {FOLDER_MARKER}) yet")
                   for path in files if path not in ready]
        return ready, waiting
    return _settled(files, settle_seconds)
