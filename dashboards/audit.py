"""The audit trail: who signed in, opened which customer card, downloaded or unmasked which list, and why.

Append-only JSON lines, one file per UTC day (``<INSIGHT_AUDIT_DIR>/audit-YYYY-MM-DD.jsonl``, folder 0700,
files 0600), outside the serving copy so that a publish never touches it. Each event holds the user, their
role, the time, the action, counts and customer ids, never a personal value (no name, phone or e-mail).
Each line carries the SHA-256 of the line before it in its file, so an edited or deleted line shows up as
a broken chain (``verify``). Retention (``INSIGHT_AUDIT_RETENTION_DAYS``, default three years) removes
whole day files once they are older; nothing else ever rewrites the trail.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from dashboards.access import AccessSettings, User

FILE_PREFIX = "audit-"
FIRST_LINK = "0" * 64


class Action(StrEnum):
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_OUT = "sign_out"
    CUSTOMER_CARD = "customer_card"
    LIST_DOWNLOAD = "list_download"
    REPORT_DOWNLOAD = "report_download"
    UNMASK = "unmask"
    UNMASK_REFUSED = "unmask_refused"
    USER_ADDED = "user_added"
    USER_REMOVED = "user_removed"


@dataclass(frozen=True)
class Event:
    action: Action
    user: str
    role: str
    customers: int = 0
    customer_ids: tuple[str, ...] = ()
    detail: str = ""
    purpose: str = ""


def _day_file(folder: Path, day: date) -> Path:
    return folder / f"{FILE_PREFIX}{day.isoformat()}.jsonl"


def _file_day(path: Path) -> date | None:
    try:
        return date.fromisoformat(path.stem.removeprefix(FILE_PREFIX))
    except ValueError:
        return None


def _line_hash(line: bytes) -> str:
    return hashlib.sha256(line.rstrip(b"\n")).hexdigest()


def _last_line(handle) -> bytes | None:
    handle.seek(0)
    last = None
    for line in handle:
        last = line
    return last


def record(event: Event, settings: AccessSettings | None = None, now: datetime | None = None) -> None:
    """Append ``event`` to today's file (locked against other writers), then apply the retention."""
    settings = settings or AccessSettings.from_env()
    now = now or datetime.now(UTC)
    folder = settings.audit_dir
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = _day_file(folder, now.date())
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "rb+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        previous = _last_line(handle)
        entry = {
            "at": now.isoformat(timespec="milliseconds"),
            "action": str(event.action),
            "user": event.user,
            "role": event.role,
            "customers": event.customers,
            "customer_ids": list(event.customer_ids),
            "detail": event.detail,
            "purpose": event.purpose,
            "previous": _line_hash(previous) if previous else FIRST_LINK,
        }
        handle.write((json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())
    prune(settings, now.date())


def record_for(user: User, action: Action, **values: object) -> None:
    """``record`` an event of ``user``."""
    record(Event(action=action, user=user.name, role=str(user.role), **values))


def prune(settings: AccessSettings, today: date) -> list[Path]:
    """Remove the day files older than the retention; returns them."""
    oldest_kept = today - timedelta(days=settings.audit_retention_days)
    removed = []
    for path in settings.audit_dir.glob(f"{FILE_PREFIX}*.jsonl"):
        day = _file_day(path)
        if day is not None and day < oldest_kept:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _files(settings: AccessSettings) -> list[Path]:
    return sorted(path for path in settings.audit_dir.glob(f"{FILE_PREFIX}*.jsonl") if _file_day(path))


def events(settings: AccessSettings | None = None, since: date | None = None) -> list[dict]:
    """Every event from ``since`` (UTC day) on, oldest first."""
    settings = settings or AccessSettings.from_env()
    found = []
    for path in _files(settings):
        if since is not None and _file_day(path) < since:
            continue
        with path.open(encoding="utf-8") as lines:
            found.extend(json.loads(line) for line in lines if line.strip())
    return found


def broken_files(settings: AccessSettings | None = None) -> list[str]:
    """The day files whose chain of line hashes is broken (a line edited, removed or inserted)."""
    settings = settings or AccessSettings.from_env()
    return [path.name for path in _files(settings) if not _chain_holds(path.read_bytes().splitlines(keepends=True))]


def _chain_holds(lines: Iterable[bytes]) -> bool:
    expected = FIRST_LINK
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            return False
        if entry.get("previous") != expected:
            return False
        expected = _line_hash(line)
    return True
