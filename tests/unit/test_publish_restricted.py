"""The unmasked profile is published into its own owner-only file beside the serving copy, never into it,
and only while INSIGHT_SHOW_PII allows it."""

import stat
from pathlib import Path

import duckdb

from pipelines.assets.publish import publish_restricted_profile


def write_warehouse(path: Path) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute("create schema restricted")
        con.execute(
            "create table restricted.customer_profile_unmasked as "
            "select * from (values ('C1', '张三', '+8613812341234'), ('C2', 'Li Lei', '+8613956785678')) "
            "as profile(customer_id, customer_name, phone)"
        )
    return path


def test_the_restricted_profile_gets_its_own_owner_only_file(tmp_path: Path) -> None:
    warehouse = write_warehouse(tmp_path / "warehouse.duckdb")
    restricted = tmp_path / "serving_restricted.duckdb"

    rows = publish_restricted_profile(warehouse, restricted, show_pii=True)

    assert rows == 2
    assert stat.S_IMODE(restricted.stat().st_mode) == 0o600
    with duckdb.connect(str(restricted), read_only=True) as con:
        assert con.execute("select customer_name from restricted.customer_profile_unmasked order by 1").fetchall() == [
            ("Li Lei",),
            ("张三",),
        ]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["serving_restricted.duckdb", "warehouse.duckdb"]


def test_without_the_setting_no_restricted_file_is_left(tmp_path: Path) -> None:
    warehouse = write_warehouse(tmp_path / "warehouse.duckdb")
    restricted = tmp_path / "serving_restricted.duckdb"
    publish_restricted_profile(warehouse, restricted, show_pii=True)

    assert publish_restricted_profile(warehouse, restricted, show_pii=False) is None
    assert not restricted.exists()
