"""What a published build was made from, so a build with nothing new can skip the transformation.

The marts are a function of the loads in the warehouse, the code that transforms them (the dbt project
and the Python assets) and the settings that reach the marts (as_of, whether the unmasked profile is
published). Publish records a fingerprint of those inputs; a later build whose inputs have the same
fingerprint, with the serving copy still in place, has nothing to transform, so its dbt steps yield
nothing and Dagster skips everything downstream of them (model scores, exports, publish). Any new load,
any edit of a model, seed or asset, another as_of, or `--full-refresh` builds as usual.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from pipelines.settings import Settings

STATE_TABLE = "meta.build_state"
STATE_DDL = f"create table if not exists {STATE_TABLE} (inputs_fingerprint VARCHAR, published_at TIMESTAMPTZ)"

_REPO_ROOT = Path(__file__).resolve().parents[1]
# The code whose output the marts are: the dbt project (models, macros, seeds, tests, vars) and the
# Python package that scores texts, fits models and publishes.
_CODE_ROOTS = (_REPO_ROOT / "dbt_project", _REPO_ROOT / "pipelines")
_CODE_SUFFIXES = {".sql", ".yml", ".yaml", ".csv", ".py", ".txt"}
_NOT_CODE = {"target", "logs", "dbt_packages", "__pycache__"}


def _code_files() -> list[Path]:
    return sorted(
        path
        for root in _CODE_ROOTS
        for path in root.rglob("*")
        if path.suffix in _CODE_SUFFIXES and path.is_file() and not _NOT_CODE.intersection(path.parts)
    )


def code_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in _code_files():
        digest.update(path.relative_to(_REPO_ROOT).as_posix().encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _loads_fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    if not con.execute(
        "select count(*) from duckdb_tables() where schema_name = 'meta' and table_name = 'load_log'"
    ).fetchone()[0]:
        return "no loads"
    count, xor = con.execute("select count(*), coalesce(bit_xor(hash(load_id)), 0) from meta.load_log").fetchone()
    return f"{count}:{xor}"


def inputs_fingerprint(con: duckdb.DuckDBPyConnection, settings: Settings) -> str:
    """The fingerprint of everything the marts and the serving copy are made from."""
    parts = [_loads_fingerprint(con), code_fingerprint(), f"as_of={settings.as_of}", f"show_pii={settings.show_pii}"]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def published_fingerprint(con: duckdb.DuckDBPyConnection) -> str | None:
    if not con.execute(
        "select count(*) from duckdb_tables() where schema_name = 'meta' and table_name = 'build_state'"
    ).fetchone()[0]:
        return None
    row = con.execute(f"select inputs_fingerprint from {STATE_TABLE}").fetchone()
    return row[0] if row else None


def record_published(con: duckdb.DuckDBPyConnection, fingerprint: str) -> None:
    con.execute(STATE_DDL)
    con.execute(f"delete from {STATE_TABLE}")
    con.execute(f"insert into {STATE_TABLE} values (?, now())", [fingerprint])


def nothing_to_build(con: duckdb.DuckDBPyConnection, settings: Settings) -> bool:
    """True when the serving copy was published from exactly the inputs the warehouse holds now."""
    return settings.serving_path.exists() and published_fingerprint(con) == inputs_fingerprint(con, settings)
