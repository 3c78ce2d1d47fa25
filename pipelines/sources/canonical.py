"""The canonical entities every source feeds: their columns, types, keys, allowed values and rules.

A source declaration (pipelines/sources/declared/<source>.yml) says which of these entities its files
feed and how its columns map onto them; staging reads each entity's raw tables, whatever the source.
Currencies and their rates are declared once, in the dbt seed currency_rates.csv: the contract admits
exactly the currencies that have a rate.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from pipelines.sources.base import Field, RowRule

CURRENCY_RATES_SEED = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "currency_rates.csv"


def _declared_currencies() -> tuple[str, ...]:
    with CURRENCY_RATES_SEED.open(encoding="utf-8", newline="") as handle:
        return tuple(row["currency"] for row in csv.DictReader(handle))


GENDERS = ("M", "F", "U")
ACQUISITION_CHANNELS = ("organic", "search", "social", "referral", "store", "ads", "wechat", "marketplace")
MEMBER_TIERS = ("silver", "gold", "diamond")

ORDER_STATUSES = ("paid", "refunded", "cancelled")
CURRENCIES = _declared_currencies()
PAYMENT_METHODS = ("alipay", "wechat_pay", "card", "cash", "bank_transfer", "cod")
SALES_CHANNELS = ("online", "app", "mini_program", "store", "marketplace")

INTERACTION_CHANNELS = ("phone", "online_chat", "email", "wechat", "store_visit")
INTERACTION_KINDS = ("inquiry", "complaint", "requirement", "callback", "visit")
INTERACTION_CATEGORIES = ("product_quality", "delivery", "price", "service_attitude", "billing", "account", "other")
INTERACTION_STATUSES = ("open", "in_progress", "resolved", "closed", "reopened")

PLATFORMS = ("weibo", "wechat", "xiaohongshu", "douyin", "twitter")
SURVEY_CHANNELS = ("sms", "email", "wechat", "app")


@dataclass(frozen=True)
class Contract:
    """A canonical entity: what a valid row is, whichever source it comes from."""

    entity: str
    key: tuple[str, ...]
    fields: tuple[Field, ...]
    rules: tuple[RowRule, ...] = ()
    description: str = ""

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def get(self, name: str) -> Field:
        return self.fields[self.field_names.index(name)]


CUSTOMERS = Contract(
    entity="customers",
    key=("customer_id",),
    description="One row per customer account.",
    fields=(
        Field("customer_id", "VARCHAR", required=True, description="CRM customer id"),
        Field("name", "VARCHAR", pii=True),
        Field("phone", "VARCHAR", pii=True, digit_code=True, description="as typed: +86, spaces, dashes, full-width digits"),
        Field("email", "VARCHAR", pii=True, description="as typed: any case, stray spaces"),
        Field("gender", "VARCHAR", allowed=GENDERS),
        Field("birthday", "DATE", not_future=True, pii=True),
        Field("city", "VARCHAR"),
        Field("region", "VARCHAR"),
        Field("industry", "VARCHAR"),
        Field("company", "VARCHAR"),
        Field("signup_at", "TIMESTAMPTZ", not_future=True,
              description="when the account was opened; a customer master without it signs a customer up at "
              "their first order (stg_crm__customers)"),
        Field("acquisition_channel", "VARCHAR", allowed=ACQUISITION_CHANNELS),
        Field("member_tier", "VARCHAR", allowed=MEMBER_TIERS, description="tier as recorded in the CRM"),
    ),
)

ORDERS = Contract(
    entity="orders",
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

ORDER_ITEMS = Contract(
    entity="order_items",
    key=("order_id", "line_no"),
    description="One row per order line.",
    fields=(
        Field("order_id", "VARCHAR", required=True),
        Field("line_no", "INTEGER", required=True, min_value=1),
        Field("product_id", "VARCHAR", required=True),
        Field("category", "VARCHAR"),
        Field("quantity", "INTEGER", required=True, min_value=1),
        Field("unit_price", "DECIMAL(18,2)", required=True, min_value=0),
    ),
)

DOCUMENT_TYPES = ("sale", "credit_note")

INVOICE_LINES = Contract(
    entity="invoice_lines",
    key=("order_id", "line_no"),
    description="One row per line of an invoice or a credit note, carrying its document's header (an export of "
    "invoice lines). Staging assembles an order from each invoice's lines and nets each customer's credit notes "
    "against that customer's orders; the sale lines are order lines.",
    fields=(
        Field("order_id", "VARCHAR", required=True, description="invoice or credit note number"),
        Field("line_no", "INTEGER", required=True, min_value=1),
        Field("document_type", "VARCHAR", required=True, allowed=DOCUMENT_TYPES),
        Field("customer_id", "VARCHAR", required=True),
        Field("ordered_at", "TIMESTAMPTZ", required=True, not_future=True),
        Field("currency", "VARCHAR", required=True, allowed=CURRENCIES),
        Field("product_id", "VARCHAR", required=True),
        Field("category", "VARCHAR"),
        Field("quantity", "INTEGER", required=True, description="negative on a credit note's lines in most exports"),
        Field("unit_price", "DECIMAL(18,2)", required=True, min_value=0),
    ),
    rules=(RowRule("out of range: quantity", "document_type = 'sale' and quantity < 1"),),
)

INTERACTIONS = Contract(
    entity="interactions",
    key=("interaction_id",),
    description="One row per interaction; the customer is known by id, or only by phone, e-mail or social handle.",
    fields=(
        Field("interaction_id", "VARCHAR", required=True),
        Field("customer_id", "VARCHAR"),
        Field("phone", "VARCHAR", pii=True, digit_code=True),
        Field("email", "VARCHAR", pii=True),
        Field("social_handle", "VARCHAR"),
        Field("channel", "VARCHAR", required=True, allowed=INTERACTION_CHANNELS),
        Field("kind", "VARCHAR", required=True, allowed=INTERACTION_KINDS),
        Field("category", "VARCHAR", allowed=INTERACTION_CATEGORIES),
        Field("opened_at", "TIMESTAMPTZ", not_future=True,
              description="when the ticket was opened; a ticket without it is dated by its first recorded "
              "time and its SLA is unknown"),
        Field("first_response_at", "TIMESTAMPTZ", not_future=True),
        Field("resolved_at", "TIMESTAMPTZ", not_future=True),
        Field("followed_up_at", "TIMESTAMPTZ", not_future=True),
        Field("status", "VARCHAR", required=True, allowed=INTERACTION_STATUSES),
        Field("agent", "VARCHAR"),
        Field("department", "VARCHAR"),
        Field("satisfaction", "INTEGER", min_value=1, max_value=5),
        Field("text", "VARCHAR"),
        Field("responded_timely", "BOOLEAN",
              description="the desk's own 'responded in time' flag: stands in for the first-response SLA "
              "where the export has no response time"),
    ),
    rules=(
        RowRule(
            "no way to identify the customer",
            "customer_id is null and phone is null and email is null and social_handle is null",
        ),
        RowRule(
            "no time at all: opened_at, first_response_at, resolved_at or followed_up_at",
            "opened_at is null and first_response_at is null and resolved_at is null and followed_up_at is null",
        ),
    ),
)

MENTIONS = Contract(
    entity="mentions",
    key=("mention_id",),
    description="One row per public post that mentions the brand; authors are known only by handle.",
    fields=(
        Field("mention_id", "VARCHAR", required=True),
        Field("platform", "VARCHAR", required=True, allowed=PLATFORMS),
        Field("author_handle", "VARCHAR", required=True),
        Field("posted_at", "TIMESTAMPTZ", required=True, not_future=True),
        Field("text", "VARCHAR", required=True),
        Field("likes", "INTEGER", min_value=0),
        Field("reposts", "INTEGER", min_value=0),
        Field("comments", "INTEGER", min_value=0),
        Field("url", "VARCHAR"),
    ),
)

RESPONSES = Contract(
    entity="responses",
    key=("response_id",),
    description="One row per survey invitation; responded_at and the scores are empty when nobody answered.",
    fields=(
        Field("response_id", "VARCHAR", required=True),
        Field("survey_id", "VARCHAR", required=True),
        Field("customer_id", "VARCHAR"),
        Field("email", "VARCHAR", pii=True),
        Field("phone", "VARCHAR", pii=True, digit_code=True),
        Field("social_handle", "VARCHAR"),
        Field("channel", "VARCHAR", allowed=SURVEY_CHANNELS),
        Field("sent_at", "TIMESTAMPTZ", required=True, not_future=True),
        Field("responded_at", "TIMESTAMPTZ", not_future=True),
        Field("nps", "INTEGER", min_value=0, max_value=10),
        Field("csat", "INTEGER", min_value=1, max_value=5),
        Field("score_product_quality", "INTEGER", min_value=1, max_value=5),
        Field("score_service_response", "INTEGER", min_value=1, max_value=5),
        Field("score_communication", "INTEGER", min_value=1, max_value=5),
        Field("comment", "VARCHAR"),
        # last: a field added since the first warehouses, where it is appended to the raw tables
        Field("order_id", "VARCHAR", description="the order a review or post-purchase survey asks about: "
              "identifies the respondent as that order's customer"),
    ),
    rules=(
        RowRule("responded before sent", "responded_at < sent_at"),
        RowRule("no way to identify the respondent",
                "customer_id is null and email is null and phone is null and order_id is null"),
    ),
)

CONTRACTS: dict[str, Contract] = {
    c.entity: c for c in (CUSTOMERS, ORDERS, ORDER_ITEMS, INVOICE_LINES, INTERACTIONS, MENTIONS, RESPONSES)
}

# Ids a source system mints. Where several sources feed one entity, each source's ids are namespaced
# ("<source>:<id>") in the entity's union of raw tables unless its declaration shares them
# (pipelines/ingest/tables.py), so two systems' order 1001 stay two orders.
SOURCE_IDS = ("customer_id", "order_id", "interaction_id", "mention_id", "response_id", "survey_id")
