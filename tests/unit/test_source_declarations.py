"""A source is one YAML declaration: validation that names file, line and field, and the dialects,
mappings, value maps, constants and derived fields a declaration can state, loaded from small
hand-made files the way spreadsheet tools and other systems write them."""

from __future__ import annotations

import dataclasses
import textwrap
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.ingest.loader import load_entity, load_file
from pipelines.ingest.tables import ensure_tables
from pipelines.sources import all_specs
from pipelines.sources.canonical import CURRENCIES, CURRENCY_RATES_SEED
from pipelines.sources.declaration import DeclarationError, parse_declaration

SHOP = """\
description: A web shop's order export.
dialect:
  format: csv
  time_zone: Europe/London
entities:
  orders:
    columns:
      order_id: 订单号
      customer_id: Customer No
      ordered_at: Order Date
      status: 状态
      payment_method: Payment
    values:
      status: {Paid: paid, 已退款: refunded, Cancelled: cancelled}
    constants:
      currency: USD
      channel: online
    derived:
      amount: Qty * "Unit Price"
"""
SHOP_HEADER = "订单号,Customer No,Order Date,状态,Payment,Qty,Unit Price"


def declare(folder: Path, text: str, name: str = "shop") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def shop_orders(tmp_path: Path, dialect: str = "", name: str = "shop", time_zone: str = "Europe/London"):
    """The shop declaration with ``dialect`` lines added under the source's dialect."""
    text = SHOP.replace("  time_zone: Europe/London\n", f"  time_zone: {time_zone}\n" + dialect)
    [spec] = parse_declaration(declare(tmp_path / "declared", text, name))
    return spec


@pytest.fixture
def con(tmp_path):
    connection = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    yield connection
    connection.close()


def land(tmp_path: Path, spec, name: str, content: bytes | str) -> Path:
    folder = spec.landing_dir(tmp_path / "landing")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def loaded_orders(con) -> list[tuple]:
    return con.execute(
        "select order_id, customer_id, strftime(ordered_at at time zone 'UTC', '%Y-%m-%d %H:%M'), status, amount, "
        "currency, channel from raw.shop__orders order by order_id"
    ).fetchall()


# -- the declarations ----------------------------------------------------------------------------------

def test_the_built_in_sources_are_declarations_of_the_canonical_entities():
    assert [(s.source, s.entity, s.file_format, s.naive_timezone) for s in all_specs()] == [
        ("crm", "customers", "csv", "Asia/Shanghai"),
        ("interactions", "interactions", "jsonl", "Asia/Shanghai"),
        ("orders", "orders", "csv", "Asia/Shanghai"),
        ("orders", "order_items", "csv", "Asia/Shanghai"),
        ("social", "mentions", "jsonl", "UTC"),
        ("surveys", "responses", "csv", "Asia/Shanghai"),
    ]


def test_currencies_are_the_ones_with_a_rate_in_the_seed():
    seed = pl.read_csv(CURRENCY_RATES_SEED)
    assert CURRENCIES == tuple(seed["currency"])
    assert all_specs()[2].get("currency").allowed == CURRENCIES


def test_every_problem_of_a_declaration_names_its_file_line_and_field(tmp_path):
    path = declare(tmp_path, """\
        dialect:
          time_zone: Mars/Olympus
          delimiter: ";;"
        entities:
          orders:
            columns:
              amout: Amount
            values:
              status: {Cancelled: canceled}
            derived:
              refund_amount: Refund; drop table x
            landing_folder: shop/orders
          invoices:
            columns: {}
        """)
    with pytest.raises(DeclarationError) as error:
        parse_declaration(path)
    assert str(error.value).splitlines() == [
        "shop.yml:12: entities.orders.landing_folder: Extra inputs are not permitted",
    ]
    path = declare(tmp_path, path.read_text().replace("    landing_folder: shop/orders\n", ""))
    with pytest.raises(DeclarationError) as error:
        parse_declaration(path)
    lines = str(error.value).splitlines()
    assert lines[:4] == [
        "shop.yml:7: entities.orders.columns.amout: 'amout' is not a field of orders (fields: order_id, customer_id, "
        "ordered_at, status, amount, refund_amount, currency, payment_method, channel, store_id)",
        "shop.yml:9: entities.orders.values.status.Cancelled: 'canceled' is not one of paid, refunded, cancelled",
        "shop.yml:11: entities.orders.derived.refund_amount: cannot read '; drop table x': "
        "use column names, numbers, + - * / and ( )",
        "shop.yml:12: entities.invoices: 'invoices' is not a canonical entity (one of: customers, orders, "
        "order_items, invoice_lines, interactions, mentions, responses)",
    ]
    assert sorted(lines[4:]) == [
        "shop.yml:2: dialect.time_zone: 'Mars/Olympus' is not a time zone (e.g. Europe/London)",
        "shop.yml:3: dialect.delimiter: one ASCII character (or tab)",
    ]


def test_a_file_that_is_not_yaml_names_its_line(tmp_path):
    path = declare(tmp_path, "entities:\n  orders:\n    columns: [a\n")
    with pytest.raises(DeclarationError, match=r"^shop\.yml:4: not YAML"):
        parse_declaration(path)


# -- mapping, value maps, constants, derived fields ------------------------------------------------------

def test_columns_values_constants_and_derived_fields_fill_the_contract(con, tmp_path):
    spec = shop_orders(tmp_path)
    path = land(tmp_path, spec, "export.csv", "\n".join([
        SHOP_HEADER,
        "A1,C1,2024-07-01 10:00:00,Paid,card,2,9.99",
        "A2,C2,2024-07-02 10:00:00,已退款,card,1,5",
        "A3,C3,2024-07-03 10:00:00,Lost,card,1,5",  # no value maps onto Lost
        "A4,C4,2024-07-04 10:00:00,Cancelled,card,x,5",  # no amount without a quantity
    ]) + "\n")
    result = load_file(con, spec, path, tmp_path / "landing")
    assert (result.rows_loaded, result.rows_quarantined, result.error) == (2, 2, None)
    assert result.reasons == {"unknown value: status": 1, "missing value: amount": 1}
    assert (result.extra_columns, result.missing_columns) == ((), ("refund_amount", "store_id"))
    assert loaded_orders(con) == [
        # BST: 10:00 in London is 09:00 UTC
        ("A1", "C1", "2024-07-01 09:00", "paid", Decimal("19.98"), "USD", "online"),
        ("A2", "C2", "2024-07-02 09:00", "refunded", Decimal("5.00"), "USD", "online"),
    ]


# -- dialects: the files of the table, each loaded under its declaration ----------------------

ROWS = [
    "A1,C1,2024-01-02 10:00:00,Paid,card,2,1299.00",
    "A2,C2,2024-01-03 10:00:00,Paid,card,1,5.50",
]
EXPECTED = [
    ("A1", "C1", "2024-01-02 10:00", "paid", Decimal("2598.00"), "USD", "online"),
    ("A2", "C2", "2024-01-03 10:00", "paid", Decimal("5.50"), "USD", "online"),
]


def csv_text(delimiter: str = ",", rows: list[str] = ROWS) -> str:
    return "\n".join(line.replace(",", delimiter) for line in [SHOP_HEADER, *rows]) + "\n"


@pytest.mark.parametrize(("dialect", "content"), [
    pytest.param("  encoding: utf-16\n", csv_text().encode("utf-16"), id="excel unicode text, comma"),
    pytest.param("  encoding: utf-16\n  delimiter: tab\n", csv_text("\t").encode("utf-16"), id="excel unicode text, tab"),
    pytest.param("  encoding: utf-16-le\n", csv_text().encode("utf-16-le"), id="utf-16 le without bom"),
    pytest.param("  encoding: gb18030\n", csv_text().encode("gb18030"), id="gb18030"),
    pytest.param("  delimiter: \";\"\n", csv_text(";"), id="semicolon"),
    pytest.param("  skip_rows: 2\n", "Shop export\nGenerated 2024-01-04\n" + csv_text(), id="rows before the header"),
])
def test_a_declared_dialect_loads_the_file(con, tmp_path, dialect, content):
    spec = shop_orders(tmp_path, dialect)
    path = land(tmp_path, spec, "export.csv", content)
    result = load_file(con, spec, path, tmp_path / "landing")
    assert (result.error, result.rows_loaded, result.rows_quarantined) == (None, 2, 0)
    assert [row[:3] + row[4:5] for row in loaded_orders(con)] == [
        ("A1", "C1", "2024-01-02 10:00", Decimal("2598.00")), ("A2", "C2", "2024-01-03 10:00", Decimal("5.50"))]


@pytest.mark.parametrize(("dialect", "dates", "prices"), [
    pytest.param("  timestamp_formats: ['%Y/%m/%d']\n", ["2024/01/02", "2024/01/03"], ["1299.00", "5.50"],
                 id="2024/01/02"),
    pytest.param("  timestamp_formats: ['%d-%m-%Y']\n", ["02-01-2024", "03-01-2024"], ["1299.00", "5.50"],
                 id="02-01-2024"),
    pytest.param("  timestamp_formats: [unix_seconds]\n", ["1704153600", "1704240000"], ["1299.00", "5.50"],
                 id="unix seconds"),
    pytest.param("  thousands: \",\"\n", ["2024-01-02", "2024-01-03"], ['"1,299.00"', "5.50"], id="1,299.00"),
    pytest.param("  currency_symbols: ['¥']\n", ["2024-01-02", "2024-01-03"], ["¥1299", "¥5.5"], id="¥1299"),
    pytest.param("  delimiter: \";\"\n  decimal: \",\"\n  thousands: \".\"\n", ["2024-01-02", "2024-01-03"],
                 ["1.299,00", "5,50"], id="european 1.299,00"),
])
def test_declared_date_and_number_formats_are_read(con, tmp_path, dialect, dates, prices):
    spec = shop_orders(tmp_path, dialect, time_zone="UTC")
    delimiter = ";" if "delimiter" in dialect else ","
    rows = [delimiter.join([f"A{n}", f"C{n}", dates[n - 1], "Paid", "card", "2" if n == 1 else "1", prices[n - 1]])
            for n in (1, 2)]
    path = land(tmp_path, spec, "export.csv", "\n".join([SHOP_HEADER.replace(",", delimiter), *rows]) + "\n")
    result = load_file(con, spec, path, tmp_path / "landing")
    assert (result.error, result.rows_loaded, result.rows_quarantined) == (None, 2, 0)
    assert [(row[0], row[2][:10], row[4]) for row in loaded_orders(con)] == [
        ("A1", "2024-01-02", Decimal("2598.00")), ("A2", "2024-01-03", Decimal("5.50"))]


def frame() -> pl.DataFrame:
    return pl.DataFrame({
        "订单号": ["A1", "A2"], "Customer No": [1.0, 2.0], "Order Date": ["2024-01-02 10:00:00", "2024-01-03 10:00:00"],
        "状态": ["Paid", "Paid"], "Payment": ["card", "card"], "Qty": [2, 1], "Unit Price": [1299.0, 5.5],
    })


def test_a_parquet_file_is_read(con, tmp_path):
    spec = shop_orders(tmp_path, "  format: parquet\n")
    path = spec.landing_dir(tmp_path / "landing") / "export.parquet"
    path.parent.mkdir(parents=True)
    frame().write_parquet(path)
    [result] = load_entity(con, spec, tmp_path / "landing")
    assert (result.error, result.rows_loaded, result.encoding) == (None, 2, "parquet")
    # a whole-number float (an id column with nulls, as pandas writes it) is read without ".0"
    assert [row[1] for row in loaded_orders(con)] == ["1", "2"]


def test_an_xlsx_sheet_is_read(con, tmp_path):
    spec = shop_orders(tmp_path, "  format: xlsx\n  sheet: Orders\n")
    path = spec.landing_dir(tmp_path / "landing") / "export.xlsx"
    path.parent.mkdir(parents=True)
    frame().write_excel(path, worksheet="Orders")
    [result] = load_entity(con, spec, tmp_path / "landing")
    assert (result.error, result.rows_loaded, result.encoding) == (None, 2, "xlsx")
    assert [row[4] for row in loaded_orders(con)] == [Decimal("2598.00"), Decimal("5.50")]


# -- an undeclared dialect fails the file alone, in one line with the fix ----------------------------

def test_an_undeclared_delimiter_fails_its_file_alone_with_the_fix(con, tmp_path):
    spec = shop_orders(tmp_path)
    land(tmp_path, spec, "a.csv", csv_text(";"))
    land(tmp_path, spec, "b.csv", csv_text())
    first, second = load_entity(con, spec, tmp_path / "landing")
    assert first.error == ("wrong delimiter: the header is separated by ';', not ',': "
                           'declare `delimiter: ";"` in shop.yml')
    assert (second.error, second.rows_loaded) == (None, 2)


@pytest.mark.parametrize(("content", "fix"), [
    pytest.param(csv_text().encode("utf-16"), "utf-16", id="excel unicode text"),
    pytest.param(csv_text().encode("utf-16-le"), "utf-16-le", id="utf-16 le without bom"),
    pytest.param(csv_text(rows=[ROWS[0] + "，已付款"]).encode("gb18030"), "gb18030", id="gb18030"),
])
def test_an_undeclared_encoding_fails_its_file_alone_with_the_fix(con, tmp_path, content, fix):
    spec = shop_orders(tmp_path)
    land(tmp_path, spec, "a.csv", content)
    land(tmp_path, spec, "b.csv", csv_text())
    first, second = load_entity(con, spec, tmp_path / "landing")
    assert first.error == f"not utf-8 text: it reads as {fix}; declare `encoding: {fix}` in shop.yml"
    assert (second.error, second.rows_loaded) == (None, 2)
    assert con.execute("select count(*) from raw.shop__orders").fetchone() == (2,)


def test_a_file_not_in_its_declared_encoding_fails_with_the_fix(con, tmp_path):
    spec = shop_orders(tmp_path, "  encoding: utf-16\n")
    path = land(tmp_path, spec, "a.csv", csv_text().encode("gb18030"))
    result = load_file(con, spec, path, tmp_path / "landing")
    assert result.error == "not utf-16 text: it reads as gb18030; declare `encoding: gb18030` in shop.yml"
    ensure_tables(con, (spec,))
    assert con.execute("select count(*) from raw.shop__orders").fetchone() == (0,)


# -- several sources feed one entity -------------------------------------------------------------------

def test_every_source_of_an_entity_meets_in_its_view_with_its_ids_namespaced(con, tmp_path):
    shop = shop_orders(tmp_path)
    shared = dataclasses.replace(shop_orders(tmp_path, name="kiosk"), shared_keys=("customer_id",))
    built_in = all_specs()[2]
    for spec, name in ((shop, "a.csv"), (shared, "b.csv")):
        land(tmp_path, spec, name, csv_text(rows=ROWS[:1]))
    order_file = land(tmp_path, built_in, "orders_00001.csv",
                      "order_id,customer_id,ordered_at,status,amount,currency\nA1,C1,2024-01-02 10:00:00,paid,5.00,CNY\n")
    for spec in (shop, shared):
        load_entity(con, spec, tmp_path / "landing")
    load_file(con, built_in, order_file, tmp_path / "landing")
    ensure_tables(con, (shop, shared))  # the views cover the declared sources and the ones given (not declared here)
    assert con.execute("select source_system, order_id, customer_id from raw.orders order by 1").fetchall() == [
        ("kiosk", "kiosk:A1", "C1"),  # its customers are the CRM's: shared_keys
        ("orders", "A1", "C1"),  # the built-in sources keep their ids (key_namespace: "")
        ("shop", "shop:A1", "shop:C1"),
    ]
    # an entity no declared source feeds is an empty view with the contract's columns
    assert con.execute("select count(*) from raw.invoice_lines").fetchone() == (0,)
    assert "document_type" in [row[0] for row in con.execute("describe raw.invoice_lines").fetchall()]


def test_a_json_lines_export_maps_its_keys_and_values(con, tmp_path):
    [spec] = parse_declaration(declare(tmp_path / "declared", """\
        dialect: {format: jsonl, time_zone: UTC, timestamp_formats: [unix_millis]}
        entities:
          mentions:
            columns: {mention_id: id, platform: network, author_handle: user.name, posted_at: time, text: content}
            values:
              platform: {Twitter: twitter, "re:(?i)weibo": weibo}
        """, "listening"))
    lines = [
        '{"id": "m1", "network": "Twitter", "user.name": "@a", "time": 1704153600000, "content": "hi", "lang": "en"}',
        '{"id": "m2", "network": "Sina Weibo", "user.name": "@b", "time": "1704240000000", "content": "好"}',
        '{"id": "m3", "network": "Myspace", "user.name": "@c", "time": 1704240000000, "content": "?"}',
    ]
    path = land(tmp_path, spec, "a.jsonl", "\n".join(lines) + "\n")
    result = load_file(con, spec, path, tmp_path / "landing")
    assert (result.rows_loaded, result.reasons, result.extra_columns) == (2, {"unknown value: platform": 1}, ("lang",))
    assert con.execute("select mention_id, platform, author_handle, strftime(posted_at at time zone 'UTC', '%Y-%m-%d %H:%M') "
                       "from raw.listening__mentions order by 1").fetchall() == [
        ("m1", "twitter", "@a", "2024-01-02 00:00"), ("m2", "weibo", "@b", "2024-01-03 00:00")]


def test_a_file_without_a_header_is_read_by_column_position(con, tmp_path):
    [spec] = parse_declaration(declare(tmp_path / "declared", """\
        dialect: {header: false, delimiter: "|", time_zone: UTC}
        entities:
          order_items:
            columns: {order_id: column_1, line_no: column_2, product_id: column_3, category: column_4,
                      quantity: column_5, unit_price: column_6}
        """, "pos"))
    path = land(tmp_path, spec, "a.csv", "O1|1|P1|home|2|9.90\nO1|2|P2|home|x|1.00\n")
    result = load_file(con, spec, path, tmp_path / "landing")
    assert (result.rows_loaded, result.reasons) == (1, {"wrong type: quantity": 1})
    assert con.execute("select order_id, line_no, quantity, unit_price from raw.pos__order_items").fetchall() == [
        ("O1", 1, 2, Decimal("9.90"))]
