"""The dbt project end to end on hand-made raw rows and on an empty warehouse.

Each warehouse is created the way ingest creates it (``ensure_tables``), then ``dbt build`` runs as a
subprocess (models, data tests and unit tests). The marts' column contract with the dashboards and the
business rules on a few known customers are asserted on the result.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from dbt_cli import run_dbt

from pipelines.ingest.tables import ensure_tables
from pipelines.sources import all_specs
from pipelines.warehouse import connect as connect_warehouse


# Columns the dashboards rely on (a contract: the marts may add columns, never drop or rename these).
CONTRACT = {
    "fct_orders": [
        "order_id", "customer_id", "ordered_at", "order_date", "order_month", "status", "is_paid",
        "currency", "amount_cny", "refund_amount_cny", "net_amount_cny", "item_count", "quantity",
        "channel", "payment_method", "store_id",
    ],
    "customer_rfm": [
        "customer_id", "as_of_date", "last_order_date", "recency_days", "frequency", "monetary",
        "r_score", "f_score", "m_score", "fm_score", "rfm_cell", "segment",
        "service_tier",
    ],
    "customer_360": [
        "customer_id", "name_masked", "phone_masked", "email_masked", "gender", "city", "region",
        "signup_at", "acquisition_channel", "lifetime_orders", "lifetime_revenue", "first_order_at",
        "last_order_at", "avg_order_value", "orders_12m", "revenue_12m", "favourite_category",
        "last_interaction_at", "last_interaction_channel", "interactions_total", "complaints_90d",
        "recency_days", "r_score", "f_score", "m_score", "segment", "service_tier",
        "as_of_date",
    ],
}

L1 = "'load-1', 'f1.csv', timestamptz '2025-06-01 00:00:00+00'"
L2 = "'load-2', 'f2.csv', timestamptz '2025-06-02 00:00:00+00'"

RAW_ROWS = [
    f"""insert into raw.crm__customers values
    ('c1', '张三', '+86 138 1234 5678', ' Zhang@Example.com ', 'M', date '1990-01-01', '上海', '华东', 'retail',
     'A公司', timestamptz '2023-01-01 08:00:00+08', 'wechat', 'gold', {L1}),
    ('c1', '张三', '138-1234-5678', 'zhang@example.com', 'M', date '1990-01-01', '上海', '华东', 'retail',
     'A公司', timestamptz '2023-01-01 08:00:00+08', 'wechat', 'diamond', {L2}),
    ('c2', 'John Smith', '+1 (415) 555-0123', 'JOHN@mail.com', 'M', null, 'Beijing', '华北', null, null,
     timestamptz '2023-02-01 10:00:00+00', 'search', 'silver', {L1}),
    ('c3', '李四', '１３９１２３４５６７８', null, 'F', null, '深圳', '华南', null, null,
     timestamptz '2024-03-01 09:00:00+08', 'store', null, {L1}),
    ('c4', '王五', 'n/a', '', 'U', null, null, null, null, null,
     timestamptz '2024-05-01 09:00:00+08', 'ads', null, {L1}),
    ('c5', 'Ann Lee', '0086 13700001111', 'ann@lee.cn', 'F', null, '广州', '华南', null, null,
     timestamptz '2024-06-01 09:00:00+08', 'referral', 'silver', {L1})""",
    f"""insert into raw.orders__orders values
    ('o1', 'c1', timestamptz '2025-05-01 10:00:00+08', 'paid', 100.00, null, 'CNY', 'alipay', 'app', 's1', {L1}),
    ('o2', 'c1', timestamptz '2025-05-20 10:00:00+08', 'paid', 50.00, 10.00, 'USD', 'card', 'online', null, {L1}),
    ('o3', 'c2', timestamptz '2025-04-01 10:00:00+00', 'refunded', 80.00, 80.00, 'HKD', 'card', 'online', null, {L1}),
    ('o4', 'c2', timestamptz '2025-03-01 10:00:00+00', 'paid', 300.00, null, 'HKD', 'card', 'store', 's2', {L1}),
    ('o5', 'c3', timestamptz '2025-05-30 10:00:00+08', 'cancelled', 70.00, null, 'CNY', 'wechat_pay', 'mini_program', null, {L1}),
    ('o6', 'c5', timestamptz '2025-05-31 10:00:00+08', 'paid', 20.00, null, 'CNY', 'wechat_pay', 'mini_program', null, {L1}),
    ('o6', 'c5', timestamptz '2025-05-31 10:00:00+08', 'paid', 25.00, 5.00, 'CNY', 'wechat_pay', 'mini_program', null, {L2})""",
    f"""insert into raw.orders__order_items values
    ('o1', 1, 'p1', 'apparel', 1, 60.00, {L1}), ('o1', 2, 'p2', 'shoes', 2, 20.00, {L1}),
    ('o2', 1, 'p3', 'shoes', 1, 50.00, {L1}), ('o4', 1, 'p4', 'bags', 3, 100.00, {L1}),
    ('o6', 1, 'p1', 'apparel', 1, 25.00, {L2})""",
    f"""insert into raw.interactions__interactions values
    ('i1', 'c1', null, null, null, 'phone', 'complaint', 'delivery', timestamptz '2025-05-02 10:00:00+08',
     timestamptz '2025-05-02 10:30:00+08', null, null, 'open', 'agent a', 'logistics', null, '没收到货', null, {L1}),
    ('i2', null, '13812345678', null, null, 'wechat', 'inquiry', 'price', timestamptz '2025-05-10 10:00:00+08',
     null, null, null, 'resolved', 'agent b', 'sales', 4, '价格?', null, {L1}),
    ('i3', null, null, 'JOHN@MAIL.COM', null, 'email', 'requirement', 'other', timestamptz '2025-04-10 10:00:00+00',
     null, null, null, 'closed', null, null, 5, 'need invoice', null, {L1}),
    ('i4', null, null, null, '@fan', 'online_chat', 'inquiry', null, timestamptz '2025-04-11 10:00:00+00',
     null, null, null, 'open', null, null, null, 'hi', null, {L1})""",
    f"""insert into raw.social__mentions values
    ('m1', 'weibo', '@fan', timestamptz '2025-05-01 00:00:00+00', '很好用', 10, 2, 3, 'https://weibo.com/1', {L1})""",
    f"""insert into raw.surveys__responses values
    ('r1', 's1', 'c1', null, null, null, 'sms', timestamptz '2025-05-01 00:00:00+00',
     timestamptz '2025-05-02 00:00:00+00', 9, 5, 5, 4, 4, '不错', null, {L1}),
    ('r2', 's1', null, 'ann@lee.cn', null, null, 'email', timestamptz '2025-05-01 00:00:00+00',
     null, null, null, null, null, null, null, null, {L1}),
    -- a review of order o4: its respondent is that order's customer
    ('r3', 's1', null, null, null, null, 'app', timestamptz '2025-05-01 00:00:00+00',
     timestamptz '2025-05-03 00:00:00+00', null, 2, null, null, null, 'slow', 'o4', {L1})""",
]


def _make_warehouse(path: Path, rows: list[str]) -> None:
    with connect_warehouse(path) as con:
        ensure_tables(con, all_specs())
        for statement in rows:
            con.execute(statement)


def _dbt(warehouse: Path, work_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return run_dbt(warehouse, work_dir / "target", *args, timeout=600)


def _query(warehouse: Path, sql: str) -> list[tuple]:
    with connect_warehouse(warehouse, read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    work_dir = tmp_path_factory.mktemp("dbt_hand_made")
    warehouse = work_dir / "warehouse.duckdb"
    _make_warehouse(warehouse, RAW_ROWS)
    result = _dbt(warehouse, work_dir, "build")
    assert result.returncode == 0, result.stdout[-5000:]
    return warehouse


def test_build_runs_unit_tests_and_data_tests(built):
    # the build above passed; every mart exists in its schema
    tables = {
        (schema, name)
        for schema, name in _query(built, "select schema_name, table_name from duckdb_tables()")
    }
    assert {("marts", "fct_orders"), ("marts", "customer_rfm"), ("marts", "customer_360")} <= tables
    assert ("intermediate", "int_as_of_date") in tables
    assert ("seeds", "rfm_segments") in tables


@pytest.mark.parametrize("mart", sorted(CONTRACT))
def test_marts_keep_the_dashboard_column_contract(built, mart):
    columns = [
        name
        for (name,) in _query(
            built,
            f"select column_name from information_schema.columns "
            f"where table_schema = 'marts' and table_name = '{mart}'",
        )
    ]
    missing = [column for column in CONTRACT[mart] if column not in columns]
    assert missing == []


def test_as_of_defaults_to_the_latest_order_date(built):
    assert _query(built, "select as_of_date::varchar, as_of_source from intermediate.int_as_of_date") == [
        ("2025-05-31", "latest_order")
    ]


def test_fct_orders_keeps_the_latest_load_and_converts_to_cny(built):
    rows = dict(
        (order_id, (amount_cny, refund_cny, net_cny))
        for order_id, amount_cny, refund_cny, net_cny in _query(
            built,
            "select order_id, amount_cny::double, refund_amount_cny::double, net_amount_cny::double "
            "from marts.fct_orders",
        )
    )
    assert rows["o2"] == (355.0, 71.0, 284.0)  # USD 50 paid, 10 refunded
    assert rows["o3"] == (72.8, 72.8, 0.0)  # HKD refunded in full
    assert rows["o5"] == (70.0, 0.0, 0.0)  # cancelled
    assert rows["o6"] == (25.0, 5.0, 20.0)  # the re-sent row wins


def test_customer_rfm_covers_paying_crm_customers_only(built):
    rows = _query(
        built,
        "select customer_id, recency_days, frequency, monetary::double, rfm_cell, segment "
        "from marts.customer_rfm order by customer_id",
    )
    assert rows == [
        ("c1", 11, 2, 384.0, "2-4", "At risk"),
        ("c2", 91, 1, 273.0, "1-2", "Lost"),
        ("c5", 0, 1, 20.0, "4-1", "Promising"),
    ]


def test_a_review_of_an_order_is_its_customers(built):
    assert _query(built, "select response_id, customer_id from staging.stg_surveys__responses "
                         "order by response_id") == [("r1", "c1"), ("r2", None), ("r3", "c2")]


def test_customer_360_masks_and_matches_interactions(built):
    rows = {
        row[0]: row[1:]
        for row in _query(
            built,
            "select customer_id, name_masked, phone_masked, email_masked, interactions_total, "
            "last_interaction_channel, complaints_90d from marts.customer_360",
        )
    }
    assert len(rows) == 5
    assert rows["c1"] == ("张*", "138****5678", "z***@example.com", 2, "wechat", 1)
    assert rows["c2"] == ("J*** S****", "+14*****0123", "j***@mail.com", 1, "email", 0)
    assert rows["c4"] == ("王*", None, None, 0, None, 0)


def test_no_unmasked_personal_data_in_marts(built):
    secrets = _query(
        built,
        "select customer_name from staging.stg_crm__customers where customer_name is not null "
        "union all select phone from staging.stg_crm__customers where phone is not null "
        "union all select substr(phone, 4) from staging.stg_crm__customers where phone like '+86%' "
        "union all select email from staging.stg_crm__customers where email is not null",
    )
    text_columns = _query(
        built,
        "select table_name, column_name from information_schema.columns "
        "where table_schema = 'marts' and data_type = 'VARCHAR'",
    )
    for table, column in text_columns:
        values = {value for (value,) in _query(built, f'select distinct "{column}" from marts.{table}')}
        leaked = values & {secret for (secret,) in secrets}
        assert not leaked, f"marts.{table}.{column} holds unmasked personal data"


def test_build_on_an_empty_warehouse(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    _make_warehouse(warehouse, [])
    result = _dbt(warehouse, tmp_path, "build")
    assert result.returncode == 0, result.stdout[-5000:]
    assert _query(warehouse, "select count(*) from marts.customer_360") == [(0,)]
    assert _query(warehouse, "select as_of_source from intermediate.int_as_of_date") == [("current_date",)]


def test_unit_tests_run_on_a_fresh_warehouse_after_seed_and_empty_run(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    _make_warehouse(warehouse, [])
    for args in (["seed"], ["run", "--empty"], ["test", "--select", "test_type:unit"]):
        result = _dbt(warehouse, tmp_path, *args)
        assert result.returncode == 0, f"dbt {' '.join(args)}\n{result.stdout[-5000:]}"
