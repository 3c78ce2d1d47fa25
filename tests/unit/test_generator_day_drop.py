"""Daily drops on top of a generated landing folder: new files only, deterministic, with corrections and late rows
that the loader and staging's latest-load-per-key turn into the corrected warehouse."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.generate import generate
from pipelines.generate.core import SPECS
from pipelines.generate.day_drop import MIN_ROWS, generate_day_drop
from pipelines.ingest.loader import load_entity
from pipelines.sources import spec_for

SCALE = 0.02  # 200 customers, about 4,000 orders
SEED = 23
END = date(2026, 10, 31)
DBT_PROJECT_DIR = Path(__file__).resolve().parents[2] / "dbt_project"
# The column that dates a record of each table with a date of its own.
DATED_BY = {
    "crm__customers": "signup_at",
    "orders__orders": "ordered_at",
    "interactions__interactions": "opened_at",
    "social__mentions": "posted_at",
    "surveys__responses": "sent_at",
}


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def rows(path: Path, table: str) -> pl.DataFrame:
    """A landing file's rows as text (JSON values as their text)."""
    spec = spec_for(table)
    if spec.file_format == "csv":
        return pl.read_csv(path, infer_schema=False)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return pl.DataFrame([{k: None if v is None else str(v) for k, v in r.items()} for r in records],
                        schema={name: pl.Utf8 for name in spec.field_names})


def local_day(text: pl.Series) -> pl.Series:
    """The Shanghai calendar day of local ('2026-11-01 08:00:00') or ISO timestamps with an offset."""
    if text.str.contains(r"(Z|[+-]\d\d:\d\d)$").all():
        return text.str.to_datetime(time_zone="UTC").dt.convert_time_zone("Asia/Shanghai").dt.date()
    return text.str.to_datetime("%Y-%m-%d %H:%M:%S").dt.date()


@pytest.fixture(scope="module")
def dropped(tmp_path_factory):
    """A scale-0.02 landing folder without damage (so every count is exact), before and after its first drop."""
    root = tmp_path_factory.mktemp("landing")
    generate(root, scale=SCALE, seed=SEED, damage_rate=0.0, progress=False)
    before = files_of(root)
    manifest_before = json.loads((root / "_manifest.json").read_text(encoding="utf-8"))
    entry = generate_day_drop(root)
    manifest = json.loads((root / "_manifest.json").read_text(encoding="utf-8"))
    return root, before, manifest_before, manifest, entry


def base_and_drop(root: Path, entry: dict, table: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    spec = spec_for(table)
    drop_path = root / entry["tables"][table]["files"][0]["path"]
    base = pl.concat([rows(p, table) for p in spec.landing_files(root) if p != drop_path])
    return base, rows(drop_path, table)


def test_a_drop_adds_new_files_the_loader_reads_last_and_changes_no_existing_file(dropped):
    root, before, _, manifest, entry = dropped
    after = files_of(root)
    assert {name: after[name] for name in before if name != "_manifest.json"} == {
        name: content for name, content in before.items() if name != "_manifest.json"}
    added = set(after) - set(before)
    assert added == {f["path"] for info in entry["tables"].values() for f in info["files"]}
    for spec in SPECS:
        newest = spec.landing_files(root)[-1]
        assert newest.name == f"{spec.entity}_day0001.{spec.file_format}"
        assert [f["path"] for f in manifest["tables"][spec.table]["files"]] == [
            p.relative_to(root).as_posix() for p in spec.landing_files(root)]


def test_the_manifest_adds_the_drop_to_its_totals(dropped):
    root, _, manifest_before, manifest, entry = dropped
    assert manifest["day_drops"] == [entry]
    assert entry["day"] == 1 and entry["date"] == "2026-11-01"
    assert manifest["params"] == manifest_before["params"]
    for spec in SPECS:
        info = entry["tables"][spec.table]
        lines = (root / info["files"][0]["path"]).read_text(encoding="utf-8").splitlines()
        assert info["rows"] == len(lines) - (spec.file_format == "csv") == info["new"] + info["corrections"]
        assert info["new"] >= MIN_ROWS
        assert manifest["tables"][spec.table]["rows"] == manifest_before["tables"][spec.table]["rows"] + info["rows"]
    ids = manifest["next_ids"]
    assert ids["person"] == manifest_before["next_ids"]["person"] + entry["people"]["count"]
    assert ids["order"] == manifest_before["next_ids"]["order"] + entry["tables"]["orders__orders"]["new"]


def test_new_customers_and_orders_get_keys_nobody_had(dropped):
    root, _, _, _, entry = dropped
    base, drop = base_and_drop(root, entry, "crm__customers")
    new_customers = drop.filter(~pl.col("customer_id").is_in(base["customer_id"].implode()))
    assert new_customers.height == entry["tables"]["crm__customers"]["new"] == entry["people"]["count"]
    assert new_customers["customer_id"].n_unique() == new_customers.height
    base_orders, drop_orders = base_and_drop(root, entry, "orders__orders")
    new_orders = drop_orders.filter(~pl.col("order_id").is_in(base_orders["order_id"].implode()))
    assert new_orders.height == entry["tables"]["orders__orders"]["new"]
    buyers = set(new_orders["customer_id"])
    assert buyers & set(base["customer_id"])  # returning customers buy too
    assert buyers <= set(base["customer_id"]) | set(new_customers["customer_id"])


def test_corrected_orders_are_existing_paid_orders_re_sent_with_a_refund(dropped):
    root, _, manifest_before, manifest, entry = dropped
    base, drop = base_and_drop(root, entry, "orders__orders")
    corrected = drop.join(base, on="order_id", suffix="_before")
    assert corrected.height == entry["tables"]["orders__orders"]["corrections"] >= MIN_ROWS
    assert (corrected["status_before"] == "paid").all() and corrected["refund_amount_before"].is_null().all()
    assert corrected["refund_amount"].is_not_null().all()
    full = corrected.filter(pl.col("status") == "refunded")
    assert (full["refund_amount"] == full["amount"]).all()
    for column in ("customer_id", "ordered_at", "amount", "currency", "payment_method", "channel"):
        assert corrected[column].equals(corrected[f"{column}_before"], null_equal=True), column
    # The paid tally loses the orders refunded in full.
    assert manifest["tables"]["orders__orders"]["paid_orders"] == (
        manifest_before["tables"]["orders__orders"]["paid_orders"] - full.height
        + drop.filter(~pl.col("order_id").is_in(base["order_id"].implode()) & (pl.col("status") == "paid")).height)


def test_corrected_customers_changed_their_tier_or_moved(dropped):
    root, _, _, _, entry = dropped
    base, drop = base_and_drop(root, entry, "crm__customers")
    corrected = drop.join(base, on="customer_id", suffix="_before")
    assert corrected.height == entry["tables"]["crm__customers"]["corrections"] >= MIN_ROWS
    moved = corrected["city"] != corrected["city_before"]
    new_tier = ~corrected["member_tier"].eq_missing(corrected["member_tier_before"])
    assert (moved ^ new_tier).all()
    for column in ("name", "phone", "email", "signup_at"):
        assert corrected[column].equals(corrected[f"{column}_before"], null_equal=True), column


def test_late_rows_are_dated_before_the_latest_day_of_the_data_before_the_drop(dropped):
    root, _, _, _, entry = dropped
    for table, column in DATED_BY.items():
        base, drop = base_and_drop(root, entry, table)
        key = spec_for(table).key[0]
        new = drop.filter(~pl.col(key).is_in(base[key].implode()))
        day = local_day(new[column])
        late = int((day < END).sum())
        assert late == entry["tables"][table]["late"] >= 1, table
        assert ((day < END) | (day == date(2026, 11, 1))).all(), table


def test_a_drop_depends_on_the_folder_and_the_day_only(tmp_path):
    for name in ("a", "b"):
        generate(tmp_path / name, scale=0.01, seed=4, progress=False)
        generate_day_drop(tmp_path / name)
    first, again = files_of(tmp_path / "a"), files_of(tmp_path / "b")
    assert first == again
    generate_day_drop(tmp_path / "a")
    after_two = files_of(tmp_path / "a")
    for spec in SPECS:
        day1 = after_two[f"{spec.source}/{spec.entity}/{spec.entity}_day0001.{spec.file_format}"]
        day2 = after_two[f"{spec.source}/{spec.entity}/{spec.entity}_day0002.{spec.file_format}"]
        assert day1 != day2, spec.table


def test_a_drop_never_overwrites_a_file(tmp_path):
    generate(tmp_path, scale=0.01, seed=4, progress=False)
    squatter = tmp_path / "orders" / "orders" / "orders_day0001.csv"
    squatter.write_text("not generated\n")
    manifest = (tmp_path / "_manifest.json").read_bytes()
    with pytest.raises(FileExistsError):
        generate_day_drop(tmp_path)
    assert squatter.read_text() == "not generated\n"
    assert (tmp_path / "_manifest.json").read_bytes() == manifest
    assert not (tmp_path / "crm" / "customers" / "customers_day0001.csv").exists()


def test_regenerating_the_base_removes_its_drops(tmp_path):
    generate(tmp_path, scale=0.01, seed=4, progress=False)
    generate_day_drop(tmp_path)
    generate(tmp_path, scale=0.01, seed=4, progress=False)
    assert not list(tmp_path.rglob("*_day0001.*"))


def test_loading_a_drop_gives_staging_the_corrected_rows(dropped, tmp_path):
    """Day 0 loaded, then the drop: raw keeps both versions, staging's latest load per key the corrected one."""
    root, before, _, _, entry = dropped
    day0 = tmp_path / "day0"
    for name, content in before.items():
        (day0 / name).parent.mkdir(parents=True, exist_ok=True)
        (day0 / name).write_bytes(content)
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        for spec in SPECS:
            load_entity(con, spec, day0)
        for spec in SPECS:
            shutil.copy(root / entry["tables"][spec.table]["files"][0]["path"], spec.landing_dir(day0))
            loads = [load for load in load_entity(con, spec, day0) if not load.skipped]
            assert [(load.rows_read, load.rows_quarantined) for load in loads] == [(entry["tables"][spec.table]["rows"], 0)]

    result = subprocess.run(
        [str(Path(sys.executable).with_name("dbt")), "run",
         "--select", "stg_orders__invoice_lines", "stg_orders__orders", "stg_crm__customers",
         "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
         "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")],
        env={**os.environ, "INSIGHT_WAREHOUSE_PATH": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
             "DO_NOT_TRACK": "1"},
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]

    _, orders = base_and_drop(root, entry, "orders__orders")
    _, customers = base_and_drop(root, entry, "crm__customers")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        raw_versions = con.execute(
            "select count(*) from raw.orders__orders group by order_id having count(*) > 1").fetchall()
        staged_orders = con.sql(
            "select order_id, status, cast(refund_amount as varchar) as refund_amount from staging.stg_orders__orders"
        ).pl()
        staged_customers = con.sql(
            "select customer_id, city, region, crm_member_tier as member_tier from staging.stg_crm__customers"
        ).pl()
    assert len(raw_versions) == entry["tables"]["orders__orders"]["corrections"]
    expected_orders = orders.select("order_id", "status", "refund_amount")
    assert expected_orders.join(staged_orders, on="order_id", how="anti", nulls_equal=True).is_empty()
    expected_customers = customers.select("customer_id", "city", "region", "member_tier")
    assert expected_customers.join(staged_customers, on=list(expected_customers.columns), how="anti",
                                   nulls_equal=True).is_empty()
    assert staged_customers["customer_id"].is_unique().all()


def test_with_damage_the_manifest_still_says_what_the_warehouse_must_hold(tmp_path):
    """Damaged rows of the drops are quarantined as counted; paid orders add up after corrections."""
    landing = tmp_path / "landing"
    generate(landing, scale=0.01, seed=9, damage_rate=0.3, progress=False)
    for _ in range(3):
        generate_day_drop(landing)
    manifest = json.loads((landing / "_manifest.json").read_text(encoding="utf-8"))
    assert sum(sum(info["damaged"].values()) for e in manifest["day_drops"] for info in e["tables"].values()) > 0
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        for spec in SPECS:
            loads = load_entity(con, spec, landing)
            info = manifest["tables"][spec.table]
            assert sum(load.rows_read for load in loads) == info["rows"], spec.table
            assert sum(load.rows_quarantined for load in loads) == sum(info["damaged"].values()), spec.table
        paid = con.execute(
            "with latest as (select * from raw.orders__orders "
            "qualify row_number() over (partition by order_id order by _loaded_at desc) = 1) "
            "select currency, count(*), sum(amount) from latest where status = 'paid' group by currency"
        ).fetchall()
    orders = manifest["tables"]["orders__orders"]
    assert sum(count for _, count, _ in paid) == orders["paid_orders"]
    assert {currency: float(total) for currency, _, total in paid} == orders["paid_amount_by_currency"]
