"""`insight replay`: rows quarantined under an old contract load after it changed, and nothing loads twice.

Hand-made orders files: one with a row in JPY (an unknown currency until the contract admits it) and a
row without a key (broken under any contract); a second file loaded whole.
"""

from __future__ import annotations

import dataclasses
import os
import time
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pytest

from pipelines import cli
from pipelines.assets.ingest import _conservation_check
from pipelines.ingest.loader import load_entity
from pipelines.ingest.replay import replay_entity
from pipelines.ingest.tables import ensure_tables
from pipelines.sources import all_specs, spec_for

ORDERS = spec_for("orders__orders")
# The contract after the change: JPY admitted.
ORDERS_WITH_JPY = dataclasses.replace(ORDERS, fields=tuple(
    dataclasses.replace(f, allowed=(*f.allowed, "JPY")) if f.name == "currency" else f for f in ORDERS.fields
))
HEADER = "order_id,customer_id,ordered_at,status,amount,refund_amount,currency,payment_method,channel,store_id"
FIRST_FILE = "\n".join([
    HEADER,
    "O1,C1,2024-03-01 10:00:00,paid,10.50,,CNY,alipay,online,S1",
    "O2,C2,2024-03-01 11:00:00,paid,20.00,,JPY,card,online,S1",
    ",C3,2024-03-01 12:00:00,paid,30.00,,CNY,card,online,S1",
    "O4,C4,2024-03-01 13:00:00,paid,40.00,,CNY,card,online,S1",
]) + "\n"
SECOND_FILE = HEADER + "\nO5,C5,2024-03-02 10:00:00,paid,50.00,,USD,card,online,S1\n"


def land(landing: Path, name: str, content: str, modified: float) -> Path:
    path = ORDERS.landing_dir(landing) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    os.utime(path, (modified, modified))
    return path


@pytest.fixture
def landing(tmp_path) -> Path:
    land(tmp_path / "landing", "orders_a.csv", FIRST_FILE, time.time() - 10 * 86400)
    land(tmp_path / "landing", "orders_b.csv", SECOND_FILE, time.time() - 3600)
    return tmp_path / "landing"


@pytest.fixture
def con(tmp_path, landing):
    connection = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    ensure_tables(connection, all_specs())
    load_entity(connection, ORDERS, landing)
    yield connection
    connection.close()


def raw_order_ids(con) -> list[str]:
    return [row[0] for row in con.execute("select order_id from raw.orders__orders order by order_id").fetchall()]


def log_totals(con) -> tuple[int, int, int]:
    return con.execute(
        "select sum(rows_read), sum(rows_loaded), sum(rows_quarantined) from meta.load_log"
    ).fetchone()


def test_a_row_quarantined_for_an_unknown_currency_loads_after_the_contract_admits_it(con, landing):
    assert raw_order_ids(con) == ["O1", "O4", "O5"]
    assert log_totals(con) == (5, 3, 2)

    replays = replay_entity(con, ORDERS_WITH_JPY, landing)

    assert raw_order_ids(con) == ["O1", "O2", "O4", "O5"]  # O2 once; O1, O4, O5 not again
    [first] = [replay for replay in replays if replay.file.endswith("orders_a.csv")]
    assert (first.rows_admitted, first.rows_still_quarantined) == (1, 1)
    # the log still counts each record once: 5 read, 4 loaded, 1 quarantined (the row without a key)
    assert log_totals(con) == (5, 4, 1)
    replay_of, loaded, quarantined, read = con.execute(
        "select replay_of, rows_loaded, rows_quarantined, rows_read from meta.load_log where load_id = ?",
        [first.load_id],
    ).fetchone()
    assert (replay_of, loaded, quarantined, read) == (first.replay_of, 1, -1, 0)
    # the quarantine row stays as history, marked with the replay that admitted it
    assert con.execute(
        "select _reason, _replayed_in from quarantine.orders__orders where _raw_record like 'O2,%'"
    ).fetchone() == ("unknown value: currency", first.load_id)
    assert con.execute(
        "select _reason from quarantine.orders__orders where _replayed_in is null"
    ).fetchall() == [("missing key: order_id",)]
    # the reasons net out like the rows: no "unknown value: currency" left
    assert dict(con.execute(
        "select reason, sum(rows) from meta.load_reasons group by reason having sum(rows) <> 0"
    ).fetchall()) == {"missing key: order_id": 1}


def test_conservation_holds_and_a_second_replay_or_build_adds_nothing(con, landing):
    replay_entity(con, ORDERS_WITH_JPY, landing)
    check = _conservation_check(con, ORDERS_WITH_JPY)
    assert check.passed, check.metadata
    # every row of the log keeps read = loaded + quarantined (dbt test assert_loads_conserve_rows)
    assert con.execute(
        "select count(*) from meta.load_log where rows_read <> rows_loaded + rows_quarantined"
    ).fetchone()[0] == 0
    before = (raw_order_ids(con), log_totals(con), con.execute("select count(*) from meta.load_log").fetchone())

    again = replay_entity(con, ORDERS_WITH_JPY, landing)
    assert sum(replay.rows_admitted for replay in again) == 0
    assert not any(replay.load_id for replay in again)  # no empty replay entries in the log
    load_entity(con, ORDERS_WITH_JPY, landing)  # the next build: the files are known, nothing is read
    after = (raw_order_ids(con), log_totals(con), con.execute("select count(*) from meta.load_log").fetchone())
    assert after == before
    # no key twice in raw, so staging (the latest load per key) holds each order once
    assert con.execute("select count(*) - count(distinct order_id) from raw.orders__orders").fetchone()[0] == 0
    assert _conservation_check(con, ORDERS_WITH_JPY).passed


def test_since_replays_only_the_files_modified_on_or_after_the_date(con, landing):
    since = datetime.fromtimestamp(time.time() - 2 * 86400, timezone.utc).date()
    replays = replay_entity(con, ORDERS_WITH_JPY, landing, since=since)
    assert [replay.file for replay in replays] == ["orders/orders/orders_b.csv"]
    assert raw_order_ids(con) == ["O1", "O4", "O5"]  # the JPY row's file is older: not replayed


def test_a_file_changed_since_its_load_is_not_replayed(con, landing):
    path = ORDERS.landing_dir(landing) / "orders_a.csv"
    path.write_text(FIRST_FILE.replace("O4,", "O9,"))
    [first] = [replay for replay in replay_entity(con, ORDERS_WITH_JPY, landing) if replay.file == "orders/orders/orders_a.csv"]
    assert first.error.startswith("changed since it was loaded")
    assert raw_order_ids(con) == ["O1", "O4", "O5"]


def test_the_command_names_the_known_sources_for_an_unknown_one(data_dir, capsys):
    assert cli.main(["replay", "webshop"]) == 2
    error = capsys.readouterr().err.strip()
    assert error.count("\n") == 0
    assert "unknown source 'webshop'" in error and "crm, interactions, orders, social, surveys" in error


def test_the_command_refuses_a_bad_date_in_one_line(data_dir, capsys):
    assert cli.main(["replay", "orders", "--since", "2024/01/02"]) == 2
    error = capsys.readouterr().err.strip()
    assert error == "insight replay: --since '2024/01/02' is not a date (YYYY-MM-DD)"


def test_the_command_replays_the_warehouse(data_dir, capsys):
    landing = data_dir / "landing"
    land(landing, "orders_a.csv", FIRST_FILE, time.time() - 3600)
    with duckdb.connect(str(data_dir / "warehouse.duckdb")) as con:
        load_entity(con, ORDERS, landing)
    # the built-in contract does not admit JPY: nothing loads, the row stays quarantined
    assert cli.main(["replay", "orders"]) == 0
    assert capsys.readouterr().out.strip() == (
        "Replayed 1 file(s) of orders: 0 quarantined row(s) loaded, 2 still quarantined")
