"""Service desk interactions, and the experience they leave behind.

Contacts are simulated first (kind, category, delays); the bad experiences among them (complaints,
slow or reopened tickets, low ratings) set when each person first got annoyed, which later makes them
churn sooner, answer surveys as detractors and post negatively. Only then are the rows written out,
with the identity the desk happened to record (customer id, or only a phone, e-mail or handle).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from pipelines.generate import identity, text
from pipelines.generate.columns import categorical, choose, integers, labels, where
from pipelines.generate.customers import People
from pipelines.generate.timeline import SERVICE_HOURS, Timeline, local_timestamp
from pipelines.generate.vocab import AGENTS_PER_DEPARTMENT, CATEGORIES as CATEGORY_NAMES, DEPARTMENTS, ROUTING
from pipelines.generate.world import World
from pipelines.generate.sources import INTERACTIONS
from pipelines.sources.canonical import INTERACTION_CATEGORIES as CATEGORIES
from pipelines.sources.canonical import INTERACTION_CHANNELS as CHANNELS
from pipelines.sources.canonical import INTERACTION_KINDS as KINDS
from pipelines.sources.canonical import INTERACTION_STATUSES as STATUSES

# Contacts drawn per customer before churn cuts some short; about 3 per customer remain.
CONTACTS_PER_CUSTOMER = 3.95
STRANGER_SHARE = 0.04  # contacts from people who are not (yet) customers
REOPENED_OPEN_DAYS = 30  # a reopened ticket is resolved again within this many days
IMPOSSIBLE_SHARE = 0.005  # resolved before opened: allowed by the contract, flagged by the marts

INQUIRY, COMPLAINT, REQUIREMENT, CALLBACK, VISIT = (
    KINDS.index(k) for k in ("inquiry", "complaint", "requirement", "callback", "visit"))
PHONE, ONLINE_CHAT, EMAIL, WECHAT, STORE_VISIT = (
    CHANNELS.index(c) for c in ("phone", "online_chat", "email", "wechat", "store_visit"))
_CATEGORY = {c: i for i, c in enumerate(CATEGORIES)}

# Share of the kinds other than complaint (complaints depend on the person's fussiness).
OTHER_KIND_WEIGHTS = {INQUIRY: 0.45, REQUIREMENT: 0.2, CALLBACK: 0.2, VISIT: 0.15}
# Category mix per kind; columns in interactions.CATEGORIES order
# (product_quality, delivery, price, service_attitude, billing, account, other).
CATEGORY_BY_KIND = np.array([
    [0.20, 0.20, 0.20, 0.02, 0.10, 0.15, 0.13],  # inquiry
    [0.30, 0.25, 0.08, 0.15, 0.10, 0.05, 0.07],  # complaint
    [0.15, 0.20, 0.05, 0.02, 0.25, 0.20, 0.13],  # requirement
    [0.30, 0.25, 0.10, 0.15, 0.10, 0.03, 0.07],  # callback
    [0.40, 0.02, 0.15, 0.03, 0.05, 0.05, 0.30],  # visit
])
# Channel mix of inquiries, complaints and requirements (callbacks are calls, visits are store visits).
CHANNEL_WEIGHTS = np.array([0.30, 0.30, 0.12, 0.20, 0.08])
FIRST_RESPONSE_MEDIAN_HOURS = np.array([0.02, 0.08, 2.5, 0.25, 0.05])  # per channel
RESOLUTION_MEDIAN_HOURS = np.array([1.5, 8.0, 18.0, 0.3, 0.5])  # per kind, after the first response
FOLLOW_UP_SHARE = np.array([0.08, 0.75, 0.3, 0.02, 0.05])  # per kind
# Who the desk records, per channel (CHANNELS order): customer id, phone, e-mail, social handle.
RECORDS_PHONE = np.array([1.0, 0.2, 0.05, 0.3, 0.6])
RECORDS_EMAIL = np.array([0.05, 0.2, 1.0, 0.02, 0.05])
RECORDS_HANDLE = np.array([0.0, 0.15, 0.0, 0.7, 0.0])

_ISSUES = text.nested_bank(text.SERVICE, text.LANGS, CATEGORIES, text.MOODS)
_NOTES = text.nested_bank(text.SERVICE_NOTES, text.LANGS, ("callback", "visit"), text.MOODS)
_OPENERS = text.nested_bank(text.SERVICE_OPENERS, text.LANGS, KINDS)
_CLOSERS = text.nested_bank(text.SERVICE_CLOSERS, text.LANGS, KINDS)


@dataclass
class Contacts:
    """One row per interaction (people and strangers); delays in hours."""

    owner: np.ndarray  # local person index, -1 for a stranger
    opened: np.ndarray
    kind: np.ndarray
    channel: np.ndarray
    category: np.ndarray
    first_delay: np.ndarray
    resolve_delay: np.ndarray  # from opening
    follow_delay: np.ndarray  # from resolution, NaN without follow-up
    reopened: np.ndarray
    satisfaction: np.ndarray  # NaN when not rated
    impossible: np.ndarray

    def subset(self, keep: np.ndarray) -> Contacts:
        return Contacts(**{name: value[keep] for name, value in vars(self).items()})


@dataclass
class Experience:
    """When each person first had a bad product (or delivery) and a bad service experience; inf if never."""

    bad_product: np.ndarray
    bad_service: np.ndarray

    @property
    def bad_since(self) -> np.ndarray:
        return np.minimum(self.bad_product, self.bad_service)

    def recent(self, owner: np.ndarray, t: np.ndarray, days: float) -> tuple[np.ndarray, np.ndarray]:
        """Whether the owner's bad product / service experience happened in the ``days`` before t."""
        product_age = t - self.bad_product[owner]
        service_age = t - self.bad_service[owner]
        return (product_age >= 0) & (product_age <= days), (service_age >= 0) & (service_age <= days)


def simulate_contacts(rng: np.random.Generator, timeline: Timeline, people: People) -> Contacts:
    n = people.n
    until = np.minimum(people.lifetime_end + 30, timeline.last_second)
    weight = rng.gamma(1.2, 1 / 1.2, size=n) * np.sqrt(people.fussiness)
    exposure = timeline.exposure(timeline.service_cum, people.signup, until)
    rate = CONTACTS_PER_CUSTOMER * (1 - STRANGER_SHARE) * n / max(float((weight * exposure).sum()), 1e-9)
    owner = np.repeat(np.arange(n), rng.poisson(rate * weight * exposure))
    opened = timeline.sample(rng, timeline.service_cum, people.signup[owner], until[owner], SERVICE_HOURS)
    n_strangers = rng.poisson(CONTACTS_PER_CUSTOMER * STRANGER_SHARE * n)
    stranger_opened = timeline.sample(rng, timeline.service_cum, np.zeros(n_strangers),
                                      np.full(n_strangers, timeline.last_second), SERVICE_HOURS)
    owner = np.concatenate([owner, np.full(n_strangers, -1)])
    opened = np.concatenate([opened, stranger_opened])
    return describe_contacts(rng, people, owner, opened)


def describe_contacts(rng: np.random.Generator, people: People, owner: np.ndarray, opened: np.ndarray) -> Contacts:
    """Kind, channel, category, delays and rating of contacts by ``owner`` (-1: a stranger) opened at ``opened``."""
    m = owner.shape[0]
    is_person = owner >= 0
    person = np.where(is_person, owner, 0)

    complaint_p = np.where(is_person, np.clip(0.16 * people.fussiness[person], 0.02, 0.6), 0.1)
    others = np.array(list(OTHER_KIND_WEIGHTS))
    other_kind = others[rng.choice(len(others), size=m, p=np.array(list(OTHER_KIND_WEIGHTS.values())))]
    kind = np.where(rng.random(m) < complaint_p, COMPLAINT, other_kind)
    kind = np.where(~is_person & (kind >= CALLBACK), INQUIRY, kind)  # nobody calls strangers back
    category = categorical(rng, CATEGORY_BY_KIND[kind])
    channel = np.where(kind == VISIT, STORE_VISIT,
                       np.where(kind == CALLBACK, PHONE, rng.choice(len(CHANNELS), size=m, p=CHANNEL_WEIGHTS)))

    slow_tail = np.where(rng.random(m) < 0.07, rng.lognormal(np.log(12.0), 0.8, size=m), 1.0)
    first_delay = rng.lognormal(np.log(FIRST_RESPONSE_MEDIAN_HOURS[channel]), 1.0) * slow_tail
    first_delay = np.where(kind == CALLBACK, 0.0, first_delay)  # the desk placed the call
    harder = np.isin(category, [_CATEGORY["delivery"], _CATEGORY["billing"]])
    long_tail = np.where(rng.random(m) < 0.06, rng.lognormal(np.log(8.0), 0.7, size=m), 1.0)
    work = rng.lognormal(np.log(RESOLUTION_MEDIAN_HOURS[kind]), 1.1) * np.where(harder, 1.5, 1.0) * long_tail
    resolve_delay = first_delay + work
    follow_delay = np.where(rng.random(m) < FOLLOW_UP_SHARE[kind], rng.lognormal(np.log(8.0), 1.0, size=m), np.nan)
    reopened = rng.random(m) < np.where(kind == COMPLAINT, 0.06, 0.015)

    mood = np.where(is_person, people.mood[person], 0.0)
    latent = (4.4 + 0.5 * mood - 1.3 * (kind == COMPLAINT) - 0.9 * (first_delay > 1) - 0.9 * (resolve_delay > 24)
              - 1.5 * reopened + rng.normal(0, 0.7, size=m))
    satisfaction = np.where(rng.random(m) < 0.6, np.clip(np.round(latent), 1, 5), np.nan)
    return Contacts(owner, opened, kind, channel, category, first_delay, resolve_delay, follow_delay, reopened,
                    satisfaction, rng.random(m) < IMPOSSIBLE_SHARE)


def experience_of(contacts: Contacts, n_people: int) -> Experience:
    """First bad product and first bad service experience per person."""
    c = contacts
    complaint = c.kind == COMPLAINT
    about_goods = np.isin(c.category, [_CATEGORY["product_quality"], _CATEGORY["delivery"]])
    bad_product = complaint & about_goods
    bad_service = ((complaint & ~about_goods & (c.category != _CATEGORY["other"])) | (c.first_delay > 8)
                   | (c.resolve_delay > 72) | c.reopened | (c.satisfaction <= 2))
    return Experience(_first_time(c, bad_product, n_people), _first_time(c, bad_service, n_people))


def _first_time(c: Contacts, event: np.ndarray, n_people: int) -> np.ndarray:
    first = np.full(n_people, np.inf)
    mask = event & (c.owner >= 0)
    np.minimum.at(first, c.owner[mask], c.opened[mask])
    return first


def interactions(rng: np.random.Generator, world: World, people: People, contacts: Contacts, chunk_no: int,
                 first_number: int) -> tuple[pl.DataFrame, np.ndarray]:
    """The service desk export, and which people had their social handle recorded in it."""
    timeline = world.timeline
    c = contacts.subset(np.argsort(contacts.opened, kind="stable"))
    m = c.owner.shape[0]
    last = timeline.last_second
    is_person = c.owner >= 0
    person = np.where(is_person, c.owner, 0)

    first = c.opened + c.first_delay / 24
    resolved = c.opened + c.resolve_delay / 24
    followed = resolved + c.follow_delay / 24
    first_ok, resolved_ok = first <= last, resolved <= last
    followed_ok = resolved_ok & (followed <= last)  # NaN compares False
    closed = followed_ok | ((resolved < last - 7) & (rng.random(m) < 0.7))
    # A reopened ticket is worked again: it is still open only when it was reopened lately.
    still_reopened = c.reopened & (resolved >= last - REOPENED_OPEN_DAYS)
    status = np.where(~resolved_ok, np.where(first_ok, STATUSES.index("in_progress"), STATUSES.index("open")),
                      np.where(still_reopened, STATUSES.index("reopened"),
                               np.where(closed, STATUSES.index("closed"), STATUSES.index("resolved"))))
    shown_resolved = np.where(c.impossible, c.opened - rng.uniform(0.5, 48, size=m) / 24, resolved)
    rated = resolved_ok & ~np.isnan(c.satisfaction)

    department = np.where(c.kind == VISIT, DEPARTMENTS.index("store_ops"),
                          np.array([DEPARTMENTS.index(ROUTING[cat]) for cat in CATEGORIES])[c.category])
    generic = (c.kind == CALLBACK) | ((c.kind == INQUIRY) & (rng.random(m) < 0.7))
    department = np.where(generic, DEPARTMENTS.index("customer_service"), department)
    # Some agents carry far more tickets than others.
    desk = (AGENTS_PER_DEPARTMENT * rng.random(m) ** 1.5).astype(np.int64)
    agent = world.agents.gather(department * AGENTS_PER_DEPARTMENT + desk)

    has_handle = is_person & (people.handle_platform[person] >= 0)
    rec_id = is_person & (rng.random(m) >= world.unlinked_share)
    rec_phone = rng.random(m) < RECORDS_PHONE[c.channel]
    rec_email = rng.random(m) < RECORDS_EMAIL[c.channel]
    rec_handle = has_handle & (rng.random(m) < RECORDS_HANDLE[c.channel])
    nothing = ~(rec_id | rec_phone | rec_email | rec_handle)
    rec_email |= nothing & (c.channel == EMAIL)
    rec_phone |= nothing & (c.channel != EMAIL)

    stranger = identity.strangers(chunk_no, identity.SERVICE_STRANGERS, np.maximum(np.cumsum(~is_person) - 1, 0))
    phone = choose(is_person, people.phone.gather(person), identity.mobile_numbers(stranger)).alias("phone")
    stranger_email = pl.Series(identity.scramble(stranger, salt=3)).cast(pl.Utf8) + "@163.com"
    email = choose(is_person, people.email.gather(person), stranger_email).alias("email")

    handles_written = np.zeros(people.n, dtype=bool)
    handles_written[c.owner[rec_handle]] = True

    frame = pl.DataFrame({
        "interaction_id": "IX" + identity.padded(first_number + np.arange(m), 9),
        "customer_id": where(rec_id, people.customer_id.gather(person)),
        "phone": where(rec_phone, identity.present_phones(rng, phone, clean_share=0.4)),
        "email": where(rec_email, identity.present_emails(rng, email, clean_share=0.5)),
        "social_handle": where(rec_handle, people.handle.gather(person)),
        "channel": labels(CHANNELS, c.channel),
        "kind": labels(KINDS, c.kind),
        "category": labels(CATEGORIES, c.category),
        "opened_at": local_timestamp(timeline, c.opened),
        "first_response_at": local_timestamp(timeline, first, first_ok),
        "resolved_at": local_timestamp(timeline, shown_resolved, resolved_ok),
        "followed_up_at": local_timestamp(timeline, followed, followed_ok),
        "status": labels(STATUSES, status),
        "agent": where(first_ok, agent),
        "department": labels(DEPARTMENTS, department),
        "satisfaction": where(rated, integers(np.nan_to_num(c.satisfaction))),
        "text": _texts(rng, people, c, is_person, person),
        "responded_timely": pl.repeat(None, m, dtype=pl.Utf8, eager=True),  # the desk records response times
    })
    return frame.select(INTERACTIONS.field_names), handles_written


def _texts(rng: np.random.Generator, people: People, c: Contacts, is_person: np.ndarray, person: np.ndarray) -> pl.Series:
    m = c.owner.shape[0]
    lang = np.where(is_person, people.writes_english[person], rng.random(m) < 0.05).astype(np.int64)
    sat = np.nan_to_num(c.satisfaction, nan=3.0)
    told = np.where(sat >= 4, 0, np.where(sat <= 2, 2, 1))  # text.MOODS codes
    mood = np.where(c.kind == COMPLAINT, 2, np.where((c.kind == CALLBACK) | (c.kind == VISIT), told, 1))
    goods = np.where(is_person, people.favourite[person], rng.integers(len(CATEGORY_NAMES), size=m))
    noted = (c.kind == CALLBACK) | (c.kind == VISIT)  # written by the desk, not by the customer
    template = choose(noted, _NOTES.pick(rng, lang, (c.kind == VISIT).astype(np.int64), mood),
                      _ISSUES.pick(rng, lang, c.category, mood))
    body = text.fill_items(rng, template, lang, goods)
    return (_OPENERS.pick(rng, lang, c.kind) + body + _CLOSERS.pick(rng, lang, c.kind)).alias("text")
