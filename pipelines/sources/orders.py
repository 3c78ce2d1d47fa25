"""Orders and their lines, exported as CSV part files by the order system (local time)."""

from pipelines.sources.base import EntitySpec, Field, RowRule

ORDER_STATUSES = ("paid", "refunded", "cancelled")
CURRENCIES = ("CNY", "USD", "HKD")
PAYMENT_METHODS = ("alipay", "wechat_pay", "card", "cash", "bank_transfer", "cod")
SALES_CHANNELS = ("online", "app", "mini_program", "store", "marketplace")

ORDERS = EntitySpec(
    source="orders",
    entity="orders",
    file_format="csv",
    key=("order_id",),
    description="One row per order. A paid order may be partly refunded; a refunded order was refunded in full.",
    fields=(
        Field("order_id", "VARCHAR", required=True),
        Field("customer_id", "VARCHAR", required=True, description="CRM customer id"),
        Field("ordered_at", "TIMESTAMPTZ", required=True, not_future=True),
        Field("status", "VARCHAR", required=True, allowed=ORDER_STATUSES),
        Field("amount", "DECIMAL(18,2)", required=True, min_value=0, description="gross amount in currency"),
        Field("refund_amount", "DECIMAL(18,2)", min_value=0, description="amount refunded so far"),
        Field("currency", "VARCHAR", required=True, allowed=CURRENCIES),
        Field("payment_method", "VARCHAR", allowed=PAYMENT_METHODS),
        Field("channel", "VARCHAR", allowed=SALES_CHANNELS),
        Field("store_id", "VARCHAR"),
    ),
    rules=(RowRule("refund larger than amount", "refund_amount > amount"),),
)

ORDER_ITEMS = EntitySpec(
    source="orders",
    entity="order_items",
    file_format="csv",
    key=("order_id", "line_no"),
    description="One row per order line.",
    fields=(
        Field("order_id", "VARCHAR", required=True),
        Field("line_no", "INTEGER", required=True, min_value=1),
        Field("product_id", "VARCHAR", required=True),
        Field("category", "VARCHAR", required=True),
        Field("quantity", "INTEGER", required=True, min_value=1),
        Field("unit_price", "DECIMAL(18,2)", required=True, min_value=0),
    ),
)

SPECS = (ORDERS, ORDER_ITEMS)
