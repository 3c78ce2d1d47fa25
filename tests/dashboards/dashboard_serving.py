"""A tiny hand-made serving file, written with the tables and columns of the serving contract.

Known totals of the default data (orders are paid unless said otherwise):
    C1: O1 2024-01 ¥120, O2 2024-02 ¥280
    C2: O3 2024-02 refunded in full (not paid, net ¥0), O4 2024-03 ¥1,350
    C3: O5 2024-03 cancelled (not paid), O6 2024-04 ¥260 less a ¥10 refund = ¥250
    C4, C5: no orders
  all months:   5 customers, 3 buyers, 4 paid orders, revenue ¥2,000, average order value ¥500.00
  2024-03..04:  2 buyers, 2 paid orders, revenue ¥1,600, average order value ¥800.00
  RFM: C1 Champions (high value, ¥400), C2 Loyal (high value, ¥1,350), C3 At risk (at risk, ¥250)
"""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import duckdb

AS_OF = date(2024, 4, 30)


class Order(NamedTuple):
    order_id: str
    customer_id: str
    ordered_at: datetime
    status: str
    amount_cny: Decimal
    refund_amount_cny: Decimal = Decimal("0")


ORDERS = (
    Order("O1", "C1", datetime(2024, 1, 10, 10, 0), "paid", Decimal("120.00")),
    Order("O2", "C1", datetime(2024, 2, 5, 12, 30), "paid", Decimal("280.00")),
    Order("O3", "C2", datetime(2024, 2, 20, 9, 0), "refunded", Decimal("80.00"), Decimal("80.00")),
    Order("O4", "C2", datetime(2024, 3, 3, 15, 0), "paid", Decimal("1350.00")),
    Order("O5", "C3", datetime(2024, 3, 15, 11, 0), "cancelled", Decimal("60.00")),
    Order("O6", "C3", datetime(2024, 4, 1, 18, 0), "paid", Decimal("260.00"), Decimal("10.00")),
)

# customer_id, name_masked, city, segment, segment_zh, service_tier, service_tier_zh, monetary
CUSTOMERS = (
    ("C1", "张*", "上海", "Champions", "冠军客户", "high value", "高价值", Decimal("400.00")),
    ("C2", "L*", "北京", "Loyal", "忠诚客户", "high value", "高价值", Decimal("1350.00")),
    ("C3", "王*", "深圳", "At risk", "流失风险客户", "at risk", "风险", Decimal("250.00")),
    ("C4", "陈*", "杭州", None, None, None, None, None),
    ("C5", "M*", "成都", None, None, None, None, None),
)

SCHEMA_SQL = """
create schema marts;
create schema meta;
create table marts.fct_orders (
    order_id varchar, customer_id varchar, ordered_at timestamp, order_date date, order_month date,
    status varchar, is_paid boolean, currency varchar, amount_cny decimal(18, 2),
    refund_amount_cny decimal(18, 2), net_amount_cny decimal(18, 2), item_count integer, quantity integer,
    channel varchar, payment_method varchar, store_id varchar
);
create table marts.customer_rfm (
    customer_id varchar, as_of_date date, last_order_date date, recency_days integer, frequency integer,
    monetary decimal(18, 2), r_score integer, f_score integer, m_score integer, fm_score integer,
    rfm_cell varchar, segment varchar, segment_zh varchar, service_tier varchar, service_tier_zh varchar
);
create table marts.customer_360 (
    customer_id varchar, name_masked varchar, phone_masked varchar, email_masked varchar, gender varchar,
    city varchar, region varchar, signup_at timestamp, acquisition_channel varchar, lifetime_orders integer,
    lifetime_revenue decimal(18, 2), first_order_at timestamp, last_order_at timestamp,
    avg_order_value decimal(18, 2), orders_12m integer, revenue_12m decimal(18, 2), favourite_category varchar,
    last_interaction_at timestamp, last_interaction_channel varchar, interactions_total integer,
    complaints_90d integer, recency_days integer, r_score integer, f_score integer, m_score integer,
    segment varchar, segment_zh varchar, service_tier varchar, service_tier_zh varchar, as_of_date date
);
create table meta.published (published_at timestamptz, as_of_date date, build_id varchar);
"""


def order_row(order: Order) -> tuple:
    """A marts.fct_orders row, with the derived columns filled in as the mart defines them."""
    return (
        order.order_id,
        order.customer_id,
        order.ordered_at,
        order.ordered_at.date(),
        order.ordered_at.date().replace(day=1),
        order.status,
        order.status == "paid",
        "CNY",
        order.amount_cny,
        order.refund_amount_cny,
        order.amount_cny - order.refund_amount_cny if order.status != "cancelled" else Decimal("0"),
        1,
        1,
        "online",
        "alipay",
        "S1",
    )


def write_serving_file(path: Path, orders: Iterable[Order] = ORDERS, build_id: str = "test-build-1") -> Path:
    """Write a complete serving file at ``path`` (which must not exist yet)."""
    with duckdb.connect(str(path)) as connection:
        connection.execute(SCHEMA_SQL)
        connection.executemany(
            "insert into marts.fct_orders values (" + ", ".join(["?"] * 16) + ")",
            [order_row(order) for order in orders],
        )
        connection.executemany(
            """
            insert into marts.customer_360 (customer_id, name_masked, phone_masked, city, segment, segment_zh,
                service_tier, service_tier_zh, as_of_date)
            values (?, ?, '138****0000', ?, ?, ?, ?, ?, ?)
            """,
            [
                (cid, name, city, seg, seg_zh, tier, tier_zh, AS_OF)
                for cid, name, city, seg, seg_zh, tier, tier_zh, _ in CUSTOMERS
            ],
        )
        connection.executemany(
            """
            insert into marts.customer_rfm (customer_id, as_of_date, monetary, segment, segment_zh,
                service_tier, service_tier_zh)
            values (?, ?, ?, ?, ?, ?, ?)
            """,
            [
                (cid, AS_OF, monetary, seg, seg_zh, tier, tier_zh)
                for cid, _, _, seg, seg_zh, tier, tier_zh, monetary in CUSTOMERS
                if seg is not None
            ],
        )
        connection.execute(
            "insert into meta.published values (?, ?, ?)",
            [datetime.fromisoformat("2024-04-30T20:00:00+00:00"), AS_OF, build_id],
        )
    return path
