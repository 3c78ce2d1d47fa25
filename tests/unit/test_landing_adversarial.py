"""The adversarial landing cases: no row lost, doubled or blamed wrongly.

Each test is one case that once broke the promise "records in the file = rows loaded + rows quarantined":
the file either loads with every record accounted for (by the independent count, not the parser), or
fails whole with one clear reason and nothing written. Small hand-made files, written per test.
"""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines import cli
from pipelines.assets.ingest import build_ingest_asset
from pipelines.ingest import arrival, loader
from pipelines.ingest.loader import load_entity, load_file
from pipelines.resources import WarehouseResource
from pipelines.ingest.tables import ensure_tables
from pipelines.sources import all_specs, spec_for

ORDERS = spec_for("orders__orders")
CUSTOMERS = spec_for("crm__customers")
ORDER_HEADER = "order_id,customer_id,ordered_at,status,amount,refund_amount,currency,payment_method,channel,store_id"
CUSTOMER_HEADER = ("customer_id,name,phone,email,gender,birthday,city,region,industry,company,signup_at,"
                   "acquisition_channel,member_tier")


def order(number: int, ordered_at: str = "2024-03-01 10:00:00") -> str:
    return f"O{number},C{number % 7},{ordered_at},paid,{10 + number}.50,,CNY,alipay,online,S1"


def customer(number: int, phone: str) -> str:
    return f"C{number},张三,{phone},a{number}@b.cn,M,1990-01-01,上海,华东,零售,某公司,2024-01-01 10:00:00,wechat,gold"


def orders_csv(rows: int) -> str:
    return "\n".join([ORDER_HEADER, *(order(n) for n in range(1, rows + 1))]) + "\n"


@pytest.fixture
def con(tmp_path):
    connection = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    ensure_tables(connection, all_specs())
    yield connection
    connection.close()


@pytest.fixture
def landing(tmp_path) -> Path:
    return tmp_path / "landing"


def land(landing: Path, spec, name: str, content: bytes | str, age_seconds: float = 3600) -> Path:
    """Write a landing file whose modification time lies ``age_seconds`` in the past."""
    path = spec.landing_dir(landing) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    past = time.time() - age_seconds
    os.utime(path, (past, past))
    return path


def counts(con, table: str = "orders__orders") -> tuple[int, int]:
    return (con.execute(f"select count(*) from raw.{table}").fetchone()[0],
            con.execute(f"select count(*) from quarantine.{table}").fetchone()[0])


def nothing_written(con, table: str = "orders__orders") -> bool:
    return counts(con, table) == (0, 0) and con.execute("select count(*) from meta.load_log").fetchone()[0] == 0


# -- an unterminated quote -------------------------------------------------------------------------------

def test_an_unterminated_quote_in_row_3_fails_the_whole_file_instead_of_losing_197_rows(con, landing):
    lines = orders_csv(200).splitlines()
    lines[3] = lines[3].replace(",paid,", ',"paid,')  # data row 3 (file line 4)
    path = land(landing, ORDERS, "orders_00001.csv", "\n".join(lines) + "\n")

    result = load_file(con, ORDERS, path, landing)

    assert result.error == "unterminated quote: the quote opened on line 4 runs to the end of the file"
    assert nothing_written(con)
    assert con.execute("select file, reason from meta.load_failures").fetchall() == [
        ("orders/orders/orders_00001.csv", result.error)
    ]


def test_a_stray_quote_at_the_start_of_a_file_fails_it_instead_of_reading_nothing(con, landing):
    path = land(landing, ORDERS, "orders_00001.csv", '"' + orders_csv(5))
    result = load_file(con, ORDERS, path, landing)
    assert result.error.startswith("unterminated quote: the quote opened on line 1")
    assert nothing_written(con)


def test_the_count_is_the_files_records_not_the_parsers_rows(con, landing, monkeypatch):
    """A parser that loses rows is caught by the independent count: the file fails whole."""
    path = land(landing, ORDERS, "orders_00001.csv", orders_csv(10))
    real_read = loader.read_into_landed

    def losing_reader(con, spec, readable, framing):
        shape = real_read(con, spec, readable, framing)
        con.execute("delete from _landed where _row_number > 7")
        return shape

    monkeypatch.setattr(loader, "read_into_landed", losing_reader)
    result = load_file(con, ORDERS, path, landing)
    assert result.error == "the parser read 7 records where the independent count found 10"
    assert nothing_written(con)


@pytest.fixture
def ingest_env(landing, monkeypatch):
    monkeypatch.setenv("INSIGHT_LANDING_DIR", str(landing))
    monkeypatch.setenv("INSIGHT_LANDING_SETTLE_SECONDS", "0")


def _materialize_ingest(tmp_path: Path) -> dg.ExecuteInProcessResult:
    warehouse = WarehouseResource(database=str(tmp_path / "warehouse.duckdb"))
    return dg.materialize([build_ingest_asset(ORDERS)], resources={"warehouse": warehouse})


def test_rows_conserved_compares_raw_and_quarantine_with_the_independent_count(tmp_path, landing, ingest_env):
    land(landing, ORDERS, "orders_00001.csv", orders_csv(20) + "O99,C1,2024-03-01 10:00:00,paid\n")
    result = _materialize_ingest(tmp_path)
    [conserved] = [c for c in result.get_asset_check_evaluations() if c.check_name == "rows_conserved"]
    assert conserved.passed
    assert conserved.metadata["rows_counted"].value == 21
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        assert con.execute("select rows_counted, rows_read, rows_loaded, rows_quarantined from meta.load_log"
                           ).fetchall() == [(21, 21, 20, 1)]
        con.execute("delete from raw.orders__orders where order_id = 'O3'")  # a row lost after the load
    result = _materialize_ingest(tmp_path)
    [conserved] = [c for c in result.get_asset_check_evaluations() if c.check_name == "rows_conserved"]
    assert not conserved.passed
    assert conserved.metadata["rows_in_raw"].value == 19


# -- a file still being copied in ------------------------------------------------------------------------

def test_a_file_still_being_copied_is_left_for_the_next_run_then_loaded_once(con, landing, monkeypatch):
    full = orders_csv(300)
    half = full[: len(full) // 2]  # cut inside a row, as a copy in progress is
    path = land(landing, ORDERS, "orders_00001.csv", half, age_seconds=0)

    def copier_keeps_writing(seconds):
        with path.open("a") as handle:
            handle.write(full[len(half):])

    monkeypatch.setattr(arrival.time, "sleep", copier_keeps_writing)
    [first] = load_entity(con, ORDERS, landing, settle_seconds=30)
    assert first.waiting and not first.loaded
    assert nothing_written(con)

    past = time.time() - 3600  # the copy has finished long since
    os.utime(path, (past, past))
    [second] = load_entity(con, ORDERS, landing, settle_seconds=30)
    assert (second.rows_counted, second.rows_loaded, second.rows_quarantined) == (300, 300, 0)
    assert counts(con) == (300, 0)
    assert con.execute("select count(distinct order_id) from raw.orders__orders").fetchone()[0] == 300


def test_a_settled_file_is_taken_after_the_interval_without_a_second_run(con, landing, monkeypatch):
    land(landing, ORDERS, "orders_00001.csv", orders_csv(3), age_seconds=0)
    waited = []
    monkeypatch.setattr(arrival.time, "sleep", waited.append)
    [load] = load_entity(con, ORDERS, landing, settle_seconds=30)
    assert load.rows_loaded == 3
    assert len(waited) == 1 and 0 < waited[0] <= 30


def test_a_file_that_changes_while_it_is_read_is_not_written(con, landing, monkeypatch):
    path = land(landing, ORDERS, "orders_00001.csv", orders_csv(50))
    real_scan = loader.scan_file

    def scan_then_grow(p):
        scanned = real_scan(p)
        with p.open("a") as handle:
            handle.write(order(51) + "\n")
        return scanned

    monkeypatch.setattr(loader, "scan_file", scan_then_grow)
    result = load_file(con, ORDERS, path, landing)
    assert result.waiting and not result.error
    assert nothing_written(con)


def test_a_file_that_changes_after_it_was_loaded_is_reported_not_loaded_again(con, landing):
    full = orders_csv(300)
    path = land(landing, ORDERS, "orders_00001.csv", full[: len(full) // 2])
    first = load_file(con, ORDERS, path, landing)  # loaded half-written (no settling asked for)
    assert first.loaded
    before = counts(con)
    land(landing, ORDERS, "orders_00001.csv", full)

    again = load_file(con, ORDERS, path, landing)

    assert again.error.startswith("changed after it was loaded")
    assert counts(con) == before  # no order twice in raw, no second copy of the cut line in quarantine
    assert con.execute("select count(*) from meta.load_log").fetchone()[0] == 1


def test_part_and_tmp_files_are_never_read(con, landing):
    land(landing, ORDERS, "orders_00002.csv.part", orders_csv(5))
    land(landing, ORDERS, "orders_00003.csv.tmp", orders_csv(5))
    assert load_entity(con, ORDERS, landing) == []


def test_a_marker_source_takes_a_file_only_with_its_marker(con, landing):
    spec = dataclasses.replace(ORDERS, arrival="marker")
    path = land(landing, spec, "orders_00001.csv", orders_csv(4))
    [load] = load_entity(con, spec, landing)
    assert load.waiting and "marker" in load.waiting
    old_success = path.with_name("_SUCCESS")
    old_success.write_text("")
    os.utime(old_success, (time.time() - 7200, time.time() - 7200))  # written before the file: not its marker
    assert load_entity(con, spec, landing)[0].waiting
    path.with_name(path.name + ".done").write_text("")
    assert load_entity(con, spec, landing)[0].rows_loaded == 4


# -- every file failure contained ------------------------------------------------------------------------

def utf16le_without_bom(text: str) -> bytes:
    return text.encode("utf-16-le")


def test_utf16_without_bom_loads_once_declared(con, landing):
    path = land(landing, ORDERS, "orders_00001.csv", utf16le_without_bom(orders_csv(5).replace("\n", "\r\n")))
    undeclared = load_file(con, ORDERS, path, landing)
    assert undeclared.error == "not utf-8 text: it reads as utf-16-le; declare `encoding: utf-16-le` in orders.yml"
    assert nothing_written(con)
    declared = dataclasses.replace(ORDERS, dialect=dataclasses.replace(ORDERS.dialect, encoding="utf-16-le"))
    result = load_file(con, declared, path, landing)
    assert (result.encoding, result.rows_loaded, result.error) == ("utf-16-le", 5, None)


def test_cr_only_line_endings_load(con, landing):
    path = land(landing, ORDERS, "orders_00001.csv", orders_csv(5).replace("\n", "\r"))
    result = load_file(con, ORDERS, path, landing)
    assert (result.rows_counted, result.rows_loaded, result.error) == (5, 5, None)


def test_any_error_in_one_file_fails_that_file_alone(con, landing, monkeypatch):
    land(landing, ORDERS, "orders_00001.csv", orders_csv(3))
    land(landing, ORDERS, "orders_00002.csv", orders_csv(4).replace("O", "P"))
    real_read = loader.read_into_landed

    def reader_that_breaks_on_the_first_file(con, spec, readable, framing):
        if readable.path.name == "orders_00001.csv":
            raise RuntimeError("csv dialect trouble in 'O1,C1'")
        return real_read(con, spec, readable, framing)

    monkeypatch.setattr(loader, "read_into_landed", reader_that_breaks_on_the_first_file)
    first, second = load_entity(con, ORDERS, landing)
    assert first.error == "RuntimeError: csv dialect trouble in '…'"  # one line; quoted values masked
    assert second.rows_loaded == 4
    assert counts(con) == (4, 0)


def test_the_ingest_asset_loads_the_good_files_and_reports_the_failed_one(tmp_path, landing, ingest_env):
    land(landing, ORDERS, "orders_00001.csv", utf16le_without_bom("\x00garbage\x00\n"))
    land(landing, ORDERS, "orders_00002.csv", '"' + orders_csv(2))
    land(landing, ORDERS, "orders_00003.csv", orders_csv(3))

    result = _materialize_ingest(tmp_path)

    assert result.success
    [materialization] = result.asset_materializations_for_node("raw__orders__orders")
    failed = materialization.metadata["files_failed"].value
    assert sorted(failed) == ["orders/orders/orders_00001.csv", "orders/orders/orders_00002.csv"]
    checks = {c.check_name: c for c in result.get_asset_check_evaluations()}
    assert not checks["landing_files_read"].passed
    assert checks["rows_conserved"].passed
    assert materialization.metadata["rows_loaded"].value == 3


def test_insight_build_exits_non_zero_and_names_the_failed_files(data_dir, monkeypatch, capsys):
    tmp_path = data_dir
    monkeypatch.setenv("INSIGHT_LANDING_SETTLE_SECONDS", "0")
    land(tmp_path / "landing", ORDERS, "orders_00001.csv", "order_id;customer_id;ordered_at\nO1;C1;2024-03-01\n")
    land(tmp_path / "landing", ORDERS, "orders_00002.csv", orders_csv(3))

    def ingest_only(stage, full_refresh=False, refit_models=False):
        with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
            load_entity(con, ORDERS, tmp_path / "landing")
        return True

    monkeypatch.setattr(cli, "run_build", ingest_only)
    args = cli.build_parser().parse_args(["build", "--stage", "ingest"])
    assert args.handler(args) == cli.EXIT_FILES_FAILED
    err = capsys.readouterr().err
    assert "orders/orders/orders_00001.csv: wrong delimiter: the header is separated by ';'" in err
    assert "orders_00002" not in err


# -- original text and truthful reasons ------------------------------------------------------------------

def test_a_semicolon_delimited_file_fails_as_wrong_delimiter(con, landing):
    path = land(landing, ORDERS, "orders_00001.csv", orders_csv(3).replace(",", ";"))
    result = load_file(con, ORDERS, path, landing)
    assert result.error == ("wrong delimiter: the header is separated by ';', not ',': "
                            'declare `delimiter: ";"` in orders.yml')
    assert nothing_written(con)


def test_a_row_with_an_extra_empty_trailing_field_is_quarantined_whole_with_a_true_reason(con, landing):
    lines = orders_csv(5).splitlines()
    lines[2] += ","
    path = land(landing, ORDERS, "orders_00001.csv", "\n".join(lines) + "\n")
    result = load_file(con, ORDERS, path, landing)
    assert (result.rows_loaded, result.rows_quarantined) == (4, 1)
    assert con.execute("select _reason, _raw_record, _line_number, _row_number from quarantine.orders__orders"
                       ).fetchall() == [("unparseable line: too many columns", lines[2], 3, 2)]


def test_a_row_with_another_delimiter_is_blamed_on_the_delimiter(con, landing):
    lines = orders_csv(3).splitlines()
    lines[2] = lines[2].replace(",", ";")
    path = land(landing, ORDERS, "orders_00001.csv", "\n".join(lines) + "\n")
    load_file(con, ORDERS, path, landing)
    assert con.execute("select _reason, _raw_record from quarantine.orders__orders").fetchall() == [
        ("wrong delimiter: ';'", lines[2])
    ]


def test_every_quarantined_row_keeps_its_exact_original_text_and_line(con, landing):
    lines = [
        ORDER_HEADER,
        order(1),
        'O2,C1,2024-03-01 10:00:00,paid,abc,,CNY,alipay,online,"a note\nover two lines"',  # wrong type, 2 lines
        order(3).replace("paid", "shipped"),  # unknown value
        "O4,C1,2024-03-01 10:00:00,paid",  # missing columns
        "",
        order(5) + ",",  # too many columns
        order(1),  # duplicate key
    ]
    path = land(landing, ORDERS, "orders_00001.csv", "\r\n".join(lines) + "\r\n")
    result = load_file(con, ORDERS, path, landing)
    assert (result.rows_counted, result.rows_loaded, result.rows_quarantined) == (6, 1, 5)
    stored = con.execute(
        "select _line_number, _raw_record from quarantine.orders__orders order by _row_number"
    ).fetchall()
    assert stored == [(3, lines[2]), (5, lines[3]), (6, lines[4]), (8, lines[6]), (9, lines[7])]
    assert con.execute("select count(*) from quarantine.orders__orders where _raw_record is null").fetchone()[0] == 0


def test_a_jsonl_quarantine_row_keeps_its_line_and_number(con, landing):
    spec = spec_for("social__mentions")
    lines = ['{"mention_id": "M1", "platform": "weibo", "author_handle": "@a", "posted_at": "2024-03-01T10:00:00Z", '
             '"text": "好"}', "   ", '{"mention_id": "M2", "platform": "myspace", "author_handle": "@b", '
             '"posted_at": "2024-03-01T10:00:00Z", "text": "ok"}', "not json"]
    path = land(landing, spec, "m.jsonl", "\n".join(lines) + "\n")
    result = load_file(con, spec, path, landing)
    assert (result.rows_counted, result.rows_loaded) == (3, 1)
    assert con.execute("select _line_number, _raw_record, _reason from quarantine.social__mentions order by 1"
                       ).fetchall() == [(3, lines[2], "unknown value: platform"),
                                        (4, "not json", "unparseable line: not a json object")]


# -- values spreadsheets produce -------------------------------------------------------------------------

def test_a_timestamp_with_a_spaced_offset_is_read(con, landing):
    path = land(landing, ORDERS, "orders_00001.csv",
                "\n".join([ORDER_HEADER, order(1, "2024-01-02 10:00:00 +0000"), order(2, "2024-01-02 10:00:00 -05:30")]))
    result = load_file(con, ORDERS, path, landing)
    assert result.rows_loaded == 2
    utc = con.execute("select strftime(ordered_at at time zone 'UTC', '%H:%M') from raw.orders__orders order by 1")
    assert utc.fetchall() == [("10:00",), ("15:30",)]


def test_phones_in_scientific_notation_are_read_when_whole_else_quarantined(con, landing):
    content = "\n".join([CUSTOMER_HEADER, customer(1, "1.38E+10"), customer(2, "1.3812345678E+10"),
                         customer(3, "138 1234 5678")]) + "\n"
    path = land(landing, CUSTOMERS, "customers_00001.csv", content)
    result = load_file(con, CUSTOMERS, path, landing)
    assert (result.rows_loaded, result.rows_quarantined) == (2, 1)
    assert con.execute("select customer_id, phone from raw.crm__customers order by 1").fetchall() == [
        ("C2", "13812345678"), ("C3", "138 1234 5678")
    ]
    assert con.execute("select phone, _reason from quarantine.crm__customers").fetchall() == [
        ("1.38E+10", "scientific notation: phone")
    ]


def test_a_lone_cr_inside_a_field_of_an_lf_file_stays_in_its_field(con, landing):
    lines = orders_csv(3).splitlines()
    header = lines[0].split(",")
    status = header.index("status")
    fields = lines[2].split(",")
    fields[status] = "paid\r\r"  # a line break pasted into an unquoted field, as in a tweet export
    lines[2] = ",".join(fields)
    path = land(landing, ORDERS, "orders_00001.csv", "\n".join(lines) + "\n")
    result = load_file(con, ORDERS, path, landing)
    assert (result.rows_counted, result.rows_read, result.error) == (3, 3, None)
    assert (result.rows_loaded, result.rows_quarantined) == (2, 1)  # every row kept; the status is not a known one
    [(status_text, raw_record)] = con.execute("select status, _raw_record from quarantine.orders__orders").fetchall()
    assert status_text == "paid\r\r"
    assert '"paid\r\r"' in raw_record
