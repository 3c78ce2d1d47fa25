"""Orders and order lines.

Each person buys once soon after signing up (most do), then repeatedly at a personal rate (gamma: many
one-time buyers, a few heavy buyers) while active: from signup to churn, and again in a reactivation
window for those who come back. Order values are lognormal around the person's spend level. Amounts
are integer cents throughout, and the last line of an order takes the remainder, so the lines of every
order add up to its amount exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from pipelines.generate import identity
from pipelines.generate.columns import choose, integers, labels, money, weights, where
from pipelines.generate.customers import People
from pipelines.generate.service import Experience
from pipelines.generate.timeline import ORDER_HOURS, Timeline, local_timestamp
from pipelines.generate.vocab import CATEGORIES, CITIES, PRODUCTS_PER_CATEGORY
from pipelines.generate.sources import ORDER_ITEMS, ORDERS
from pipelines.sources.canonical import CURRENCIES, ORDER_STATUSES, PAYMENT_METHODS, SALES_CHANNELS

ORDERS_PER_CUSTOMER = 20.0
FIRST_ORDER_SHARE = 0.75
RETURN_RATE_FACTOR = 0.7  # reactivated customers buy less often than before
LINE_COUNT_WEIGHTS = (0.3, 0.3, 0.2, 0.12, 0.08)  # 1..5 lines
QUANTITY_WEIGHTS = (0.75, 0.15, 0.05, 0.03, 0.02)  # 1..5 units
FAVOURITE_SHARE = 0.5
CANCELLED_SHARE, REFUNDED_SHARE, PARTIAL_REFUND_SHARE = 0.035, 0.035, 0.03
# An order bought shortly before a product complaint is often sent back.
REFUND_BEFORE_COMPLAINT_DAYS, REFUND_BEFORE_COMPLAINT_SHARE = 20.0, 0.35
DUPLICATE_ACCOUNT_ORDER_SHARE = 0.4
CNY_PER_UNIT = np.array([1.0, 7.1, 0.92])  # per currency, in canonical.CURRENCIES order
SALES_CHANNEL_WEIGHTS = (0.35, 0.3, 0.15, 0.12, 0.08)
STORES_PER_CITY = 4
# Payment method weights (orders.PAYMENT_METHODS order: alipay, wechat_pay, card, cash, bank_transfer, cod).
ONLINE_PAYMENT = (0.45, 0.4, 0.07, 0.0, 0.03, 0.05)
STORE_PAYMENT = (0.3, 0.35, 0.25, 0.1, 0.0, 0.0)
LARGE_ORDER_CNY = 5_000.0

PAID, REFUNDED, CANCELLED = (ORDER_STATUSES.index(s) for s in ("paid", "refunded", "cancelled"))
STORE = SALES_CHANNELS.index("store")


@dataclass
class OrderBatch:
    orders: pl.DataFrame
    items: pl.DataFrame
    amount_cents: np.ndarray  # per order row, in file order
    status: np.ndarray  # codes into orders.ORDER_STATUSES
    currency: np.ndarray  # codes into canonical.CURRENCIES
    spend_12m_cny: np.ndarray  # per person: paid, net of refunds, in the last 365 days


def make_orders(rng: np.random.Generator, timeline: Timeline, people: People, experience: Experience,
                first_number: int) -> OrderBatch:
    owner, t = _order_times(rng, timeline, people)
    return orders_placed(rng, timeline, people, experience, owner, t, first_number)


def orders_placed(rng: np.random.Generator, timeline: Timeline, people: People, experience: Experience,
                  owner: np.ndarray, t: np.ndarray, first_number: int) -> OrderBatch:
    """The orders that people ``owner`` (local indices) placed at times ``t``, numbered from ``first_number``."""
    m = owner.shape[0]

    n_lines = rng.choice(len(LINE_COUNT_WEIGHTS), size=m, p=weights(LINE_COUNT_WEIGHTS)) + 1
    line_order = np.repeat(np.arange(m), n_lines)
    n_items = line_order.shape[0]
    line_no = np.arange(n_items) - (np.cumsum(n_lines) - n_lines)[line_order] + 1
    is_last = line_no == n_lines[line_order]
    category = np.where(rng.random(n_items) < FAVOURITE_SHARE, people.favourite[owner][line_order],
                        rng.choice(len(CATEGORIES), size=n_items, p=weights([c[3] for c in CATEGORIES])))
    quantity = rng.choice(len(QUANTITY_WEIGHTS), size=n_items, p=weights(QUANTITY_WEIGHTS)) + 1

    price_level = np.bincount(line_order, weights=np.array([c[2] for c in CATEGORIES])[category], minlength=m) / n_lines
    value_cny = np.exp(people.spend_mu[owner] + 0.7 * rng.standard_normal(m)) * price_level * (1 + 0.35 * (n_lines - 1))
    currency = people.currency[owner]
    amount = np.maximum(100, np.round(value_cny / CNY_PER_UNIT[currency] * 100)).astype(np.int64)

    # Split the amount over the lines by random shares; the last line (quantity 1 unless it divides
    # evenly) takes what is left, so quantity * unit price sums to the amount to the cent.
    share = rng.gamma(2.0, size=n_items)
    share /= np.bincount(line_order, weights=share, minlength=m)[line_order]
    unit = np.floor(share * amount[line_order] / quantity).astype(np.int64)
    others = np.bincount(line_order, weights=np.where(is_last, 0, quantity * unit), minlength=m).astype(np.int64)
    remainder = (amount - others)[line_order]
    quantity = np.where(is_last & (remainder % quantity != 0), 1, quantity)
    unit = np.where(is_last, remainder // quantity, unit)

    status, refund = _statuses(rng, amount, t, experience.bad_product[owner])
    channel, payment, store = _channels(rng, people, owner, value_cny)

    duplicate_signup = np.full(people.n, np.inf)
    duplicate_signup[people.duplicate_of] = people.duplicate_signup
    duplicate_id = pl.Series([None] * people.n, dtype=pl.Utf8).scatter(people.duplicate_of, people.duplicate_id)
    moved = (t >= duplicate_signup[owner]) & (rng.random(m) < DUPLICATE_ACCOUNT_ORDER_SHARE)
    customer_id = choose(moved, duplicate_id.gather(owner), people.customer_id.gather(owner))

    order_id = "O" + identity.padded(first_number + np.arange(m), 10)
    orders = pl.DataFrame({
        "order_id": order_id,
        "customer_id": customer_id,
        "ordered_at": local_timestamp(timeline, t),
        "status": labels(ORDER_STATUSES, status),
        "amount": money(amount),
        "refund_amount": where(refund >= 0, money(np.maximum(refund, 0))),
        "currency": labels(CURRENCIES, currency),
        "payment_method": labels(PAYMENT_METHODS, payment),
        "channel": labels(SALES_CHANNELS, channel),
        "store_id": store,
    }).select(ORDERS.field_names)
    codes = pl.Series([c[1] for c in CATEGORIES], dtype=pl.Utf8).gather(category)
    rank = np.floor(PRODUCTS_PER_CATEGORY * rng.random(n_items) ** 2.5).astype(np.int64)  # a few bestsellers
    items = pl.DataFrame({
        "order_id": order_id.gather(line_order),
        "line_no": integers(line_no),
        "product_id": codes + "-" + identity.padded(rank + 1, 4),
        "category": labels(tuple(c[0] for c in CATEGORIES), category),
        "quantity": integers(quantity),
        "unit_price": money(unit),
    }).select(ORDER_ITEMS.field_names)

    recent_paid = (status == PAID) & (t >= timeline.last_second - 365)
    net_cny = (amount - np.maximum(refund, 0)) / 100 * CNY_PER_UNIT[currency]
    spend = np.bincount(owner, weights=np.where(recent_paid, net_cny, 0.0), minlength=people.n)
    return OrderBatch(orders, items, amount, status, currency, spend)


def _order_times(rng: np.random.Generator, timeline: Timeline, people: People) -> tuple[np.ndarray, np.ndarray]:
    """Owner and time of every order, in time order."""
    n, last = people.n, timeline.last_second
    active_end = np.minimum(people.churn, last)
    back_start = np.nan_to_num(people.return_start, nan=last)
    back_end = np.minimum(np.nan_to_num(people.return_end, nan=last), last)
    exposure_active = timeline.exposure(timeline.order_cum, people.signup, active_end)
    exposure_back = timeline.exposure(timeline.order_cum, back_start, back_end)

    first_time = people.signup + rng.exponential(4.0, size=n)
    has_first = (rng.random(n) < FIRST_ORDER_SHARE) & (first_time <= last)
    w = people.purchase_weight
    repeat_orders = max(ORDERS_PER_CUSTOMER * n - has_first.sum(), 0.0)
    rate = repeat_orders / max(float((w * (exposure_active + RETURN_RATE_FACTOR * exposure_back)).sum()), 1e-9)
    owner_active = np.repeat(np.arange(n), rng.poisson(rate * w * exposure_active))
    owner_back = np.repeat(np.arange(n), rng.poisson(rate * RETURN_RATE_FACTOR * w * exposure_back))

    owner = np.concatenate([np.flatnonzero(has_first), owner_active, owner_back])
    t = np.concatenate([
        first_time[has_first],
        timeline.sample(rng, timeline.order_cum, people.signup[owner_active], active_end[owner_active], ORDER_HOURS),
        timeline.sample(rng, timeline.order_cum, back_start[owner_back], back_end[owner_back], ORDER_HOURS),
    ])
    chronological = np.argsort(t, kind="stable")
    return owner[chronological], t[chronological]


def _statuses(rng: np.random.Generator, amount: np.ndarray, t: np.ndarray,
              bad_product: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Status and refund in cents (-1 for none): full refunds, a few cancellations, some partial refunds."""
    m = amount.shape[0]
    u = rng.random(m)
    status = np.where(u < CANCELLED_SHARE, CANCELLED, np.where(u < CANCELLED_SHARE + REFUNDED_SHARE, REFUNDED, PAID))
    before_complaint = (bad_product - t >= 0) & (bad_product - t <= REFUND_BEFORE_COMPLAINT_DAYS)
    status = np.where((status == PAID) & before_complaint & (rng.random(m) < REFUND_BEFORE_COMPLAINT_SHARE), REFUNDED, status)
    partial = (status == PAID) & (rng.random(m) < PARTIAL_REFUND_SHARE)
    partial_cents = np.maximum(1, np.floor(amount * rng.uniform(0.05, 0.6, size=m))).astype(np.int64)
    refund = np.where(status == REFUNDED, amount, np.where(partial, partial_cents, -1))
    return status, refund


def _channels(rng: np.random.Generator, people: People, owner: np.ndarray, value_cny: np.ndarray):
    """Sales channel (mostly the person's usual one), payment method and store id of store orders."""
    m = owner.shape[0]
    usual = rng.choice(len(SALES_CHANNELS), size=people.n, p=weights(SALES_CHANNEL_WEIGHTS))
    other = rng.choice(len(SALES_CHANNELS), size=m, p=weights(SALES_CHANNEL_WEIGHTS))
    channel = np.where(rng.random(m) < 0.6, usual[owner], other)
    in_store = channel == STORE
    payment = np.where(in_store, rng.choice(len(PAYMENT_METHODS), size=m, p=weights(STORE_PAYMENT)),
                       rng.choice(len(PAYMENT_METHODS), size=m, p=weights(ONLINE_PAYMENT)))
    bank = PAYMENT_METHODS.index("bank_transfer")
    payment = np.where(~in_store & (value_cny > LARGE_ORDER_CNY) & (rng.random(m) < 0.4), bank, payment)
    city_code = pl.Series([c[2] for c in CITIES], dtype=pl.Utf8).gather(people.city[owner])
    store = "ST-" + city_code + "-" + identity.padded(rng.integers(1, STORES_PER_CITY + 1, size=m), 2)
    return channel, payment, where(in_store, store)
