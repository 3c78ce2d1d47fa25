"""The contract split: each kind of damage lands in quarantine with its reason; nothing is lost or doubled."""

from __future__ import annotations

import dataclasses

import json
import os
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest import loader
from pipelines.ingest.loader import load_entity, load_file
from pipelines.sources import spec_for

ORDER_HEADER = "order_id,customer_id,ordered_at,status,amount,refund_amount,currency,payment_method,channel,store_id"
GOOD_ORDER = "O1,C1,2024-03-01 10:00:00,paid,100.50,,CNY,alipay,online,S1"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def con(tmp_path):
    connection = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    yield connection
    connection.close()


def load_orders(con, tmp_path: Path, *lines: str, name: str = "orders_00001.csv"):
    landing = tmp_path / "landing"
    path = write(landing / "orders" / "orders" / name, "\n".join([ORDER_HEADER, *lines]) + "\n")
    return load_file(con, spec_for("orders__orders"), path, landing)


def quarantine_reasons(con, table: str) -> list[str]:
    return [row[0] for row in con.execute(f"select _reason from quarantine.{table} order by _row_number").fetchall()]


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        (",C1,2024-03-01 10:00:00,paid,10,,CNY,alipay,online,S1", "missing key: order_id"),
        ("O2,C1,2024-03-01 10:00:00,paid,abc,,CNY,alipay,online,S1", "wrong type: amount"),
        ("O2,C1,2024-03-01 10:00:00,paid,1e3,,CNY,alipay,online,S1", "wrong type: amount"),
        ("O2,C1,not a date,paid,10,,CNY,alipay,online,S1", "wrong type: ordered_at"),
        ("O2,C1,2024-03-01 10:00:00,paid,-5,,CNY,alipay,online,S1", "out of range: amount"),
        ("O2,C1,2099-03-01 10:00:00,paid,10,,CNY,alipay,online,S1", "future date: ordered_at"),
        ("O2,C1,2024-03-01 10:00:00,shipped?,10,,CNY,alipay,online,S1", "unknown value: status"),
        ("O2,C1,2024-03-01 10:00:00,paid,10,20,CNY,alipay,online,S1", "refund larger than amount"),
        (GOOD_ORDER, "duplicate key in file: order_id"),
        ("O2,C1,2024-03-01 10:00:00,paid,10", "unparseable line: missing columns"),
    ],
)
def test_each_damage_kind_is_quarantined_with_its_reason(con, tmp_path, bad_line, reason):
    result = load_orders(con, tmp_path, GOOD_ORDER, bad_line)
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (2, 1, 1)
    assert quarantine_reasons(con, "orders__orders") == [reason]
    assert con.execute("select order_id from raw.orders__orders").fetchall() == [("O1",)]


def test_quarantine_keeps_the_original_text(con, tmp_path):
    load_orders(con, tmp_path, "O2,C1,2024-03-01 10:00:00,paid, abc ,,CNY,alipay,online,S1")
    assert con.execute("select amount, _row_number from quarantine.orders__orders").fetchone() == (" abc ", 1)


def test_naive_timestamps_are_read_in_the_source_time_zone(con, tmp_path):
    load_orders(con, tmp_path, GOOD_ORDER)
    utc = con.execute("select strftime(ordered_at at time zone 'UTC', '%Y-%m-%d %H:%M') from raw.orders__orders")
    assert utc.fetchone()[0] == "2024-03-01 02:00"  # 10:00 in Shanghai


def test_reloading_the_same_file_adds_nothing(con, tmp_path):
    first = load_orders(con, tmp_path, GOOD_ORDER)
    again = load_orders(con, tmp_path, GOOD_ORDER, name="orders_copy.csv")  # same bytes, another name
    assert not first.skipped and again.skipped
    assert con.execute("select count(*) from raw.orders__orders").fetchone()[0] == 1
    assert con.execute("select count(*) from meta.load_log").fetchone()[0] == 1


def test_a_file_seen_before_is_not_read_again_unless_its_size_or_mtime_changed_and_a_changed_one_is_not_reloaded(
        con, tmp_path, monkeypatch):
    landing = tmp_path / "landing"
    path = write(landing / "orders" / "orders" / "orders_00001.csv", f"{ORDER_HEADER}\n{GOOD_ORDER}\n")
    assert load_file(con, spec_for("orders__orders"), path, landing).rows_loaded == 1
    scanned = []
    real_scan = loader.scan_file
    monkeypatch.setattr(loader, "scan_file", lambda p: scanned.append(p) or real_scan(p))
    assert load_file(con, spec_for("orders__orders"), path, landing).skipped
    assert scanned == []  # same path, size and mtime: known without reading it
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # touched, same bytes
    assert load_file(con, spec_for("orders__orders"), path, landing).skipped
    assert scanned == [path]  # read again, and recognised by its content
    write(path, f"{ORDER_HEADER}\n{GOOD_ORDER.replace('O1', 'O9')}\n")  # same size, new content
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    changed = load_file(con, spec_for("orders__orders"), path, landing)
    assert changed.rows_loaded == 0 and changed.error.startswith("changed after it was loaded")
    assert con.execute("select count(*) from raw.orders__orders").fetchone()[0] == 1
    assert con.execute("select reason from meta.load_failures").fetchone()[0] == changed.error


def test_added_column_is_reported_and_known_columns_still_load(con, tmp_path):
    landing = tmp_path / "landing"
    path = write(
        landing / "orders" / "orders" / "drift.csv",
        f"{ORDER_HEADER},coupon_code\n{GOOD_ORDER},SPRING\n",
    )
    result = load_file(con, spec_for("orders__orders"), path, landing)
    assert result.extra_columns == ("coupon_code",)
    assert result.rows_loaded == 1
    assert con.execute("select extra_columns from meta.load_log").fetchone()[0] == ["coupon_code"]


def test_missing_required_column_quarantines_every_row(con, tmp_path):
    landing = tmp_path / "landing"
    header = ORDER_HEADER.replace("status,", "")
    path = write(landing / "orders" / "orders" / "o.csv", f"{header}\nO1,C1,2024-03-01 10:00:00,10,,CNY,alipay,online,S1\n")
    result = load_file(con, spec_for("orders__orders"), path, landing)
    assert result.missing_columns == ("status",)
    assert quarantine_reasons(con, "orders__orders") == ["missing value: status"]


def test_utf8_bom_header_is_read(con, tmp_path):
    landing = tmp_path / "landing"
    path = write(landing / "orders" / "orders" / "bom.csv", f"\ufeff{ORDER_HEADER}\n{GOOD_ORDER}\n")
    assert load_file(con, spec_for("orders__orders"), path, landing).rows_loaded == 1


def test_empty_and_header_only_files_load_nothing_and_are_logged(con, tmp_path):
    landing = tmp_path / "landing"
    empty = write(landing / "orders" / "orders" / "a_empty.csv", "")
    header_only = write(landing / "orders" / "orders" / "b_header.csv", ORDER_HEADER + "\n")
    for path in (empty, header_only):
        result = load_file(con, spec_for("orders__orders"), path, landing)
        assert (result.rows_read, result.error) == (0, None)


def test_jsonl_damage_and_unparseable_lines(con, tmp_path):
    landing = tmp_path / "landing"
    good = {"mention_id": "M1", "platform": "weibo", "author_handle": "@a", "posted_at": "2024-03-01T10:00:00Z",
            "text": "质量很好，物流也快", "likes": 3}
    lines = [
        json.dumps(good, ensure_ascii=False),
        json.dumps({**good, "mention_id": "M2", "platform": "myspace"}),
        json.dumps({**good, "mention_id": "M3", "likes": "ten"}),
        '{"mention_id": "M4", "platform": "weib',  # truncated last line
    ]
    write(landing / "social" / "mentions" / "m.jsonl", "\n".join(lines))
    [result] = load_entity(con, spec_for("social__mentions"), landing)
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (4, 1, 3)
    assert quarantine_reasons(con, "social__mentions") == [
        "unknown value: platform",
        "wrong type: likes",
        "unparseable line: not a json object",
    ]
    assert con.execute("select text, likes from raw.social__mentions").fetchone() == ("质量很好，物流也快", 3)


def test_cross_field_rule_on_jsonl(con, tmp_path):
    landing = tmp_path / "landing"
    row = {"interaction_id": "I1", "channel": "phone", "kind": "complaint", "opened_at": "2024-03-01 10:00:00",
           "status": "open"}
    write(landing / "interactions" / "interactions" / "i.jsonl", json.dumps(row) + "\n")
    [result] = load_entity(con, spec_for("interactions__interactions"), landing)
    assert result.rows_quarantined == 1
    assert quarantine_reasons(con, "interactions__interactions") == ["no way to identify the customer"]


def test_a_ticket_without_an_opening_time_loads_and_one_without_any_time_is_quarantined(con, tmp_path):
    landing = tmp_path / "landing"
    ticket = {"customer_id": "C1", "channel": "phone", "kind": "complaint", "status": "closed"}
    rows = [{**ticket, "interaction_id": "I1", "resolved_at": "2024-03-01 10:00:00"}, {**ticket, "interaction_id": "I2"}]
    write(landing / "interactions" / "interactions" / "i.jsonl", "".join(json.dumps(row) + "\n" for row in rows))
    [result] = load_entity(con, spec_for("interactions__interactions"), landing)
    assert (result.rows_loaded, result.rows_quarantined) == (1, 1)
    assert con.execute("select interaction_id, opened_at from raw.interactions__interactions").fetchall() == [("I1", None)]
    assert quarantine_reasons(con, "interactions__interactions") == [
        "no time at all: opened_at, first_response_at, resolved_at or followed_up_at"]


def test_a_gbk_file_declared_gb18030_is_transcoded_and_loads(con, tmp_path):
    landing = tmp_path / "landing"
    header = "customer_id,name,phone,email,gender,birthday,city,region,industry,company,signup_at,acquisition_channel,member_tier"
    row = "C1,张三,13812345678,a@b.cn,M,1990-01-01,上海,华东,零售,某某公司,2024-01-01 10:00:00,wechat,gold"
    path = write(landing / "crm" / "customers" / "gbk.csv", f"{header}\n{row}\n", encoding="gbk")
    spec = spec_for("crm__customers")
    spec = dataclasses.replace(spec, dialect=dataclasses.replace(spec.dialect, encoding="gb18030"))
    result = load_file(con, spec, path, landing)
    assert (result.encoding, result.rows_loaded) == ("gb18030", 1)
    assert con.execute("select name, city from raw.crm__customers").fetchone() == ("张三", "上海")


def test_unreadable_header_is_a_clear_error_and_writes_nothing(con, tmp_path):
    landing = tmp_path / "landing"
    path = write(landing / "orders" / "orders" / "binary.csv", "")
    path.write_bytes(b"\x81\x30\xff\n" + ORDER_HEADER.encode() + b"\n")  # no encoding reads it whole
    result = load_file(con, spec_for("orders__orders"), path, landing)
    assert result.error and "header" in result.error
    assert con.execute("select count(*) from meta.load_log").fetchone()[0] == 0
