"""Who may see what: roles and their permissions, regional scope, and the local user file.

No Streamlit here: the `insight users` command and the dashboards share this module; the sign-in pages
live in dashboards/auth.py.

Roles build on each other:

| role | may |
|---|---|
| viewer | aggregates only: overview, segments, voice and service figures, data quality |
| analyst | + customer cards, customer-level rows and action lists (masked), their downloads |
| manager | + the monthly KPI report |
| privacy officer | + unmask one customer or one list at a time for a stated purpose; the audit trail |

A user may be limited to regions (the customers' region). The query layer applies that scope to every
query whose mart carries a region; figures without one (company KPIs, service, voice, cohorts, the
report, the audit trail) are withheld from a limited user rather than shown unscoped.

The user file (``INSIGHT_USERS_FILE``, default ``$INSIGHT_DATA_DIR/users.json``, mode 0600) holds each
user's role, regions and an Argon2id hash of their password (argon2-cffi: salted, memory-hard, the
OWASP recommendation). A user without a password hash signs in through the identity provider only.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pipelines.settings import Settings

MIN_PASSWORD_LENGTH = 10
NAME_PATTERN = re.compile(r"^[\w.@+-]{1,64}$")
USERS_FILE_VERSION = 1
# PIPL art. 56 asks for processing records to be kept at least three years.
DEFAULT_AUDIT_RETENTION_DAYS = 3 * 365

_HASHER = PasswordHasher()
# Verified against when the name is unknown, so that a wrong name costs as long as a wrong password.
_UNKNOWN_USER_HASH = _HASHER.hash("no such user")


class AccessError(ValueError):
    """A request the user file or a role does not allow; the message says why in one line."""


class Role(StrEnum):
    VIEWER = "viewer"
    ANALYST = "analyst"
    MANAGER = "manager"
    PRIVACY_OFFICER = "privacy_officer"


class Permission(StrEnum):
    AGGREGATES = "aggregates"
    CUSTOMERS = "customers"
    DOWNLOAD = "download"
    REPORT = "report"
    UNMASK = "unmask"
    AUDIT = "audit"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.VIEWER: frozenset({Permission.AGGREGATES}),
    Role.ANALYST: frozenset({Permission.AGGREGATES, Permission.CUSTOMERS, Permission.DOWNLOAD}),
    Role.MANAGER: frozenset({Permission.AGGREGATES, Permission.CUSTOMERS, Permission.DOWNLOAD, Permission.REPORT}),
    Role.PRIVACY_OFFICER: frozenset(Permission),
}

# Whole-company material a region-limited user never gets: the report reads kpi_monthly (no region) and
# the audit trail covers every region's customers.
COMPANY_WIDE_PERMISSIONS = frozenset({Permission.REPORT, Permission.AUDIT})


class SignIn(StrEnum):
    """How the user got in: the user file's password, the identity provider, or no user file at all."""

    PASSWORD = "password"
    IDENTITY_PROVIDER = "identity_provider"
    LOCAL_DEMO = "local_demo"


@dataclass(frozen=True)
class User:
    name: str
    role: Role
    regions: tuple[str, ...] = ()
    sign_in: SignIn = SignIn.PASSWORD

    @property
    def scoped(self) -> bool:
        """Whether the user is limited to some regions."""
        return bool(self.regions)

    @property
    def scope_regions(self) -> list[str] | None:
        """The regions as the query layer binds them: None = every region."""
        return list(self.regions) if self.regions else None

    def allows(self, permission: Permission) -> bool:
        if permission not in ROLE_PERMISSIONS[self.role]:
            return False
        return not (self.scoped and permission in COMPANY_WIDE_PERMISSIONS)


# With no user file the demo opens for whoever runs it on this machine, as a manager: everything the
# dashboards showed before sign-in existed, but no unmasking, which needs a named, accountable person.
LOCAL_DEMO_USER = User(name="local", role=Role.MANAGER, sign_in=SignIn.LOCAL_DEMO)


@dataclass(frozen=True)
class AccessSettings:
    users_path: Path
    audit_dir: Path
    audit_retention_days: int

    @classmethod
    def from_env(cls) -> AccessSettings:
        data_dir = Settings.from_env().data_dir
        users = os.environ.get("INSIGHT_USERS_FILE")
        audit = os.environ.get("INSIGHT_AUDIT_DIR")
        retention = os.environ.get("INSIGHT_AUDIT_RETENTION_DAYS") or str(DEFAULT_AUDIT_RETENTION_DAYS)
        if not retention.isdigit() or int(retention) < 1:
            raise AccessError(f"INSIGHT_AUDIT_RETENTION_DAYS must be a whole number of days (1 or more), not {retention!r}")
        return cls(
            users_path=Path(users).expanduser().resolve() if users else data_dir / "users.json",
            audit_dir=Path(audit).expanduser().resolve() if audit else data_dir / "audit",
            audit_retention_days=int(retention),
        )


@dataclass
class UserFile:
    """The local user file: name -> role, regions, password hash."""

    path: Path
    entries: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> UserFile | None:
        """The file at ``path``; None when there is none (the dashboards then open for the local user)."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        try:
            document = json.loads(text)
            entries = document["users"]
            if document.get("version") != USERS_FILE_VERSION or not isinstance(entries, dict):
                raise ValueError
        except (ValueError, KeyError, TypeError):
            raise AccessError(f"{path} is not a user file of this version; recreate it with `insight users add`") from None
        return cls(path, entries)

    def save(self) -> None:
        """Written to a temporary file (mode 0600) and renamed over the old one."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"version": USERS_FILE_VERSION, "users": self.entries}, out, ensure_ascii=False, indent=2)
        os.chmod(temporary, 0o600)
        os.replace(temporary, self.path)

    def user(self, name: str, sign_in: SignIn = SignIn.PASSWORD) -> User | None:
        entry = self.entries.get(name)
        if entry is None:
            return None
        return User(name=name, role=Role(entry["role"]), regions=tuple(entry.get("regions", ())), sign_in=sign_in)

    def users(self) -> list[User]:
        return [self.user(name) for name in sorted(self.entries)]

    def has_password(self, name: str) -> bool:
        return bool(self.entries.get(name, {}).get("password_hash"))

    def add(self, name: str, role: Role, regions: tuple[str, ...], password: str | None) -> User:
        """Add or replace ``name``; without a password the user signs in through the identity provider only."""
        if not NAME_PATTERN.match(name):
            raise AccessError(f"user name {name!r}: use 1-64 letters, digits or . @ + - _")
        if any(not region.strip() for region in regions):
            raise AccessError("a region cannot be empty")
        if password is not None and len(password) < MIN_PASSWORD_LENGTH:
            raise AccessError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
        self.entries[name] = {
            "role": str(role),
            "regions": sorted(set(regions)),
            "password_hash": _HASHER.hash(password) if password is not None else None,
            "changed_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        return self.user(name)

    def remove(self, name: str) -> None:
        if self.entries.pop(name, None) is None:
            raise AccessError(f"no user {name!r} in {self.path}")

    def verify(self, name: str, password: str) -> User | None:
        """The user when ``password`` is theirs; None otherwise (unknown name, no password, wrong password)."""
        stored = self.entries.get(name, {}).get("password_hash")
        try:
            _HASHER.verify(stored or _UNKNOWN_USER_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        if not stored:
            return None
        if _HASHER.check_needs_rehash(stored):
            self.entries[name]["password_hash"] = _HASHER.hash(password)
            self.save()
        return self.user(name)
